#!/usr/bin/python3
"""Round trip: a rule set exported as a FHIR Questionnaire, imported back (`signpost import
--from fhir`) and exported again, has the same questions: linkId, text, type, required, repeats,
help, sections, answer options with their codes, labels and points, and skip logic.

usage: round_trip.py FIRST_EXPORT.json SECOND_EXPORT.json   (exit 1 with every difference)
"""
import json
import sys


def questions(items, section=None, out=None):
    out = [] if out is None else out
    for it in items:
        if it["type"] == "group":
            questions(it.get("item", []), it["linkId"], out)
        elif it["type"] != "display" and not it.get("readOnly"):
            out.append({
                "linkId": it["linkId"], "section": section, "text": it.get("text"), "type": it["type"],
                "required": it.get("required"), "repeats": it.get("repeats", False),
                "help": [c["text"] for c in it.get("item", []) if c["linkId"].endswith("-help")],
                "options": [(o["valueCoding"]["code"], o["valueCoding"]["display"],
                             [e.get("valueDecimal") for e in o["valueCoding"].get("extension", [])])
                            for o in it.get("answerOption", [])],
                "enableWhen": [{k: (v["code"] if k == "answerCoding" else v) for k, v in c.items()}
                               for c in it.get("enableWhen", [])],
                "enableBehavior": it.get("enableBehavior"),
            })
    return out


def main():
    a, b = (questions(json.load(open(f))["item"]) for f in sys.argv[1:3])
    problems = []
    if [q["linkId"] for q in a] != [q["linkId"] for q in b]:
        problems.append("the questions differ: %s / %s" % ([q["linkId"] for q in a], [q["linkId"] for q in b]))
    for x, y in zip(a, b):
        for k in x:
            if x[k] != y[k]:
                problems.append("%s: %s %r became %r" % (x["linkId"], k, x[k], y[k]))
    for p in problems:
        print("  " + p)
    print("%d questions, %d differences" % (len(a), len(problems)))
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
