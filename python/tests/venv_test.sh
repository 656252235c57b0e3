#!/usr/bin/env bash
# A fresh venv without system site packages: `pip install --no-build-isolation .` from the
# checkout (no package index), then import, evaluate, pickle, and the clear message about pandas.
# Cost: one Release build of the engine and the module, about 4.5 CPU-minutes (2.5 minutes on 2
# idle cores).
# Usage: venv_test.sh SOURCE_DIR [PYTHON]
set -euo pipefail
unset PYTHONPATH   # nothing from the build tree
SRC=${1:?usage: venv_test.sh SOURCE_DIR [PYTHON]}
PY=${2:-/usr/bin/python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$PY" -m venv "$tmp/venv"                     # no --system-site-packages: no numpy, no pandas
"$tmp/venv/bin/python" -c 'import sys; assert sys.prefix != sys.base_prefix'
if "$tmp/venv/bin/python" -c 'import numpy' 2>/dev/null; then echo "the venv sees numpy: not fresh" >&2; exit 1; fi
start=$(date +%s)
"$tmp/venv/bin/python" -m pip install --no-build-isolation --no-index --no-cache-dir -q "$SRC"
echo "pip install took $(( $(date +%s) - start )) s"
cd "$tmp"   # not the checkout: the installed package, not python/signpost, must be imported
SIGNPOST_SOURCE_DIR=$SRC "$tmp/venv/bin/python" - <<'PYTHON'
import os, pickle, sys
import signpost
assert signpost.__file__.startswith(sys.prefix), signpost.__file__
rules = signpost.load(os.path.join(os.environ["SIGNPOST_SOURCE_DIR"], "rules", "self-check.signpost"))
item = next(i for i in rules.items if i.scale.kind == "options")
result = rules.evaluate({item.id: item.scale.options[-1].id})
assert result.disclaimer, result
assert rules.evaluate_many([{}, {item.id: item.scale.options[0].id}])[1].disclaimer
assert pickle.loads(pickle.dumps(rules)).content_hash == rules.content_hash
try:
    rules.evaluate_frame({item.id: [item.scale.options[0].id]})
except ImportError as error:
    message = str(error)
    assert "pip install pandas" in message and "evaluate and evaluate_many work without them" in message, message
else:
    raise AssertionError("evaluate_frame worked without pandas?")
print("fresh venv: import, evaluate, pickle and the pandas message ok:", signpost.__file__)
PYTHON
