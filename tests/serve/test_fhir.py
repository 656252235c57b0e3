"""signpost serve and FHIR (docs/fhir.md): GET /v1/assessments/{id}/fhir gives the Questionnaire
`signpost export --format fhir` writes, and POST .../evaluate takes a QuestionnaireResponse as
application/fhir+json: the same result as the same answers in JSON, or 422 with FHIR paths."""
import json
import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from openapi_check import Spec  # noqa: E402
from serve_util import BINARY, EVALUATE, ROOT, SELF_CHECK, SELF_CHECK_ID, Server  # noqa: E402

ANSWERS = os.path.join(ROOT, "rules", "examples", "self-check-answers.json")
FHIR = "/v1/assessments/" + SELF_CHECK_ID + "/fhir"
TO_RESPONSE = os.path.join(ROOT, "tests", "fhir", "to_response.py")


class Fhir(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server()
        status, spec = cls.server.get_json("/v1/openapi.json")
        cls.spec = Spec(spec)

    @classmethod
    def tearDownClass(cls):
        assert cls.server.stop() == 0
        cls.server.__exit__()

    def response_for(self, questionnaire_text):
        path = os.path.join(os.environ.get("TMPDIR", "/tmp"), "signpost-fhir-q-%d.json" % os.getpid())
        with open(path, "w") as f:
            f.write(questionnaire_text)
        try:
            return subprocess.run(["/usr/bin/python3", TO_RESPONSE, path, ANSWERS], check=True,
                                  capture_output=True, text=True).stdout
        finally:
            os.unlink(path)

    def test_questionnaire_is_the_export(self):
        status, hdrs, body = self.server.request("GET", FHIR)
        self.assertEqual(status, 200)
        self.assertEqual(hdrs["content-type"], "application/fhir+json")
        self.spec.response_schema("/v1/assessments/{id}/fhir", "GET", 200, hdrs["content-type"])
        exported = subprocess.run([BINARY, "export", "--format", "fhir", SELF_CHECK], check=True,
                                  capture_output=True, text=True).stdout
        self.assertEqual(json.loads(body), json.loads(exported))
        self.assertEqual(self.server.request("POST", FHIR, b"{}")[0], 405)

    def test_response_gives_the_plain_result(self):
        _, _, q = self.server.request("GET", FHIR)
        response = self.response_for(q.decode())
        status, hdrs, body = self.server.request("POST", EVALUATE, response, {"Content-Type": "application/fhir+json"})
        self.assertEqual(status, 200, body[:300])
        plain = self.server.request("POST", EVALUATE, json.load(open(ANSWERS)))[2]
        self.assertEqual(json.loads(body), json.loads(plain))
        status, hdrs, text = self.server.request("POST", EVALUATE + "?format=text", response,
                                                 {"Content-Type": "application/fhir+json; charset=utf-8"})
        self.assertEqual((status, hdrs["content-type"]), (200, "text/plain; charset=utf-8"))

    def test_errors_name_the_fhir_path(self):
        _, _, q = self.server.request("GET", FHIR)
        r = json.loads(self.response_for(q.decode()))
        r["questionnaire"] = r["questionnaire"].replace("|1.0.0", "|0.1.0")
        r["item"][2]["item"][0]["answer"][0]["valueCoding"]["code"] = "oftn"
        status, hdrs, body = self.server.request("POST", EVALUATE, json.dumps(r), {"Content-Type": "application/fhir+json"})
        self.assertEqual(status, 422)
        schema = self.spec.response_schema("/v1/assessments/{id}/evaluate", "POST", 422, hdrs["content-type"])
        self.assertEqual(self.spec.check(json.loads(body), schema), [])
        errors = {e["code"]: e for e in json.loads(body)["errors"]}
        self.assertIn("version 0.1.0", errors["F002"]["message"])
        self.assertEqual(errors["F005"]["pointer"], "QuestionnaireResponse.item[2].item[0].answer[0].valueCoding.code")
        self.assertIn("hard_to_share_feelings", errors["F005"]["message"])
        self.assertIn("often", errors["F005"]["allowed"])

    def test_not_a_response(self):
        status, _, body = self.server.request("POST", EVALUATE, b'{"resourceType": "Patient"}',
                                              {"Content-Type": "application/fhir+json"})
        self.assertEqual((status, json.loads(body)["errors"][0]["code"]), (422, "F001"))
        status, _, body = self.server.request("POST", EVALUATE, b'{"resourceType": ', {"Content-Type": "application/fhir+json"})
        self.assertEqual((status, json.loads(body)["error"]["code"]), (400, "malformed_json"))


if __name__ == "__main__":
    unittest.main()
