#!/bin/sh
# Golden cases for `signpost verify`: tests/golden/verify/<case>/rules.signpost and expected.txt,
# the report with the solver times taken out. SIGNPOST_UPDATE_GOLDEN=1 rewrites expected.txt.
# Usage: tests/verify_golden.sh path/to/signpost   (from the project root)
set -u
bin=$1
status=0
for dir in tests/golden/verify/*/; do
  got=$("$bin" verify "$dir/rules.signpost" 2>&1 | sed -E 's/, [0-9]+ ms\)/)/; s|^tests/golden/verify/[^/]*//*||')
  if [ "${SIGNPOST_UPDATE_GOLDEN:-}" = 1 ]; then
    printf '%s\n' "$got" > "$dir/expected.txt"
  elif ! printf '%s\n' "$got" | diff -u "$dir/expected.txt" -; then
    echo "FAIL $dir"
    status=1
  fi
done
exit $status
