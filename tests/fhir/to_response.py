#!/usr/bin/python3
"""Writes the QuestionnaireResponse a FHIR form would send for plain signpost answers.

usage: to_response.py QUESTIONNAIRE.json ANSWERS.json > RESPONSE.json

Each answer goes to the item with its linkId, inside the Questionnaire's groups, as
valueBoolean / valueInteger / valueDecimal / valueCoding (one answer per selected option for a
multiple choice); unanswered items are left out, as a form leaves them.
"""
import json
import sys


def answer_values(item, value):
    if item["type"] == "boolean":
        return [{"valueBoolean": value in (True, "yes", "true")}]
    if item["type"] == "integer":
        return [{"valueInteger": int(value)}]
    if item["type"] == "decimal":
        return [{"valueDecimal": value}]
    codings = {o["valueCoding"]["code"]: o["valueCoding"] for o in item["answerOption"]}
    chosen = value if isinstance(value, list) else [value]
    return [{"valueCoding": {k: codings[c][k] for k in ("system", "code", "display")}} for c in chosen]


def response_items(items, answers):
    out = []
    for item in items:
        if item["type"] == "group":
            children = response_items(item.get("item", []), answers)
            if children:
                out.append({"linkId": item["linkId"], "text": item.get("text"), "item": children})
        elif item["type"] != "display" and answers.get(item["linkId"]) is not None:
            out.append({"linkId": item["linkId"], "text": item.get("text"),
                        "answer": answer_values(item, answers[item["linkId"]])})
    return out


def main():
    q = json.load(open(sys.argv[1]))
    answers = json.load(open(sys.argv[2]))
    r = {"resourceType": "QuestionnaireResponse", "questionnaire": q["url"] + "|" + q["version"],
         "status": "completed", "item": response_items(q["item"], answers)}
    json.dump(r, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
