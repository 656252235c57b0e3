"""Nothing about a person is kept: after a run of requests carrying distinctive answer values (valid,
invalid, in every format, and smuggled into the path, query and headers), no answer key or value
appears in the service's logs, and it wrote no file and held none open."""
import json
import os
import shutil
import sys
import tempfile
import time
import unittest
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_util import EVALUATE, Server  # noqa: E402


def open_files(pid):
    """What the process holds open. A descriptor closed between the listing and its readlink (the
    last request's connection, closed by a service thread meanwhile) holds nothing: skipped."""
    targets = []
    for fd in os.listdir("/proc/%d/fd" % pid):
        try:
            targets.append(os.readlink("/proc/%d/fd/%s" % (pid, fd)))
        except FileNotFoundError:
            pass
    return targets


class Privacy(unittest.TestCase):
    def test_no_answer_in_logs_or_on_disk(self):
        marker = "zzmarker" + uuid.uuid4().hex
        home = tempfile.mkdtemp(prefix="signpost-privacy-")
        started = time.time()
        try:
            env = dict(os.environ, HOME=home, TMPDIR=home)
            with Server(args=["--threads", "2"], cwd=home, env=env) as server:
                _, q = server.get_json("/v1/assessments/intimacy_self_check")
                item_ids = [i["id"] for i in q["items"]]
                valid = {i: "yes" if "boolean" == next(s["kind"] for s in q["scales"] if s["id"] == it["scale"]) else "often"
                         for it in q["items"] for i in [it["id"]] if not it["ask_when"]}
                bodies = [
                    valid,
                    {"hard_to_share_feelings": marker},                          # invalid value
                    {marker: "often"},                                           # unknown key
                    {"hard_to_share_feelings": "2", "flashbacks": "", "numbing": marker},
                    '{"hard_to_share_feelings": "' + marker,                      # malformed
                ]
                for body in bodies:
                    for query in ["", "?format=text", "?format=html", "?" + marker + "=1"]:
                        server.request("POST", EVALUATE + query, body if isinstance(body, str) else json.dumps(body),
                                       {"Content-Type": "application/json", "X-Note": marker, "User-Agent": marker})
                server.request("GET", "/v1/assessments/" + marker)
                server.request("POST", "/v1/assessments/" + marker + "/evaluate", valid)
                server.request("GET", "/" + marker)
                targets = open_files(server.proc.pid)
                files = [t for t in targets if t.startswith("/") and not t.startswith("/dev/")]
                self.assertEqual(files, [], "the service holds files open")
                self.assertEqual(server.stop(), 0)
                log = server.log_text()
            access = [json.loads(line) for line in log.splitlines() if '"access"' in line]
            self.assertGreaterEqual(len(access), 23)
            self.assertEqual({k for a in access for k in a},
                             {"time", "event", "method", "path", "status", "bytes", "duration_ms", "assessment"})
            self.assertNotIn(marker, log)
            for item in item_ids:  # answers are keyed by item: no key may reach the log either
                self.assertNotIn('"' + item, log)
                self.assertNotIn(item + '"', log)
            written = []
            for d, _, names in os.walk(home):
                written += [os.path.join(d, n) for n in names]
            self.assertEqual(written, [], "the service wrote files")
            for d in ["/tmp", "/var/tmp"]:  # nothing new there holds an answer either
                for root, _, names in os.walk(d):
                    for n in names:
                        p = os.path.join(root, n)
                        try:
                            st = os.stat(p)
                            if st.st_mtime < started or st.st_size > 10 << 20 or not os.path.isfile(p):
                                continue
                            with open(p, "rb") as f:
                                self.assertNotIn(marker.encode(), f.read(), p)
                        except (OSError, PermissionError):
                            continue
        finally:
            shutil.rmtree(home)


if __name__ == "__main__":
    unittest.main()
