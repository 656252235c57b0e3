"""editors/: the TextMate grammar is valid JSON, every regular expression in it compiles, and
every keyword of the language is highlighted.

Usage: /usr/bin/python3 tests/tools/editors_test.py   (from the source directory)
The keywords come from tests/fuzz/signpost.dict (`kw_*`), the list the fuzzer also uses. Python's
`re` reads the grammar's expressions: they keep to the part of Oniguruma's syntax both share.
"""
import json
import re
import sys

failures = []
grammar = json.load(open("editors/signpost.tmLanguage.json", encoding="utf-8"))
for name in ("package.json", "language-configuration.json"):
    json.load(open("editors/" + name, encoding="utf-8"))
package = json.load(open("editors/package.json", encoding="utf-8"))
assert package["contributes"]["grammars"][0]["scopeName"] == grammar["scopeName"], "package.json names another scope"
config = json.load(open("editors/language-configuration.json", encoding="utf-8"))
assert config["comments"]["lineComment"] == "#"

# every rule, with every regex compiled
rules = []
def walk(node, where):
    if isinstance(node, dict):
        for key in ("match", "begin", "end"):
            if key in node:
                try:
                    re.compile(node[key])
                except re.error as e:
                    failures.append(f"{where}.{key}: {e}")
        if "match" in node and "name" in node:
            rules.append(node)
        for k, v in node.items():
            walk(v, f"{where}.{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            walk(v, f"{where}[{i}]")
walk(grammar, "grammar")
for ref in re.findall(r'"include": "#([^"]+)"', json.dumps(grammar)):
    if ref not in grammar["repository"]:
        failures.append(f"include #{ref} names no repository entry")

keywords = re.findall(r'^kw_[a-z_]+="([a-z_]+)"', open("tests/fuzz/signpost.dict", encoding="utf-8").read(), re.M)
assert len(keywords) > 50, "the dictionary lists too few keywords"
def highlighted(word):
    for rule in rules:
        if rule["name"].startswith("variable."):
            continue  # plain names
        for text in (word, word + "(x)"):  # aggregates are highlighted before their parenthesis
            m = re.match(rule["match"], text)
            if m and m.end() == len(word):
                return rule["name"]
    return None
for w in keywords:
    if not highlighted(w):
        failures.append(f"keyword '{w}' is not highlighted")
# names that merely contain a keyword are not
for w in ("items", "answered_all", "summary", "notable", "yes_count"):
    if highlighted(w):
        failures.append(f"name '{w}' is highlighted as {highlighted(w)}")

for f in failures:
    print("FAIL", f)
print(f"{len(keywords)} keywords checked, {len(rules)} rules, {len(failures)} failure(s)")
sys.exit(1 if failures else 0)
