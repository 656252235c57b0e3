#!/usr/bin/env bash
# FHIR (docs/fhir.md) through the command line: the Questionnaire exported for each shipped rule
# set against its golden file, every QuestionnaireResponse error case against its golden message,
# and a response read exactly as the same answers as plain JSON. SIGNPOST_UPDATE_GOLDEN=1 rewrites
# the golden files. Structural FHIR validation is tests/fhir/validate.mjs (needs node_modules).
set -u
SP=$(realpath "${1:?usage: fhir_test.sh path/to/signpost}")
G=tests/golden/fhir
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/../expect.sh"   # expect NAME EXIT_CODE PATTERN -- command...
golden() {  # golden NAME ACTUAL_FILE GOLDEN_FILE
  if [ "${SIGNPOST_UPDATE_GOLDEN:-}" = 1 ]; then cp "$2" "$3"; fi
  if cmp -s "$2" "$3"; then echo "ok   $1"; pass=$((pass + 1)); else echo "FAIL $1"; diff "$3" "$2" | head -20; fail=$((fail + 1)); fi
}

# The export of every shipped rule set (common.signpost only shares scales and sources).
for rules in rules/*.signpost; do
  name=$(basename "$rules" .signpost)
  [ "$name" = common ] && continue
  "$SP" export --format fhir "$rules" -o "$tmp/$name.json" || { echo "FAIL export $name"; fail=$((fail + 1)); continue; }
  golden "export $name" "$tmp/$name.json" "$G/export/$name.json"
done
# The functions of one value and `if` as FHIRPath (tests/fhir/functions.signpost).
"$SP" export --format fhir tests/fhir/functions.signpost -o "$tmp/functions.json"
golden "export functions (if, round, floor, ceil, points)" "$tmp/functions.json" "$G/export/functions.json"
# Round trip: export -> import -> check -> export gives the same questions, scales and skip logic.
for rules in rules/*.signpost; do
  name=$(basename "$rules" .signpost)
  [ "$name" = common ] && continue
  "$SP" import --from fhir "$G/export/$name.json" -o "$tmp/$name.signpost" 2>/dev/null
  expect "round trip $name: the imported skeleton checks" 0 "ok" -- "$SP" check "$tmp/$name.signpost"
  "$SP" export --format fhir "$tmp/$name.signpost" -o "$tmp/$name.again.json"
  expect "round trip $name: the same questions, options, points and skip logic" 0 " 0 differences" -- \
    /usr/bin/python3 tests/fhir/round_trip.py "$G/export/$name.json" "$tmp/$name.again.json"
done
expect "import refuses what is not a Questionnaire" 1 "is not a FHIR Questionnaire" -- \
  "$SP" import --from fhir "$G/response/F003-unknown-linkid.json"

expect "a library is not exported" 1 "only shares scales and sources" -- "$SP" export --format fhir rules/common.signpost
expect "another format is a usage error" 2 "" -- "$SP" export --format csv rules/self-check.signpost

# A response is the same answers: the same result, byte for byte.
python3=/usr/bin/python3
"$python3" tests/fhir/to_response.py "$G/export/self-check.json" rules/examples/self-check-answers.json >"$tmp/qr.json"
"$SP" eval rules/self-check.signpost -a rules/examples/self-check-answers.json >"$tmp/plain.json"
expect "a QuestionnaireResponse evaluates" 0 "" -- "$SP" eval rules/self-check.signpost -a "$tmp/qr.json" -o "$tmp/fhir.json"
if cmp -s "$tmp/fhir.json" "$tmp/plain.json"; then echo "ok   the response gives the plain answers' result"; pass=$((pass + 1))
else echo "FAIL the response gives another result than the plain answers"; diff "$tmp/plain.json" "$tmp/fhir.json" | head; fail=$((fail + 1)); fi
expect "a response from stdin" 0 "" -- sh -c "\"$SP\" eval rules/self-check.signpost -a - < $tmp/qr.json | cmp - $tmp/plain.json"

# The result as FHIR: a Bundle with a GuidanceResponse, a RequestGroup and an Observation per value.
"$SP" eval rules/self-check.signpost -a rules/examples/self-check-answers.json -f fhir -o "$tmp/bundle.json"
golden "eval --format fhir" "$tmp/bundle.json" "$G/result/self-check.json"
expect "eval --format fhir with invalid answers lists the errors" 1 "F005" -- \
  "$SP" eval rules/self-check.signpost -a "$G/response/F005-not-an-option.json" -f fhir

# A deployment's own base (export --base-url): the response still answers this questionnaire.
expect "export --base-url" 0 '"url": "https://clinic.example.net/forms/Questionnaire/intimacy-self-check"' -- \
  "$SP" export --format fhir rules/self-check.signpost --base-url https://clinic.example.net/forms/
sed 's|https://signpost.example.org/fhir|https://clinic.example.net/forms|g' "$tmp/qr.json" >"$tmp/qr-base.json"
expect "a response under another base reads the same" 0 "" -- sh -c "\"$SP\" eval rules/self-check.signpost -a $tmp/qr-base.json | cmp - $tmp/plain.json"

# Each error case: its exit code and every message, with the FHIR path, linkId and what is allowed.
for qr in "$G"/response/*.json; do
  name=$(basename "$qr" .json)
  { "$SP" eval rules/self-check.signpost -a "$qr" >/dev/null 2>"$tmp/err"; echo "exit $?"; cat "$tmp/err"; } >"$tmp/$name.out"
  golden "response $name" "$tmp/$name.out" "$G/response/$name.out"
done

# docs/fhir.md: every `signpost` command of its sh blocks, with the exit code after `# ->`
# (run in a scratch folder that sees rules/ and tests/, so outputs land there).
mkdir "$tmp/docs" && ln -s "$PWD/rules" "$tmp/docs/rules" && ln -s "$PWD/tests" "$tmp/docs/tests"
while IFS= read -r line; do
  code=$(sed -n 's/.*# -> \([0-9]\).*/\1/p' <<<"$line")
  cmd=${line%%#*}
  cmd=$(sed "s/ *$//" <<<"$cmd")
  expect "docs/fhir.md: $cmd" "$code" "" -- sh -c "cd '$tmp/docs' && \"$SP\" ${cmd#signpost }"
done < <(awk '/^```sh/{on=1; next} /^```/{on=0} on && /^signpost .*# -> [0-9]/' docs/fhir.md)

expect "docs/fhir.md shows the errors as signpost writes them" 0 "" -- sh -c \
  "grep '^error\[' $G/response/several-errors-at-once.out | while IFS= read -r l; do grep -qxF \"\$l\" docs/fhir.md || { echo \"missing: \$l\"; exit 1; }; done"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
