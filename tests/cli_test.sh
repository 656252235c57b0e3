#!/usr/bin/env bash
# The signpost command end to end: outputs and exit codes (0 ok, 1 findings, 2 usage/I-O).
set -u
SP=${1:?usage: cli_test.sh path/to/signpost}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/expect.sh"   # expect NAME EXIT_CODE PATTERN -- command...

RULES=rules/self-check.signpost
ANSWERS=rules/examples/self-check-answers.json

expect "version" 0 "^signpost [0-9]+\.[0-9]+\.[0-9]+" -- "$SP" --version
expect "help lists commands" 0 "check.*eval|eval" -- "$SP" --help
expect "help shows exit codes" 0 "Exit codes" -- "$SP" --help
for sub in check eval test doc; do
  expect "$sub --help" 0 "Example" -- "$SP" "$sub" --help
done
expect "no command is a usage error" 2 "" -- "$SP"
expect "unknown option is a usage error" 2 "" -- "$SP" check --bogus "$RULES"
expect "missing file is a usage error" 2 "" -- "$SP" check "$tmp/nope.signpost"

expect "check ok" 0 "ok \(" -- "$SP" check "$RULES"
expect "check --disassemble" 0 "load unsafe_relationship" -- "$SP" check --disassemble "$RULES"

cat > "$tmp/broken.signpost" <<'R'
assessment b "Broken" version "1"
disclaimer "For information only; this is not a diagnosis."
source s "S"
scale f: never = 0 "Never", often = 2 "Often"
item a: frequency "A?" cites s
item b: f "B?" cites s
let n = count(b where answer >= oftn)
guidance g level consider when n >= 1 title "You have PTSD" cites s
R
expect "check reports every error" 1 "broken.signpost:5:9: error\[E012\]" -- "$SP" check "$tmp/broken.signpost"
expect "check shows the caret" 1 "\^~~~~~~~~" -- "$SP" check "$tmp/broken.signpost"
expect "check finds the misspelled option" 1 "did you mean 'often'" -- "$SP" check "$tmp/broken.signpost"
expect "check refuses diagnostic wording" 1 "E042" -- "$SP" check "$tmp/broken.signpost"
expect "check counts errors" 1 "3 error\(s\)" -- "$SP" check "$tmp/broken.signpost"

expect "eval json" 0 '"content_hash": "sha256:' -- "$SP" eval "$RULES" --answers "$ANSWERS"
expect "eval text" 0 "Why you are seeing this" -- "$SP" eval "$RULES" --answers "$ANSWERS" --format text
expect "eval html" 0 "<main>" -- "$SP" eval "$RULES" --answers "$ANSWERS" --format html
R=tests/golden/eval/resources-deployment
expect "eval --resources shows the contacts" 0 "Emergency services: 999" -- "$SP" eval "$R/rules.signpost" --answers "$R/answers.json" --format text --resources "$R/resources.json"
expect "eval without resources: neutral default" 0 "contact your local emergency services" -- "$SP" eval "$R/rules.signpost" --answers "$R/answers.json" --format text
expect "eval bad resources: every problem, exit 2" 2 "R002.*contacts" -- "$SP" eval "$R/rules.signpost" --answers "$R/answers.json" --resources tests/golden/eval/resources-R002-unknown-field/resources.json
expect "doc writes Markdown" 0 "^## Thresholds" -- "$SP" doc "$RULES"
expect "doc names the caveat" 0 "not clinically validated" -- "$SP" doc "$RULES"
expect "doc -o writes the file" 0 "" -- "$SP" doc "$RULES" -o "$tmp/doc.md"
expect "doc output matches the committed report" 0 "" -- cmp "$tmp/doc.md" rules/self-check.md
expect "doc of a library is refused" 1 "only shares scales" -- "$SP" doc rules/common.signpost
expect "eval from stdin" 0 '"guidance"' -- sh -c "\"$SP\" eval \"$RULES\" --answers - < \"$ANSWERS\""
"$SP" eval "$RULES" --answers "$ANSWERS" -o "$tmp/out.json" && \
  expect "eval --output writes the file" 0 '"disclaimer"' -- cat "$tmp/out.json"
a=$("$SP" eval "$RULES" --answers "$ANSWERS"); b=$("$SP" eval "$RULES" --answers "$ANSWERS")
if [ "$a" = "$b" ]; then echo "ok   eval output is byte-identical"; pass=$((pass + 1)); else echo "FAIL eval output differs"; fail=$((fail + 1)); fi

echo '{"hard_to_share_feelings": "oftn", "unknown_item": 1, "flashbacks": 3}' > "$tmp/bad.json"
expect "bad answers exit 1" 1 "/hard_to_share_feelings" -- "$SP" eval "$RULES" --answers "$tmp/bad.json"
expect "bad answers name the allowed values" 1 "allowed: one of never, sometimes, often or almost_always" -- "$SP" eval "$RULES" --answers "$tmp/bad.json"
expect "bad answers are all listed" 1 "/unknown_item" -- "$SP" eval "$RULES" --answers "$tmp/bad.json"
expect "bad answers as json" 1 '"errors"' -- "$SP" eval "$RULES" --answers "$tmp/bad.json" --format json
echo '{not json' > "$tmp/garbage.json"
expect "malformed answers" 1 "A011" -- "$SP" eval "$RULES" --answers "$tmp/garbage.json"
expect "unreadable answers is an I/O error" 2 "cannot read" -- "$SP" eval "$RULES" --answers "$tmp/none.json"
expect "bad format value" 2 "" -- "$SP" eval "$RULES" --answers "$ANSWERS" --format xml

expect "unknown command is a usage error" 2 "unknown command 'explain'" -- "$SP" explain
expect "a directory is not an answers file" 2 "it is a directory" -- "$SP" eval "$RULES" --answers rules
expect "a library cannot be evaluated" 1 "only shares scales and sources" -- "$SP" eval rules/common.signpost --answers "$ANSWERS"
expect "check goes on after a missing file" 2 "self-check.signpost: ok" -- "$SP" check "$tmp/missing.signpost" "$RULES"
expect "check a folder with a library" 0 "shared definitions: 3 scales, 3 sources" -- "$SP" check rules/common.signpost "$RULES"
expect "test skips libraries" 0 "common.signpost: skipped" -- "$SP" test rules/common.signpost "$RULES"
echo '{"unsafe_relationship": "No"}' > "$tmp/case.json"
expect "answer hints ignore case" 1 "did you mean 'no'" -- "$SP" eval "$RULES" --answers "$tmp/case.json"
expect "test passes" 0 "[0-9]+ passed, 0 failed" -- "$SP" test "$RULES"
sed 's/expect few_signs, overall = few/expect few_signs, overall = many/' "$RULES" > "$tmp/failing.signpost"
cp rules/common.signpost "$tmp/"
expect "failing example exits 1" 1 "expected overall = many, but it is few" -- "$SP" test "$tmp/failing.signpost"
expect "failing example names its location" 1 "FAIL  example \"few signs\" \(.*failing.signpost:[0-9]+:1\)" -- "$SP" test "$tmp/failing.signpost"

echo
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
