#!/usr/bin/env python3
"""HTTP connection handling of the one-threaded event loop: keep-alive,
pipelining, slow and idle clients do not block others, many concurrent
clients, Expect: 100-continue, chunked bodies, and a clean SIGTERM with
connections still open."""

import http.client
import json
import os
import socket
import sys
import threading
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import DaemonTestCase, FreshDaemonTestCase, main  # noqa: E402


_pending = {}


def read_response(sock, timeout=5.0):
    """Read one HTTP/1.1 response with a Content-Length (or none for
    1xx/204/304) from sock: (status, headers dict lower-case, body).
    Bytes read past it are kept for the next call on the same socket."""
    sock.settimeout(timeout)
    buf = _pending.pop(sock.fileno(), b"")
    while b"\r\n\r\n" not in buf:
        chunk = sock.recv(65536)
        if not chunk:
            raise AssertionError("connection closed; got %r" % buf)
        buf += chunk
    head, rest = buf.split(b"\r\n\r\n", 1)
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for ln in lines[1:]:
        k, _, v = ln.partition(":")
        headers[k.strip().lower()] = v.strip()
    n = int(headers.get("content-length", "0"))
    if status < 200 or status in (204, 304):
        n = 0
    while len(rest) < n:
        chunk = sock.recv(65536)
        if not chunk:
            raise AssertionError("connection closed in body")
        rest += chunk
    _pending[sock.fileno()] = rest[n:]
    return status, headers, rest[:n]


