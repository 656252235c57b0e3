"""Runs every curl example of docs/serve.md against a service on an ephemeral port: each ends with
`# -> STATUS`, the status it must get."""
import os
import re
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_util import ROOT, Server  # noqa: E402


def examples():
    text = open(os.path.join(ROOT, "docs", "serve.md")).read()
    out = []
    for block in re.findall(r"```sh\n(.*?)```", text, re.S):
        for cmd in block.replace("\\\n", " ").splitlines():
            m = re.match(r"\s*(curl .*?)\s+# -> (\d{3})\s*$", cmd)
            if m:
                out.append((m.group(1), int(m.group(2))))
    return out


class Docs(unittest.TestCase):
    def test_curl_examples(self):
        cases = examples()
        self.assertGreaterEqual(len(cases), 12)
        with Server() as server:
            for cmd, want in cases:
                with self.subTest(cmd):
                    cmd = cmd.replace("127.0.0.1:8080", "127.0.0.1:%d" % server.port)
                    r = subprocess.run(["bash", "-c", cmd + " -w '\\n%{http_code}'"], capture_output=True, timeout=30)
                    self.assertEqual(r.returncode, 0, r.stderr)
                    body, _, status = r.stdout.rpartition(b"\n")
                    self.assertEqual(int(status), want, body[:300])
                    self.assertTrue(body.strip())
            self.assertEqual(server.stop(), 0)


if __name__ == "__main__":
    unittest.main()
