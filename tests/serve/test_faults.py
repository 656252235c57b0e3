"""signpost serve under faults: malformed and truncated requests, oversized ones, 10,000-deep JSON,
slow-loris clients, dropped connections, SIGHUP with a broken rule file, SIGTERM under load. The
service keeps answering healthy clients, never crashes, leaks no connection, and loses no
request under way on a graceful stop. Each test is bounded (timeouts of a few seconds)."""
import json
import os
import shutil
import signal
import socket
import struct
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_util import EVALUATE, ROOT, Server, status_line  # noqa: E402

# The latency bounds below hold for an optimised build. Under ThreadSanitizer (5-15 times slower)
# they measure the sanitizer, not the service: .ci/sanitize tsan sets SIGNPOST_TEST_LATENCY=0 and
# only the behaviour is checked there (the README's run and ASan's keep the bounds).
LATENCY = os.environ.get("SIGNPOST_TEST_LATENCY", "1") != "0"

BODY = json.dumps({"hard_to_share_feelings": "often", "flashbacks": True}).encode()


def post_bytes(body=BODY, extra=b""):
    return (b"POST " + EVALUATE.encode() + b" HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" + extra +
            b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)


def open_connections(server):
    _, _, body = server.request("GET", "/metrics")
    for line in body.decode().splitlines():
        if line.startswith("signpost_open_connections "):
            return int(line.split()[1])
    raise AssertionError("no signpost_open_connections")


def settled_connections(server, within=8.0):
    """Open connections once the closed ones are gone (the one asking included)."""
    deadline = time.monotonic() + within
    n = open_connections(server)
    while n > 1 and time.monotonic() < deadline:
        time.sleep(0.2)
        n = open_connections(server)
    return n


