#!/usr/bin/env bash
# REDCap exports and declared input conventions through `signpost batch` and `signpost import`,
# with the study in tests/data/redcap (a data dictionary, a raw and a label export of the same
# answers over two events, checkbox fields, branching logic and missing-data codes).
set -u
SP=${1:?usage: redcap_test.sh path/to/signpost}
D=tests/data/redcap
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/expect.sh"   # expect NAME EXIT_CODE PATTERN -- command...
same() {  # same NAME FILE_A FILE_B
  if cmp -s "$2" "$3"; then echo "ok   $1"; pass=$((pass + 1)); else echo "FAIL $1"; diff "$2" "$3" | head -10; fail=$((fail + 1)); fi
}

RULES=$D/study.signpost
expect "study compiles and its examples pass" 0 "ok" -- "$SP" test "$RULES"

# Without conventions: every unknown column at once, each with what to do.
expect "unknown columns all listed" 1 "column 'redcap_event_name'.*" -- "$SP" batch "$RULES" -i $D/export_raw.csv
out=$("$SP" batch "$RULES" -i $D/export_raw.csv 2>&1)
n=$(grep -c "A001" <<<"$out")
if [ "$n" -ge 10 ]; then echo "ok   all $n unknown columns in one run"; pass=$((pass + 1)); else echo "FAIL only $n unknown columns listed"; echo "$out"; fail=$((fail + 1)); fi

# The silent shift the issue is about: a 0-3 scale read from 1-4 codes is refused, naming the column.
expect "1-based codes refused" 1 "column 'sleep_trouble': its REDCap codes are ambiguous" -- \
  "$SP" batch "$RULES" -i $D/export_raw.csv --redcap raw --missing UNK,-99 --keep initials,visit_date
expect "the refusal says how to declare" 1 "--codes frequency=1" -- \
  "$SP" batch "$RULES" -i $D/export_raw.csv --redcap raw --missing UNK,-99 --keep initials,visit_date

# Declared: raw codes and labels give the same results.
expect "raw export, codes declared" 0 "" -- "$SP" batch "$RULES" -i $D/export_raw.csv -o "$tmp/raw.csv" \
  --redcap raw --codes frequency=1 --missing UNK,-99 --keep initials,visit_date
expect "label export" 0 "" -- "$SP" batch "$RULES" -i $D/export_labels.csv -o "$tmp/labels.csv" \
  --redcap labels --missing UNK,-99 --keep initials,visit_date
# REDCap's own columns differ (codes or labels: baseline_arm_1 or "Baseline (Arm 1: Study)"); the rest may not.
cut -d, -f1,3,6,9- "$tmp/raw.csv" >"$tmp/raw-no-event.csv"
cut -d, -f1,3,6,9- "$tmp/labels.csv" >"$tmp/labels-no-event.csv"
same "raw and label exports give the same results" "$tmp/raw-no-event.csv" "$tmp/labels-no-event.csv"
same "raw export: the expected results" "$D/expected.csv" "$tmp/raw.csv"
expect "metadata passed through first" 0 "^record_id,redcap_event_name,initials,enrolment_complete" -- head -1 "$tmp/raw.csv"
expect "a label in a raw-coded column still reads" 0 "" -- sh -c \
  "sed 's/^1002,baseline_arm_1,CD,-99,0,1,1,/1002,baseline_arm_1,CD,-99,No,1,never,/' $D/export_raw.csv > $tmp/mixed.csv &&
   \"$SP\" batch $RULES -i $tmp/mixed.csv -o $tmp/mixed-out.csv --redcap raw --codes frequency=1 --missing UNK,-99 --keep initials,visit_date &&
   cmp $tmp/mixed-out.csv $tmp/raw.csv"
expect "a number in a label export is refused" 1 "is a number, but a REDCap label export" -- sh -c \
  "sed 's/,Often,Sometimes,Never,6,/,3,Sometimes,Never,6,/' $D/export_labels.csv > $tmp/bad.csv &&
   \"$SP\" batch $RULES -i $tmp/bad.csv --redcap labels --missing UNK,-99 --keep initials,visit_date"
expect "a missing code not declared is an error" 1 "'age': -99 is out of range" -- \
  "$SP" batch "$RULES" -i $D/export_raw.csv --redcap raw --codes frequency=1 --keep initials,visit_date
