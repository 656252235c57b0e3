"""Validates `signpost check --format sarif` against the official SARIF 2.1.0 schema.

Usage: /usr/bin/python3 sarif_validate.py SIGNPOST FILE...   (run from the source directory)
Debian's python3-jsonschema (the schema is draft-04). Beyond the schema, checks what the schema
cannot: every result's rule is declared and described, and each region lies inside its file.
"""
import json
import subprocess
import sys

import jsonschema

signpost, files = sys.argv[1], sys.argv[2:]
with open("tests/data/sarif-schema-2.1.0.json", encoding="utf-8") as f:
    schema = json.load(f)
validator = jsonschema.Draft4Validator(schema)
# the schema is strict enough to catch a broken log (a result without its message)
broken = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "signpost"}}, "results": [{"ruleId": "E010"}]}]}
assert not validator.is_valid(broken), "the SARIF schema accepts a result without a message"
failures = 0
for path in files:
    run = subprocess.run([signpost, "check", "--format", "sarif", path], capture_output=True, text=True)
    if run.returncode not in (0, 1, 2) or not run.stdout:  # 2: an unreadable file, reported in the log
        print(f"FAIL {path}: exit {run.returncode}: {run.stderr}")
        failures += 1
        continue
    log = json.loads(run.stdout)
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    for e in errors:
        print(f"FAIL {path}: {'/'.join(map(str, e.path))}: {e.message}")
    failures += len(errors)
    rules = [r["id"] for r in log["runs"][0]["tool"]["driver"]["rules"]]
    # every code has its meaning from docs/language.md's diagnostics tables
    for r in log["runs"][0]["tool"]["driver"]["rules"]:
        if not r.get("shortDescription", {}).get("text"):
            print(f"FAIL {path}: rule {r['id']} has no shortDescription")
            failures += 1
    for r in log["runs"][0]["results"]:
        if rules[r["ruleIndex"]] != r["ruleId"]:
            print(f"FAIL {path}: result {r['ruleId']} points at rule {rules[r['ruleIndex']]}")
            failures += 1
        region = r["locations"][0]["physicalLocation"].get("region")
        if region and not (1 <= region["startLine"] <= region["endLine"] and region["startColumn"] >= 1):
            print(f"FAIL {path}: bad region {region}")
            failures += 1
    print(f"ok   {path}: {len(log['runs'][0]['results'])} result(s), rules {rules}")
sys.exit(1 if failures else 0)