class Faults(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server(args=["--threads", "2", "--request-timeout", "2", "--idle-timeout", "3"])

    @classmethod
    def tearDownClass(cls):
        assert cls.server.stop() == 0
        cls.server.__exit__()

    def healthy(self):
        status, _, body = self.server.request("POST", EVALUATE, BODY, {"Content-Type": "application/json"})
        self.assertEqual(status, 200)
        self.assertIn(b'"guidance"', body)

    def tearDown(self):
        self.assertIsNone(self.server.proc.poll(), "the service died")
        self.healthy()

    def test_malformed_requests(self):
        for raw in [b"GARBAGE\r\n\r\n", b"GET / HTTP/9.9\r\n\r\n", b"GET /healthz HTTP/1.1\r\nHost x\r\n\r\n",
                    b"POST " + EVALUATE.encode() + b" HTTP/1.1\r\nContent-Length: abc\r\n\r\n",
                    b"POST " + EVALUATE.encode() + b" HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
                    b"\x00\x01\x02\xff" * 100]:
            with self.subTest(raw[:20]):
                self.assertEqual(status_line(self.server.raw(raw)), 400)

    def test_truncated_requests(self):
        full = post_bytes()
        for cut in [5, 30, len(full) - 40, len(full) - 1]:
            with self.subTest(cut):
                reply = self.server.raw(full[:cut])  # then the client closes its side
                self.assertIn(status_line(reply), (None, 400))

    def test_oversized(self):
        big = b'{"x":"' + b"a" * (200 * 1024) + b'"}'
        self.assertEqual(status_line(self.server.raw(post_bytes(big), shut=False)), 413)
        # announced too large: refused from the headers, before any body is sent
        s = socket.create_connection(("127.0.0.1", self.server.port), timeout=5)
        s.sendall(b"POST " + EVALUATE.encode() + b" HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 100000000\r\n\r\n")
        self.assertEqual(status_line(s.recv(4096)), 413)
        s.close()
        huge_header = b"GET /healthz HTTP/1.1\r\nX-Pad: " + b"a" * 20000 + b"\r\n\r\n"
        self.assertEqual(status_line(self.server.raw(huge_header, shut=False)), 431)

    def test_deep_json(self):
        start = time.monotonic()
        reply = self.server.raw(post_bytes(b"[" * 10000 + b"]" * 10000))
        self.assertEqual(status_line(reply), 400)
        self.assertIn(b"too_deep", reply)
        reply = self.server.raw(post_bytes(b'{"a":' * 10000 + b"1" + b"}" * 10000))
        self.assertEqual(status_line(reply), 400)
        if LATENCY:
            self.assertLess(time.monotonic() - start, 2)

    def test_slow_loris_does_not_starve_healthy_clients(self):
        slow = []
        for _ in range(300):  # each sends part of a request line, then a byte now and then
            s = socket.create_connection(("127.0.0.1", self.server.port), timeout=5)
            s.sendall(b"POST " + EVALUATE.encode() + b" HTTP/1.1\r\nX-Slow: ")
            slow.append(s)
        idle = [socket.create_connection(("127.0.0.1", self.server.port), timeout=5) for _ in range(300)]
        worst = 0.0
        for i in range(100):
            if i % 20 == 0:
                for s in slow:
                    try:
                        s.send(b"a")
                    except OSError:
                        pass
            t = time.monotonic()
            self.healthy()
            worst = max(worst, time.monotonic() - t)
        if LATENCY:
            self.assertLess(worst, 1.0, "a healthy request waited behind slow clients")
        # the request timeout (2 s here) closes the slow ones, the idle timeout (3 s) the idle ones
        s = slow[0]
        s.settimeout(6)
        t = time.monotonic()
        try:
            self.assertEqual(s.recv(4096), b"")
        except ConnectionResetError:
            pass
        self.assertLess(time.monotonic() - t, 5)
        for s in slow + idle:
            s.close()
        self.assertEqual(settled_connections(self.server), 1)  # only the one asking

    def test_dropped_connections(self):
        for i in range(200):
            s = socket.create_connection(("127.0.0.1", self.server.port), timeout=5)
            data = post_bytes()
            s.sendall(data[: (i * 7) % len(data)] if i % 2 else data)  # half a request, or a whole one unread
            if i % 3 == 0:  # a reset instead of a close
                s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            s.close()
        self.assertEqual(settled_connections(self.server), 1)  # only the one asking


def hammer(server, stop, results, close_each=False):
    """Posts answers until `stop` is set; appends (status or exception name) per request."""
    conn = None
    while not stop.is_set():
        try:
            if conn is None or close_each:
                conn = server.connection(timeout=10)
            status, _, body = server.request("POST", EVALUATE, BODY, {"Content-Type": "application/json",
                                                                        **({"Connection": "close"} if close_each else {})}, conn=conn)
            results.append((close_each, status if b'"guidance"' in body or status != 200 else "truncated"))
            if close_each:
                conn.close()
        except ConnectionRefusedError:
            results.append((close_each, "refused"))
            conn = None
            time.sleep(0.01)
        except Exception as e:  # noqa: BLE001 - every failure is counted
            results.append((close_each, type(e).__name__))
            conn = None


class Several(unittest.TestCase):
    def test_several_assessments_on_the_same_threads(self):
        files = [os.path.join(ROOT, "rules", f) for f in
                 ["common.signpost", "self-check.signpost", "partner.signpost", "clinician-intake.signpost"]]
        with Server(files=files, args=["--threads", "2"]) as server:
            _, listing = server.get_json("/v1/assessments")
            ids = [a["id"] for a in listing["assessments"]]
            self.assertEqual(len(ids), 3)  # common.signpost only shares scales and sources: skipped
            firsts = {}
            for i in ids:
                _, q = server.get_json("/v1/assessments/" + i)
                first = next(it for it in q["items"] if not it["ask_when"])
                firsts[i] = {first["id"]: None}
            errors = []

            def client():
                conn = server.connection()
                for n in range(60):
                    i = ids[n % len(ids)]
                    status, _, body = server.request("POST", "/v1/assessments/%s/evaluate" % i, firsts[i], conn=conn)
                    if status != 200 or json.loads(body)["assessment"]["id"] != i:
                        errors.append((i, status, body[:200]))
                conn.close()
            threads = [threading.Thread(target=client) for _ in range(4)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            self.assertEqual(errors, [])
            self.assertEqual(server.stop(), 0)


class Reload(unittest.TestCase):
    def test_sighup_with_a_broken_file_keeps_the_old_rules(self):
        d = tempfile.mkdtemp(prefix="signpost-reload-")
        try:
            for f in ["self-check.signpost", "common.signpost"]:
                shutil.copy(os.path.join(ROOT, "rules", f), d)
            rules = os.path.join(d, "self-check.signpost")
            good = open(rules).read()
            with Server(files=[rules], args=["--threads", "2"]) as server:
                _, before = server.get_json("/v1/assessments")
                stop, results = threading.Event(), []
                workers = [threading.Thread(target=hammer, args=(server, stop, results)) for _ in range(4)]
                for w in workers:
                    w.start()
                open(rules, "w").write(good + "\nguidance broken level nope\n  when nothing_here >= 1\n")
                server.signal(signal.SIGHUP)
                failed = server.wait_for(lambda e: e.get("event") == "reload_failed", 20)
                self.assertIsNotNone(failed)
                self.assertTrue(failed["kept"])
                diagnostics = [e for e in server.events() if e.get("event") == "diagnostic" and e["level"] == "error"]
                self.assertGreaterEqual(len(diagnostics), 1)
                self.assertIn("self-check.signpost:", diagnostics[0]["diagnostic"])
                _, during = server.get_json("/v1/assessments")
                self.assertEqual(during, before)  # the old rules, still served
                open(rules, "w").write(good + "\n# a comment changes the content hash\n")
                server.signal(signal.SIGHUP)
                self.assertIsNotNone(server.wait_for(lambda e: e.get("event") == "reloaded" and e.get("ok"), 20))
                _, after = server.get_json("/v1/assessments")
                self.assertNotEqual(after["assessments"][0]["content_hash"], before["assessments"][0]["content_hash"])
                stop.set()
                for w in workers:
                    w.join()
                self.assertGreater(len(results), 10)
                self.assertEqual({r for _, r in results}, {200}, "a request failed during a reload")
                self.assertEqual(server.stop(), 0)
        finally:
            shutil.rmtree(d)


class Stop(unittest.TestCase):
    def test_sigterm_under_load_loses_no_request_under_way(self):
        with Server(args=["--threads", "2"]) as server:
            # requests under way: headers and half the body sent before the stop
            slow = []
            for _ in range(5):
                s = socket.create_connection(("127.0.0.1", server.port), timeout=10)
                data = post_bytes()
                s.sendall(data[:-10])
                slow.append((s, data[-10:]))
            stop, results = threading.Event(), []
            workers = [threading.Thread(target=hammer, args=(server, stop, results, i % 2 == 0)) for i in range(6)]
            for w in workers:
                w.start()
            time.sleep(1.0)
            server.signal(signal.SIGTERM)
            self.assertIsNotNone(server.wait_for(lambda e: e.get("event") == "stopping", 10))
            time.sleep(0.3)
            for s, rest in slow:
                s.sendall(rest)
            replies = []
            for s, _ in slow:
                data = b""
                while True:
                    c = s.recv(65536)
                    if not c:
                        break
                    data += c
                replies.append(data)
                s.close()
            self.assertEqual(server.proc.wait(20), 0)
            stop.set()
            for w in workers:
                w.join()
            for r in replies:
                self.assertEqual(status_line(r), 200)
                self.assertIn(b"Connection: close", r)
                self.assertTrue(r.rstrip().endswith(b"}"))  # the whole result
            served = [r for _, r in results if r == 200]
            self.assertGreater(len(served), 20)
            # What the service did with every request it took in: each was answered whole, and each
            # answer reached its client (the slow ones above and every status the workers saw).
            stopped = server.wait_for(lambda e: e.get("event") == "stopped", 5)
            self.assertIsNotNone(stopped)
            self.assertEqual((stopped["unwritten"], stopped["cut_off"]), (0, 0), stopped)
            received = len(replies) + sum(1 for _, r in results if isinstance(r, int) or r == "truncated")
            self.assertEqual(stopped["answered"], received, "an answer was written but never reached its client")
            # So a failed request below is one the service never read. After the stop a new
            # connection may be refused (the listener is gone), or, if it reached the kernel's
            # backlog in the instant between the last accept and the close, reset: TCP gives a
            # listener no way to close without that race. A kept-alive connection is closed when it
            # is idle, and a client that sends on it at that moment finds it closed (HTTP/1.1's
            # keep-alive race). Never a cut-off or failed answer.
            never_read = ("refused", "RemoteDisconnected", "BrokenPipeError", "ConnectionResetError")
            bad = [r for _, r in results if r != 200 and r not in never_read]
            self.assertEqual(bad, [])


if __name__ == "__main__":
    unittest.main()