class Connections(DaemonTestCase):

    def connect(self):
        s = socket.create_connection((self.d.host, self.d.port), timeout=5)
        self.addCleanup(s.close)
        return s

    def test_keep_alive(self):
        c = http.client.HTTPConnection(self.d.host, self.d.port, timeout=5)
        self.addCleanup(c.close)
        for path in ("/health", "/areas", "/next-session", "/profile",
                     "/health"):
            c.request("GET", path)
            r = c.getresponse()
            r.read()
            self.assertEqual(r.status, 200, path)
        c.request("POST", "/checkins", body=json.dumps({"area": "nose"}),
                  headers={"Content-Type": "application/json"})
        r = c.getresponse()
        r.read()
        self.assertEqual(r.status, 201)
        c.request("GET", "/nope")
        r = c.getresponse()
        r.read()
        self.assertEqual(r.status, 404)
        c.request("GET", "/health")
        r = c.getresponse()
        r.read()
        self.assertEqual(r.status, 200)

    def test_pipelined_requests_answered_in_order(self):
        s = self.connect()
        host = "Host: %s:%d\r\n" % (self.d.host, self.d.port)
        body = json.dumps({"area": "chin", "at": "2026-11-01T00:00:00Z"})
        req = ("GET /health HTTP/1.1\r\n" + host + "\r\n"
               "GET /areas/chin HTTP/1.1\r\n" + host + "\r\n"
               "POST /checkins HTTP/1.1\r\n" + host +
               "Content-Type: application/json\r\n"
               "Content-Length: %d\r\n\r\n%s" % (len(body), body) +
               "GET /nope HTTP/1.1\r\n" + host + "\r\n")
        s.sendall(req.encode())
        st = [read_response(s) for _ in range(4)]
        self.assertEqual([x[0] for x in st], [200, 200, 201, 404])
        self.assertEqual(json.loads(st[0][2])["status"], "ok")
        self.assertEqual(json.loads(st[1][2])["slug"], "chin")
        self.assertEqual(json.loads(st[2][2])["area"], "chin")

    def test_slow_client_does_not_block_others(self):
        s = self.connect()
        s.sendall(("POST /checkins HTTP/1.1\r\nHost: x\r\n"
                   "Content-Type: application/json\r\n"
                   "Content-Length: 40\r\n\r\n{\"area\": ").encode())
        idle = self.connect()       # connected, never says a word
        t0 = time.monotonic()
        for _ in range(3):
            self.assertEqual(self.d.get("/health")["status"], "ok")
        self.assertLess(time.monotonic() - t0, 3.0)
        # the slow one completes later and is answered
        rest = '"neck", "notes": "slowly"}'
        body_len = len('{"area": ') + len(rest)
        self.assertLessEqual(body_len, 40)
        rest += " " * (40 - body_len)
        time.sleep(0.2)
        s.sendall(rest.encode())
        status, h, b = read_response(s)
        self.assertEqual(status, 201, b)
        self.assertEqual(json.loads(b)["notes"], "slowly")
        idle.close()

    def test_body_in_many_small_pieces(self):
        s = self.connect()
        body = json.dumps({"area": "scalp", "notes": "piecewise" * 20,
                           "at": "2026-11-01T00:00:00Z"}).encode()
        s.sendall(("POST /checkins HTTP/1.1\r\nHost: x\r\n"
                   "Content-Type: application/json\r\n"
                   "Content-Length: %d\r\n\r\n" % len(body)).encode())
        for i in range(0, len(body), 7):
            s.sendall(body[i:i + 7])
            time.sleep(0.002)
        status, h, b = read_response(s)
        self.assertEqual(status, 201, b)
        self.assertEqual(json.loads(b)["notes"], "piecewise" * 20)

    def test_expect_100_continue(self):
        s = self.connect()
        body = json.dumps({"area": "back", "notes": "x" * 2000,
                           "at": "2026-11-01T00:00:00Z"}).encode()
        s.sendall(("POST /checkins HTTP/1.1\r\nHost: x\r\n"
                   "Content-Type: application/json\r\n"
                   "Expect: 100-continue\r\n"
                   "Content-Length: %d\r\n\r\n" % len(body)).encode())
        status, _, _ = read_response(s)
        self.assertEqual(status, 100)
        s.sendall(body)
        status, h, b = read_response(s)
        self.assertEqual(status, 201, b)
        self.assertEqual(json.loads(b)["area"], "back")

    def test_chunked_request_body(self):
        s = self.connect()
        body = json.dumps({"area": "hands",
                           "at": "2026-11-01T00:00:00Z"}).encode()
        a, b = body[:10], body[10:]
        chunked = b"%x\r\n%s\r\n%x\r\n%s\r\n0\r\n\r\n" % (len(a), a,
                                                          len(b), b)
        s.sendall(b"POST /checkins HTTP/1.1\r\nHost: x\r\n"
                  b"Content-Type: application/json\r\n"
                  b"Transfer-Encoding: chunked\r\n\r\n" + chunked)
        status, h, rb = read_response(s)
        self.assertEqual(status, 201, rb)
        self.assertEqual(json.loads(rb)["area"], "hands")

    def test_many_concurrent_clients(self):
        errors = []
        created = []
        lock = threading.Lock()

        def worker(n):
            try:
                c = http.client.HTTPConnection(self.d.host, self.d.port,
                                               timeout=10)
                for i in range(10):
                    c.request("GET", "/next-session")
                    r = c.getresponse()
                    r.read()
                    if r.status != 200:
                        raise AssertionError("GET %d" % r.status)
                    c.request("POST", "/checkins", body=json.dumps(
                        {"area": "abdomen", "notes": "w%d-%d" % (n, i),
                         "at": "2026-10-01T00:00:00Z"}),
                        headers={"Content-Type": "application/json"})
                    r = c.getresponse()
                    b = r.read()
                    if r.status != 201:
                        raise AssertionError("POST %d %r" % (r.status, b))
                    with lock:
                        created.append(json.loads(b)["id"])
                c.close()
            except Exception as e:     # noqa: B902
                with lock:
                    errors.append(repr(e))

        threads = [threading.Thread(target=worker, args=(n,))
                   for n in range(16)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        self.assertEqual(errors, [])
        self.assertEqual(len(created), 160)
        self.assertEqual(len(set(created)), 160)
        listed = self.d.list_all("/checkins", "checkins", limit=500,
                                 area="abdomen")
        self.assertEqual(sorted(c["id"] for c in listed), sorted(created))


class Shutdown(FreshDaemonTestCase):

    def test_sigterm_with_open_connections(self):
        idle = socket.create_connection((self.d.host, self.d.port),
                                        timeout=5)
        self.addCleanup(idle.close)
        half = socket.create_connection((self.d.host, self.d.port),
                                        timeout=5)
        self.addCleanup(half.close)
        half.sendall(b"POST /checkins HTTP/1.1\r\nHost: x\r\n"
                     b"Content-Type: application/json\r\n"
                     b"Content-Length: 100\r\n\r\n{")
        keep = http.client.HTTPConnection(self.d.host, self.d.port,
                                          timeout=5)
        self.addCleanup(keep.close)
        keep.request("GET", "/health")
        keep.getresponse().read()
        time.sleep(0.1)
        self.d.stop()       # asserts exit 0 within 10 s

    def test_head_request(self):
        r = self.d.request("HEAD", "/health")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.body, b"")


if __name__ == "__main__":
    main()
