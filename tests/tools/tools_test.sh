#!/usr/bin/env bash
# The authoring tools end to end: `check --format json|sarif|github`, `fmt` (--check, --write,
# refusals), `completion bash|zsh|fish`, and every input path read from a pipe. Under 2 s.
set -u
SP=${1:?usage: tools_test.sh path/to/signpost}
PY=/usr/bin/python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/../expect.sh"

RULES=rules/self-check.signpost
MIXED=tests/golden/check/multiple-errors-and-warnings/rules.signpost
W035=tests/golden/check/W035-divisor-can-be-zero/rules.signpost

# ---- check --format ---------------------------------------------------------------------------
expect "check --format json: ok file" 0 '"errors": 0' -- "$SP" check --format json "$RULES"
expect "check --format json: exit 1 on errors" 1 '"code": "E044"' -- "$SP" check --format json "$MIXED"
expect "check --format json: warnings exit 0" 0 '"severity": "warning"' -- "$SP" check --format json "$W035"
expect "check --format json --strict: warnings exit 1" 1 '"W035"' -- "$SP" check --format json --strict "$W035"
expect "check --format json: unreadable exits 2" 2 '"code": "E050"' -- "$SP" check --format json "$tmp/missing.signpost"
expect "check --format sarif" 1 '"version": "2.1.0"' -- "$SP" check --format sarif "$MIXED"
expect "check --format github" 1 "^::error file=$MIXED,line=32,col=1,endLine=35,endColumn=1,title=E044::safety item" -- "$SP" check --format github "$MIXED"
expect "check --format github: warnings" 0 "^::warning file=.*,title=W035::.*%0Ahint: " -- "$SP" check --format github "$W035"
expect "check --format: unknown format" 2 "" -- "$SP" check --format xml "$RULES"
expect "check --format json --disassemble" 2 "cannot be combined" -- "$SP" check --format json --disassemble "$RULES"
# The JSON shape, as docs/cli.md documents it.
"$SP" check --format json "$MIXED" "$W035" > "$tmp/diag.json"
expect "check --format json: documented shape" 0 "" -- "$PY" - "$tmp/diag.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert list(d) == ["version", "errors", "warnings", "files"], list(d)
assert d["version"] == 1 and d["errors"] == 2 and d["warnings"] == 4, d
for f in d["files"]:
    assert list(f) == ["path", "errors", "warnings", "diagnostics"]
    for g in f["diagnostics"]:
        assert list(g) == ["code", "severity", "message", "hint", "file", "span", "start", "end"], list(g)
        assert g["start"]["line"] <= g["end"]["line"] and g["span"]["begin"] <= g["span"]["end"]
PY
# GitHub's escaping: % and line breaks in the message, and also , and : in properties.
mkdir -p "$tmp/a,b:c"
printf 'assessment x "X" version "1"\ndisclaimer "For information only; this is not a diagnosis at all."\nitem q: yesno "100%% sure?"\n' > "$tmp/a,b:c/r.signpost"
expect "check --format github: escapes , and : in properties" 0 "file=[^,]*a%2Cb%3Ac/r.signpost,line=" -- "$SP" check --format github "$tmp/a,b:c/r.signpost"
expect "check --format github: escapes % everywhere" 2 "^::error file=[^,]*100%25.signpost,title=E050::cannot read '[^']*100%25.signpost'" -- "$SP" check --format github "$tmp/100%.signpost"

# docs/cli.md's examples are this output.
for f in json github; do
  awk -v cmd="\$ signpost check --format $f $W035" '$0 == cmd {on=1; next} on && /^```/ {exit} on {print}' docs/cli.md > "$tmp/doc.$f"
  "$SP" check --format "$f" "$W035" > "$tmp/out.$f"
  expect "docs/cli.md shows the output of check --format $f" 0 "" -- diff "$tmp/doc.$f" "$tmp/out.$f"
done

# ---- fmt ---------------------------------------------------------------------------------------
cp tests/golden/check/W035-divisor-can-be-zero/rules.signpost "$tmp/w.signpost"
printf 'assessment   x "X"   version "1"   # header\n\n\n\ndisclaimer "For information only; this is not a diagnosis."\nlet a=1+2\n' > "$tmp/messy.signpost"
chmod 640 "$tmp/messy.signpost"
expect "fmt prints the formatted file" 0 '^let a = 1 \+ 2$' -- "$SP" fmt "$tmp/messy.signpost"
expect "fmt keeps comments" 0 'version "1"  # header' -- "$SP" fmt "$tmp/messy.signpost"
expect "fmt --check lists an unformatted file" 1 "messy.signpost" -- "$SP" fmt --check "$tmp/messy.signpost"
expect "fmt -w rewrites it" 0 "" -- "$SP" fmt -w "$tmp/messy.signpost"
expect "fmt -w keeps the permissions" 0 "640" -- stat -c %a "$tmp/messy.signpost"
expect "fmt --check passes afterwards" 0 "" -- "$SP" fmt --check "$tmp/messy.signpost"
expect "fmt -w leaves no temporary file" 0 "" -- test "$(ls "$tmp" | grep -c partial)" = 0
expect "fmt reads standard input" 0 '^let a = 1 \+ 2$' -- sh -c "printf 'let a=1+2\n' | '$SP' fmt -"
expect "fmt reads a pipe" 0 '^let a = 1 \+ 2$' -- "$SP" fmt <(printf 'let a=1+2\n')
printf 'item x: yesno "unterminated\n' > "$tmp/bad.signpost"
cp "$tmp/bad.signpost" "$tmp/bad.orig"
expect "fmt refuses a file that does not lex" 1 "E002.*|not formatted" -- "$SP" fmt -w "$tmp/bad.signpost"
expect "fmt leaves a refused file alone" 0 "" -- cmp "$tmp/bad.signpost" "$tmp/bad.orig"
expect "fmt: a missing file exits 2" 2 "cannot read" -- "$SP" fmt "$tmp/nope.signpost"
# shellcheck disable=SC2046  # one argument per file
expect "fmt --check: the shipped rule files are in the canonical layout" 0 "" -- "$SP" fmt --check $(find rules -name '*.signpost' | sort)
expect "fmt --check and --write exclude each other" 2 "" -- "$SP" fmt --check -w "$tmp/w.signpost"

