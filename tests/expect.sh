# Shared by the shell tests (cli_test.sh, redcap_test.sh): source it, then call expect; read
# $pass and $fail at the end.
pass=0
fail=0

# expect NAME EXIT_CODE PATTERN -- command...   (PATTERN is a grep -E on stdout+stderr; "" = any)
expect() {
  local name=$1 code=$2 pattern=$3
  shift 4
  local out
  out=$("$@" 2>&1)
  local got=$?
  if [ "$got" -ne "$code" ]; then
    echo "FAIL $name: exit $got, expected $code"; echo "$out" | head -20; fail=$((fail + 1)); return
  fi
  if [ -n "$pattern" ] && ! grep -qE -- "$pattern" <<<"$out"; then
    echo "FAIL $name: output does not match /$pattern/"; echo "$out" | head -20; fail=$((fail + 1)); return
  fi
  echo "ok   $name"; pass=$((pass + 1))
}
