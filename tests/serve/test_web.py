"""signpost serve, the web form's routes (/a/{id}): the page and its CSP, the rule files the
browser compiles (only those of the rule set), the form's files, and what the access log says."""
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_util import ROOT, SELF_CHECK_ID, Server  # noqa: E402

RESOURCES = os.path.join(ROOT, "tests", "golden", "shipped", "self-check-unsafe-relationship-with-resources",
                         "resources.json")


class WebForm(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        # A folder standing in for the web build: the routes serve what is there, read at start.
        cls.web = tempfile.TemporaryDirectory()
        for name, text in [("signpost-form.js", "// form"), ("signpost-wasm.wasm", "\0asm")]:
            with open(os.path.join(cls.web.name, name), "w") as f:
                f.write(text)
        cls.server = Server(args=["--web", cls.web.name, "--resources", RESOURCES])

    @classmethod
    def tearDownClass(cls):
        assert cls.server.stop() == 0
        cls.server.__exit__()
        cls.web.cleanup()

    def test_the_page_loads_the_form_under_a_strict_csp(self):
        status, hdrs, body = self.server.request("GET", "/a/" + SELF_CHECK_ID)
        self.assertEqual(status, 200)
        self.assertTrue(hdrs["content-type"].startswith("text/html"))
        csp = hdrs["content-security-policy"]
        self.assertIn("script-src 'self' 'wasm-unsafe-eval'", csp)
        self.assertIn("default-src 'none'", csp)
        self.assertNotIn("unsafe-inline", csp)
        page = body.decode()
        self.assertIn('<signpost-form heading-level="1" src="/a/%s/self-check.signpost"' % SELF_CHECK_ID, page)
        self.assertIn('resources="/a/%s/resources.json"' % SELF_CHECK_ID, page)
        self.assertNotIn("<script>", page)  # no inline script
        self.assertEqual(hdrs["cache-control"], "no-store")

    def test_the_rule_files_and_their_imports(self):
        status, _, body = self.server.request("GET", "/a/%s/self-check.signpost" % SELF_CHECK_ID)
        self.assertEqual(status, 200)
        self.assertEqual(body.decode(), open(os.path.join(ROOT, "rules", "self-check.signpost")).read())
        status, _, body = self.server.request("GET", "/a/%s/common.signpost" % SELF_CHECK_ID)
        self.assertEqual((status, body.decode()), (200, open(os.path.join(ROOT, "rules", "common.signpost")).read()))
        status, _, body = self.server.request("GET", "/a/%s/resources.json" % SELF_CHECK_ID)
        self.assertEqual((status, body.decode()), (200, open(RESOURCES).read()))

    def test_nothing_else_on_disk(self):
        for path in ["/a/%s/partner.signpost" % SELF_CHECK_ID, "/a/%s/../../README.md" % SELF_CHECK_ID,
                     "/a/%s/%%2e%%2e/README.md" % SELF_CHECK_ID, "/a/%s/rules/self-check.signpost" % SELF_CHECK_ID,
                     "/a/no_such_assessment", "/a/assets/../README.md", "/a/assets/index.html",
                     "/a/assets/signpost-form.css"]:  # not in the folder
            status, _, _ = self.server.request("GET", path)
            self.assertEqual(status, 404, path)

    def test_the_form_files(self):
        status, hdrs, body = self.server.request("GET", "/a/assets/signpost-form.js")
        self.assertEqual((status, body), (200, b"// form"))
        self.assertTrue(hdrs["content-type"].startswith("text/javascript"))
        status, hdrs, _ = self.server.request("GET", "/a/assets/signpost-wasm.wasm")
        self.assertEqual((status, hdrs["content-type"]), (200, "application/wasm"))

    def test_only_get(self):
        status, hdrs, _ = self.server.request("POST", "/a/" + SELF_CHECK_ID, b"{}", {"Content-Type": "application/json"})
        self.assertEqual((status, hdrs["allow"]), (405, "GET"))

    def test_the_log_names_routes_not_files(self):
        self.server.request("GET", "/a/%s/secret-name.signpost" % SELF_CHECK_ID)
        self.server.request("GET", "/a/assets/another-secret")
        self.server.request("GET", "/metrics")
        log = self.server.log_text()
        self.assertNotIn("secret", log)
        self.assertIn('"path":"/a/%s/{file}"' % SELF_CHECK_ID, log)
        self.assertIn('"path":"/a/assets/{file}"', log)


if __name__ == "__main__":
    unittest.main()
