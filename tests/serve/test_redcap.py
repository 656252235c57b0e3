"""signpost serve and REDCap (docs/research.md): a record as REDCap's API exports it (flat fields of
text, checkbox fields x___code, REDCap's own fields), posted to .../evaluate with the input
conventions in the query, gives what `signpost batch` gives for the same row of the export
(tests/data/redcap/expected.csv), with REDCap's own and the kept fields under "kept"."""
import csv
import json
import os
import sys
import unittest
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from openapi_check import Spec  # noqa: E402
from serve_util import ROOT, Server  # noqa: E402

DATA = os.path.join(ROOT, "tests", "data", "redcap")
STUDY = os.path.join(DATA, "study.signpost")
EVALUATE = "/v1/assessments/sleep_stress/evaluate"
RAW = {"redcap": "raw", "codes": "frequency=1", "missing": "UNK,-99", "keep": "initials,visit_date"}
LABELS = {"redcap": "labels", "missing": "UNK,-99", "keep": "initials,visit_date"}


def rows(name):
    with open(os.path.join(DATA, name), newline="") as f:
        return list(csv.DictReader(f))


def cell_of(result, column):
    """The cell `signpost batch` writes for a value or a guidance (docs/cli.md)."""
    if column in result["scores"]:
        score = result["scores"][column]
        if score.get("value") is not None:
            return "%g" % score["value"]
        return "?" if "at_least" in score else ""  # undecided, or not applicable
    if column in result["bands"]:
        band = result["bands"][column]
        return band.get("band") or ("?" if band.get("could_be") else "")
    if any(g["id"] == column for g in result["guidance"]):
        return "1"
    if any(g["id"] == column for g in result["undetermined"]):
        return "?"
    return "0"


class Redcap(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server(files=(STUDY,))
        status, spec = cls.server.get_json("/v1/openapi.json")
        cls.spec = Spec(spec)

    @classmethod
    def tearDownClass(cls):
        assert cls.server.stop() == 0
        cls.server.__exit__()

    def post(self, record, conventions):
        path = EVALUATE + "?" + urllib.parse.urlencode(conventions)
        status, headers, body = self.server.request("POST", path, body=record)
        result = json.loads(body)
        schema = self.spec.response_schema("/v1/assessments/{id}/evaluate", "POST", status, headers["content-type"])
        self.assertEqual(self.spec.check(result, schema), [], result)
        return status, result

    def test_every_raw_record_gives_what_batch_gives(self):
        expected = rows("expected.csv")
        export = rows("export_raw.csv")
        self.assertEqual(len(expected), len(export))
        kept = ["record_id", "redcap_event_name", "initials", "enrolment_complete", "wellbeing_complete",
                "visit_date", "support_complete", "safety_complete"]
        for want, record in zip(expected, export):
            status, result = self.post(record, RAW)
            self.assertEqual(status, 200, (record, result))
            self.assertEqual(result["kept"], {k: record[k] for k in kept})
            for column, cell in want.items():
                if column not in kept:
                    self.assertEqual(cell_of(result, column), cell, (column, record))

    def test_labels_give_the_same_results_as_codes(self):
        for raw, labelled in zip(rows("export_raw.csv"), rows("export_labels.csv")):
            s1, r1 = self.post(raw, RAW)
            s2, r2 = self.post(labelled, LABELS)
            self.assertEqual((s1, s2), (200, 200), (r1, r2))
            for key in ("scores", "bands", "guidance", "undetermined"):
                self.assertEqual(r1[key], r2[key], key)

    def test_numbers_and_nulls_are_cells_too(self):
        record = dict(rows("export_raw.csv")[0])
        typed = {k: (int(v) if v.lstrip("-").isdigit() else (None if v == "" else v)) for k, v in record.items()}
        self.assertEqual(self.post(typed, RAW)[1]["scores"], self.post(record, RAW)[1]["scores"])

    def test_a_one_based_scale_is_refused_not_shifted(self):
        status, result = self.post(rows("export_raw.csv")[0], {k: v for k, v in RAW.items() if k != "codes"})
        self.assertEqual(status, 422)
        messages = " ".join(e["message"] + " " + e.get("allowed", "") for e in result["errors"])
        self.assertIn("its REDCap codes are ambiguous", messages)

    def test_every_problem_is_listed_with_its_pointer(self):
        record = dict(rows("export_raw.csv")[0], who_helps___1="maybe", worry="9", site="A")
        status, result = self.post(record, RAW)
        self.assertEqual(status, 422, result)
        pointers = sorted(e["pointer"] for e in result["errors"])
        self.assertEqual(pointers, ["/site", "/who_helps", "/worry"], result)

    def test_malformed_conventions_and_bodies_are_400(self):
        status, headers, body = self.server.request("POST", EVALUATE + "?redcap=sideways", body={})
        self.assertEqual(status, 400)
        self.assertEqual(json.loads(body)["error"]["code"], "bad_conventions")
        status, headers, body = self.server.request("POST", EVALUATE + "?codes=frequency", body={})
        self.assertEqual(status, 400)
        status, headers, body = self.server.request("POST", EVALUATE + "?redcap=raw", body=[1, 2])
        self.assertEqual((status, json.loads(body)["error"]["code"]), (400, "not_a_record"))
        status, headers, body = self.server.request("POST", EVALUATE + "?redcap=raw", body='{"a": 1e400}',
                                                    headers={"Content-Type": "application/json"})
        self.assertEqual(status, 400)
        status, headers, body = self.server.request("POST", EVALUATE + "?redcap=raw&format=text", body={})
        self.assertEqual(status, 400)

    def test_nothing_of_the_record_reaches_the_log(self):
        self.post(rows("export_raw.csv")[0], RAW)
        self.assertNotIn("baseline_arm_1", self.server.log_text())
        self.assertNotIn("2024-01-10", self.server.log_text())


if __name__ == "__main__":
    unittest.main(verbosity=2)
