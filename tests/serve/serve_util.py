"""Starts `signpost serve` on 127.0.0.1 with an ephemeral port, and talks to it (standard library only)."""
import http.client
import json
import os
import signal
import socket
import subprocess
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BINARY = os.path.abspath(os.environ.get("SIGNPOST_BINARY", os.path.join(ROOT, "build", "signpost")))
SELF_CHECK = os.path.join(ROOT, "rules", "self-check.signpost")
SELF_CHECK_ID = "intimacy_self_check"
EVALUATE = "/v1/assessments/%s/evaluate" % SELF_CHECK_ID


class Server:
    """A running `signpost serve`; its log lines (JSON) are collected as they come."""

    def __init__(self, files=(SELF_CHECK,), args=(), cwd=None, env=None):
        self.proc = subprocess.Popen([BINARY, "serve", *files, "--listen", "127.0.0.1:0", *args],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=cwd or ROOT,
                                     env=env, text=True)
        self.lines = []
        self._cv = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()
        listening = self.wait_for(lambda e: e.get("event") == "listening", 20)
        if listening is None:
            self.proc.kill()
            raise RuntimeError("signpost serve did not start:\n" + "\n".join(self.lines))
        self.port = int(listening["address"].rsplit(":", 1)[1])

    def _read(self):
        for line in self.proc.stderr:
            with self._cv:
                self.lines.append(line.rstrip("\n"))
                self._cv.notify_all()

    def events(self):
        with self._cv:
            out = []
            for line in self.lines:
                try:
                    out.append(json.loads(line))
                except ValueError:
                    out.append({"event": "not-json", "line": line})
            return out

    def wait_for(self, predicate, timeout=10.0):
        deadline = time.monotonic() + timeout
        with self._cv:
            while True:
                for line in self.lines:
                    try:
                        e = json.loads(line)
                    except ValueError:
                        continue
                    if predicate(e):
                        return e
                left = deadline - time.monotonic()
                if left <= 0 or self.proc.poll() is not None and not self._pending():
                    return None
                self._cv.wait(min(left, 0.2))

    def _pending(self):
        return False

    def log_text(self):
        with self._cv:
            return "\n".join(self.lines)

    def connection(self, timeout=10):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)

    def request(self, method, path, body=None, headers=None, conn=None):
        """(status, headers dict with lower-case names, body bytes)"""
        own = conn is None
        conn = conn or self.connection()
        hdrs = dict(headers or {})
        if body is not None and not isinstance(body, (bytes, str)):
            body = json.dumps(body)
            hdrs.setdefault("Content-Type", "application/json")
        conn.request(method, path, body=body, headers=hdrs)
        r = conn.getresponse()
        data = r.read()
        out = (r.status, {k.lower(): v for k, v in r.getheaders()}, data)
        if own:
            conn.close()
        return out

    def get_json(self, path):
        status, headers, body = self.request("GET", path)
        return status, json.loads(body)

    def raw(self, data, timeout=5.0, shut=True):
        """Sends raw bytes on a new connection; returns everything the server sent back."""
        s = socket.create_connection(("127.0.0.1", self.port), timeout=timeout)
        try:
            s.sendall(data)
            if shut:
                s.shutdown(socket.SHUT_WR)
            chunks = []
            while True:
                try:
                    c = s.recv(65536)
                except (ConnectionResetError, socket.timeout):
                    break
                if not c:
                    break
                chunks.append(c)
            return b"".join(chunks)
        finally:
            s.close()

    def signal(self, sig):
        self.proc.send_signal(sig)

    def stop(self, timeout=20):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def status_line(raw):
    """The status code of a raw HTTP response, or None."""
    if not raw.startswith(b"HTTP/1."):
        return None
    return int(raw.split(b" ", 2)[1])