# ---- completion --------------------------------------------------------------------------------
for sh in bash zsh fish; do
  "$SP" completion "$sh" > "$tmp/completion.$sh"
  expect "completion $sh is printed" 0 "signpost" -- cat "$tmp/completion.$sh"
done
expect "completion: unknown shell" 2 "" -- "$SP" completion tcsh
expect "bash parses the bash script" 0 "" -- bash -n "$tmp/completion.bash"
if command -v zsh >/dev/null; then expect "zsh parses the zsh script" 0 "" -- zsh -n "$tmp/completion.zsh"
else echo "skip zsh (not installed)"; fi
if command -v fish >/dev/null; then
  expect "fish parses the fish script" 0 "" -- fish -n "$tmp/completion.fish"
  expect "fish completes check's formats" 0 "^sarif" -- fish -c "source $tmp/completion.fish; complete -C 'signpost check --format '"
else echo "skip fish (not installed)"; fi
complete_bash() {  # complete_bash WORD... : what bash offers for the last word
  bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _signpost; printf "%s\n" "${COMPREPLY[@]}"' _ "$tmp/completion.bash" "$@"
}
expect "bash completes commands" 0 "^fmt$" -- complete_bash signpost f
expect "bash completes options" 0 "^--format$" -- complete_bash signpost check --fo
expect "bash completes option values" 0 "^github$" -- complete_bash signpost check --format g
expect "bash completes shells" 0 "^zsh$" -- complete_bash signpost completion z
# Every command and every option that --help shows is in each script.
commands=$("$SP" --help | awk '/^Subcommands:/ {on=1; next} on && /^  [a-z]/ {print $1}')
expect "--help lists commands" 0 "fmt" -- echo "$commands"
for sh in bash zsh fish; do
  missing=""
  for c in $commands; do
    grep -qw -- "$c" "$tmp/completion.$sh" || missing="$missing $c"
    for o in $("$SP" "$c" --help | grep -oE '^ +(-[a-zA-Z], ?)?--[a-z][a-z-]*' | grep -oE -- '--[a-z][a-z-]*|-[a-zA-Z]\b'); do
      name=${o#-}; name=${name#-}
      case $sh in
        fish) [ "${o:1:1}" = "-" ] && pat=" -l $name( |$)" || pat=" -s $name( |$)" ;;
        *) pat="(^|[^a-z-])$o([^a-z-]|$)" ;;
      esac
      grep -qE -- "$pat" "$tmp/completion.$sh" || missing="$missing $c:$o"
    done
  done
  expect "completion $sh has every command and option of --help" 0 "" -- test -z "$missing"
  [ -n "$missing" ] && echo "  missing from $sh:$missing"
done

# ---- every input path reads a pipe (bounded, as files are) -----------------------------------------
ANSWERS=rules/examples/self-check-answers.json
expect "eval --answers from a pipe" 0 '"answered"' -- "$SP" eval "$RULES" --answers <(cat "$ANSWERS")
expect "eval --answers /dev/stdin" 0 '"answered"' -- sh -c "'$SP' eval '$RULES' --answers /dev/stdin < '$ANSWERS'"
expect "eval --resources from a pipe" 0 '"answered"' -- "$SP" eval "$RULES" --answers "$ANSWERS" --resources <(printf '{"urgent": {"text": "Call someone.", "contacts": []}}')
expect "check a rule file from a pipe" 0 "ok \(" -- "$SP" check <(cat "$W035")
expect "test a rule file from a pipe" 0 "passed" -- "$SP" test <(cat "$W035")
expect "doc a rule file from a pipe" 0 "^# " -- "$SP" doc <(cat "$W035")
expect "batch --input from a pipe" 0 "safety_first" -- "$SP" batch "$RULES" --input <(printf 'unsafe_relationship\nyes\n') --format csv
expect "import --from redcap from a pipe" 0 "^item " -- "$SP" import --from redcap <(cat tests/data/redcap/DataDictionary.csv)
"$SP" export --format fhir "$RULES" > "$tmp/q.json"
expect "import --from fhir from a pipe" 0 "^item " -- "$SP" import --from fhir <(cat "$tmp/q.json")
expect "eval --answers: an endless pipe is refused, not read forever" 1 "A010|too large" -- "$SP" eval "$RULES" --answers <(yes '{}')
expect "import: an endless pipe is refused" 2 "larger than the limit" -- "$SP" import --from redcap <(yes 'variable,form')

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
