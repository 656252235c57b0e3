"""signpost serve, the API: every route, answers as web forms send them, errors as JSON, the
security headers, CORS, and every response checked against the OpenAPI description it serves."""
import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from openapi_check import Spec  # noqa: E402
from serve_util import EVALUATE, ROOT, SELF_CHECK_ID, Server  # noqa: E402

ANSWERS = json.load(open(os.path.join(ROOT, "rules", "examples", "self-check-answers.json")))
ORIGIN = "https://forms.example.org"


class Api(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server(args=["--cors-origin", ORIGIN, "--threads", "2"])
        status, spec = cls.server.get_json("/v1/openapi.json")
        assert status == 200
        cls.spec = Spec(spec)
        cls.seen = set()

    @classmethod
    def tearDownClass(cls):
        assert cls.server.stop() == 0
        cls.server.__exit__()

    def call(self, method, path, body=None, headers=None, spec_path=None, query=""):
        """A request whose response must match the OpenAPI description; returns (status, headers, body)."""
        status, hdrs, data = self.server.request(method, path + query, body, headers)
        schema = self.spec.response_schema(spec_path or path, method, status, hdrs["content-type"])
        self.seen.add((spec_path or path, method, status))
        if hdrs["content-type"].startswith("application/json"):
            problems = self.spec.check(json.loads(data), schema)
            self.assertEqual(problems, [], "%s %s -> %s" % (method, path, status))
        for h, v in [("cache-control", "no-store"), ("x-content-type-options", "nosniff"),
                     ("referrer-policy", "no-referrer")]:
            self.assertEqual(hdrs.get(h), v, h)
        self.assertIn("default-src 'none'", hdrs.get("content-security-policy", ""))
        return status, hdrs, data

    def test_list(self):
        status, _, body = self.call("GET", "/v1/assessments")
        self.assertEqual(status, 200)
        (a,) = json.loads(body)["assessments"]
        self.assertEqual(a["id"], SELF_CHECK_ID)
        self.assertTrue(a["content_hash"].startswith("sha256:"))

    def test_questionnaire_has_what_a_form_needs(self):
        path = "/v1/assessments/" + SELF_CHECK_ID
        status, _, body = self.call("GET", path, spec_path="/v1/assessments/{id}")
        self.assertEqual(status, 200)
        q = json.loads(body)
        self.assertTrue(q["disclaimer"])
        scales = {s["id"]: s for s in q["scales"]}
        self.assertEqual([o["value"] for o in scales["frequency"]["options"]], [0, 1, 2, 3])
        self.assertTrue(all(o["label"] for o in scales["frequency"]["options"]))
        items = {i["id"]: i for i in q["items"]}
        self.assertEqual(len(items), sum(len(s["items"]) for s in q["sections"]))
        self.assertTrue(all(i["cites"] for i in items.values()))
        skip = items["relationship_strain"]["ask_when"]
        self.assertEqual(skip["source"], "in_relationship")
        self.assertEqual(skip["logic"], {"item": "in_relationship"})

    def test_evaluate(self):
        status, _, body = self.call("POST", EVALUATE, ANSWERS, spec_path="/v1/assessments/{id}/evaluate")
        self.assertEqual(status, 200)
        self.assertEqual(json.loads(body)["assessment"]["id"], SELF_CHECK_ID)

    def test_evaluate_is_the_engine_result(self):
        import subprocess
        from serve_util import BINARY, SELF_CHECK
        cli = subprocess.run([BINARY, "eval", SELF_CHECK, "-a", os.path.join(ROOT, "rules", "examples", "self-check-answers.json")],
                             capture_output=True, check=True).stdout
        _, _, body = self.server.request("POST", EVALUATE, ANSWERS)
        self.assertEqual(json.loads(body), json.loads(cli))

    def test_text_and_html(self):
        for fmt, ctype in [("text", "text/plain"), ("html", "text/html")]:
            status, hdrs, body = self.call("POST", EVALUATE, {"flashbacks": "yes"}, query="?format=" + fmt,
                                           spec_path="/v1/assessments/{id}/evaluate")
            self.assertEqual(status, 200)
            self.assertTrue(hdrs["content-type"].startswith(ctype))
            self.assertIn(b"not a diagnosis", body)
            if fmt == "html":  # the HTML report itself, not text wrapped in a page
                self.assertIn(b"<main>", body)
        status, _, _ = self.call("POST", EVALUATE, {}, query="?format=pdf", spec_path="/v1/assessments/{id}/evaluate")
        self.assertEqual(status, 400)

    def test_web_form_answers(self):
        # numbers as text and "" as unanswered mean what they mean as JSON numbers and null
        form = {"hard_to_share_feelings": "2", "pull_away": "3", "flashbacks": "1", "numbing": "", "distress": "false"}
        plain = {"hard_to_share_feelings": 2, "pull_away": 3, "flashbacks": True, "numbing": None, "distress": False}
        a = self.server.request("POST", EVALUATE, form)
        b = self.server.request("POST", EVALUATE, plain)
        self.assertEqual((a[0], b[0]), (200, 200))
        self.assertEqual(json.loads(a[2]), json.loads(b[2]))

    def test_invalid_answers_are_all_listed(self):
        status, _, body = self.call("POST", EVALUATE, {"hard_to_share_feelings": "oftn", "flashbacks": "7", "nope": 1},
                                    spec_path="/v1/assessments/{id}/evaluate")
        self.assertEqual(status, 422)
        errors = {e["pointer"]: e for e in json.loads(body)["errors"]}
        self.assertEqual(set(errors), {"/hard_to_share_feelings", "/flashbacks", "/nope"})
        self.assertIn("often", errors["/hard_to_share_feelings"]["allowed"])
        self.assertEqual(errors["/nope"]["code"], "A001")

    def test_request_errors(self):
        spec = "/v1/assessments/{id}/evaluate"
        cases = [
            ("malformed", b'{"flashbacks": tru', {"Content-Type": "application/json"}, 400, "malformed_json"),
            ("not an object", b"[1, 2]", {"Content-Type": "application/json"}, 422, None),
            ("wrong type", b"flashbacks=yes", {"Content-Type": "application/x-www-form-urlencoded"}, 415, "unsupported_media_type"),
            ("no type", b"{}", {}, 415, "unsupported_media_type"),
            ("latin-1", b"{}", {"Content-Type": "application/json; charset=latin-1"}, 415, "unsupported_media_type"),
            ("deep", b"[" * 10000 + b"]" * 10000, {"Content-Type": "application/json"}, 400, "too_deep"),
            ("huge number", b'{"flashbacks": 1e400}', {"Content-Type": "application/json"}, 400, "malformed_json"),
            ("bad utf-8", b'{"flashbacks": "\xff\xfe"}', {"Content-Type": "application/json"}, 400, "bad_utf8"),
            ("too large", b'{"x": "' + b"a" * 70000 + b'"}', {"Content-Type": "application/json"}, 413, "too_large"),
        ]
        for name, body, headers, want, code in cases:
            with self.subTest(name):
                status, _, data = self.call("POST", EVALUATE, body, headers, spec_path=spec)
                self.assertEqual(status, want)
                if code:
                    self.assertEqual(json.loads(data)["error"]["code"], code)
        status, _, data = self.call("POST", "/v1/assessments/nope/evaluate", {}, spec_path=spec)
        self.assertEqual((status, json.loads(data)["error"]["code"]), (404, "unknown_assessment"))
        status, _, _ = self.call("GET", "/v1/assessments/nope", spec_path="/v1/assessments/{id}")
        self.assertEqual(status, 404)
        status, hdrs, _ = self.server.request("GET", EVALUATE)
        self.assertEqual((status, hdrs["allow"]), (405, "POST"))
        status, _, _ = self.server.request("GET", "/nowhere")
        self.assertEqual(status, 404)

    def test_operations(self):
        self.assertEqual(self.call("GET", "/healthz")[0], 200)
        self.assertEqual(self.call("GET", "/readyz")[0], 200)
        self.server.request("POST", EVALUATE, {"flashbacks": "yes"})
        status, hdrs, body = self.call("GET", "/metrics")
        text = body.decode()
        self.assertIn('signpost_http_requests_total{route="/v1/assessments/{id}/evaluate",status="200"}', text)
        self.assertIn('signpost_http_request_duration_seconds_bucket{route="/v1/assessments/{id}/evaluate",le="+Inf"}', text)
        self.assertIn("signpost_assessments 1", text)
        self.assertNotIn("flashbacks", text)

    def test_cors(self):
        _, hdrs, _ = self.server.request("GET", "/v1/assessments", headers={"Origin": ORIGIN})
        self.assertEqual(hdrs.get("access-control-allow-origin"), ORIGIN)
        _, hdrs, _ = self.server.request("GET", "/v1/assessments", headers={"Origin": "https://evil.example"})
        self.assertNotIn("access-control-allow-origin", hdrs)
        status, hdrs, _ = self.server.request("OPTIONS", EVALUATE, headers={
            "Origin": ORIGIN, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"})
        self.assertEqual(status, 204)
        self.assertIn("POST", hdrs["access-control-allow-methods"])
        status, _, _ = self.server.request("OPTIONS", EVALUATE, headers={"Origin": "https://evil.example"})
        self.assertEqual(status, 403)

    def test_keep_alive(self):
        conn = self.server.connection()
        for _ in range(50):
            status, _, _ = self.server.request("POST", EVALUATE, {"flashbacks": "no"}, conn=conn)
            self.assertEqual(status, 200)
        conn.close()

    def test_zz_every_documented_operation_was_called(self):
        # runs last (alphabetical): each path and method of the description met a real response
        for path, ops in self.spec.doc["paths"].items():
            for method in ops:
                if not any(p == path and m == method.upper() for p, m, _ in self.seen):
                    self.call(method.upper(), path)  # the parameter-free ones
                self.assertTrue(any(p == path and m == method.upper() for p, m, _ in self.seen), (path, method))


if __name__ == "__main__":
    unittest.main()