expect "a bad checkbox cell" 1 "neither checked nor unchecked" -- sh -c \
  "sed 's/^1001,baseline_arm_1,AB,34,1,2,3,2,1,6,2,1,/1001,baseline_arm_1,AB,34,1,2,3,2,1,6,2,maybe,/' $D/export_raw.csv > $tmp/cb.csv &&
   \"$SP\" batch $RULES -i $tmp/cb.csv --redcap raw --codes frequency=1 --missing UNK,-99 --keep initials,visit_date"
expect "--codes for no scale" 1 "A021" -- "$SP" batch "$RULES" -i $D/export_raw.csv --redcap raw --codes nosuch=1 \
  --missing UNK,-99 --keep initials,visit_date
expect "--codes malformed" 2 "SCALE=FIRST_CODE" -- "$SP" batch "$RULES" -i $D/export_raw.csv --codes frequency
echo '{}' >"$tmp/x.ndjson"
expect "conventions need CSV" 2 "apply to CSV" -- "$SP" batch "$RULES" -i "$tmp/x.ndjson" --missing UNK

# Plain CSV (no REDCap): labels in any case, numbers in text, missing codes, kept columns.
printf 'pid,sleep_trouble,worry,irritable,safe_now,site\np1,Often,ALMOST ALWAYS,0,Yes,a\np2,-99,2, never ,no,b\n' >"$tmp/plain.csv"
expect "plain CSV with conventions" 0 "^pid,site," -- "$SP" batch "$RULES" -i "$tmp/plain.csv" --id pid --keep site --missing -99
expect "plain CSV: values" 0 "^p1,a,5,2,medium," -- "$SP" batch "$RULES" -i "$tmp/plain.csv" --id pid --keep site --missing -99

# The importer: a skeleton that compiles, and reads the raw export as it is (codes = numbers).
expect "import writes a skeleton" 0 "items" -- "$SP" import --from redcap $D/DataDictionary.csv -o "$tmp/skeleton.signpost"
expect "skeleton: scales carry the codes" 0 "never = 1 \"Never\"" -- cat "$tmp/skeleton.signpost"
expect "skeleton: checkbox -> multiple" 0 "scale who_helps_choices: multiple" -- cat "$tmp/skeleton.signpost"
expect "skeleton: branching -> ask when" 0 "ask when partner == yes" -- cat "$tmp/skeleton.signpost"
expect "skeleton: checkbox branching" 0 "ask when \(who_helps includes professional\)" -- cat "$tmp/skeleton.signpost"
expect "skeleton: calc -> let" 0 "let wellbeing_total = \(sleep_trouble \+ worry \+ irritable\)" -- cat "$tmp/skeleton.signpost"
expect "skeleton: sections from forms and headers" 0 "section wellbeing_over_the_last_two_weeks_how_ofte \"Over the last two weeks" -- cat "$tmp/skeleton.signpost"
expect "skeleton compiles" 0 "ok" -- "$SP" check "$tmp/skeleton.signpost"
expect "skeleton reads the raw export" 1 "rows skipped" -- "$SP" batch "$tmp/skeleton.signpost" -i $D/export_raw.csv \
  --redcap raw --missing UNK,-99 --keep initials,visit_date --skip-invalid -o "$tmp/sk.csv"
expect "import: not a dictionary" 1 "not a REDCap data dictionary" -- "$SP" import --from redcap $D/export_raw.csv
expect "import --help" 0 "Example" -- "$SP" import --help

# Sharding across machines (docs/research.md): shards give exactly the rows of one run.
for k in 1 2 3 4 5 6; do tail -n +2 $D/export_raw.csv; done >"$tmp/body.csv"
(head -1 $D/export_raw.csv; cat "$tmp/body.csv") >"$tmp/big.csv"
OPTS=(--redcap raw --codes frequency=1 --missing UNK,-99 --keep initials,visit_date)
"$SP" batch "$RULES" -i "$tmp/big.csv" -o "$tmp/whole.csv" "${OPTS[@]}"
(cd "$tmp" && split -n l/4 -d body.csv part-)
for p in "$tmp"/part-0?; do (head -1 $D/export_raw.csv; cat "$p") >"$p.csv"; "$SP" batch "$RULES" -i "$p.csv" -o "$p.out.csv" "${OPTS[@]}"; done
(head -1 "$tmp/part-00.out.csv"; for f in "$tmp"/part-0?.out.csv; do tail -n +2 "$f"; done) >"$tmp/joined.csv"
same "shards joined = one run" "$tmp/whole.csv" "$tmp/joined.csv"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
