#!/usr/bin/env python3
"""Hostile clients: while 1,000 idle connections (reopened as the server
closes them), slowloris headers, slowly dribbled bodies, oversized headers,
pipelined garbage and smuggling attempts (Content-Length with
Transfer-Encoding) go on, a normal client keeps getting answers: its p99
stays under a second, nothing it sends fails, and the daemon's peak RSS
stays bounded.

make check runs it for a few seconds; tests/long/hostile.sh [seconds] runs
the same for longer and prints the figures (HOSTILE_SECONDS)."""

import multiprocessing
import os
import random
import resource
import selectors
import socket
import sys
import time
import unittest

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import Needled, main  # noqa: E402

SECONDS = float(os.environ.get("HOSTILE_SECONDS", "6"))
IDLE = int(os.environ.get("HOSTILE_IDLE", "1000"))
RSS_LIMIT_KB = 64 * 1024


def sanitized():
    """Whether needled is an ASan/UBSan build (its RSS means nothing)."""
    from harness import binary
    with open(binary(), "rb") as f:
        data = f.read()
    return b"__asan_init" in data or b"__ubsan_handle" in data


def peak_rss_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return -1


class Attack(object):
    """Every kind of hostile client, on one selector, in one thread."""

    def __init__(self, port, stop, counts):
        self.port = port
        self.stop = stop
        self.counts = counts
        self.sel = selectors.DefaultSelector()
        self.rnd = random.Random(8420)
        self.opened = 0
        self.closed_by_server = 0
        self.pending = []       # (when, kind): reconnect later

    def connect(self, kind):
        s = socket.socket()
        s.setblocking(False)
        s.connect_ex(("127.0.0.1", self.port))
        self.sel.register(s, selectors.EVENT_READ, [kind, 0])
        self.opened += 1
        return s

    def send(self, s, data):
        try:
            s.send(data)
        except OSError:
            pass

    def reopen(self, key):
        kind = key.data[0]
        self.sel.unregister(key.fileobj)
        key.fileobj.close()
        self.closed_by_server += 1
        # A persistent attacker comes back, not a connection flood.
        self.pending.append((time.monotonic() + 0.1, kind))

    def start_one(self, kind):
        s = self.connect(kind)
        if kind == "header":
            self.send(s, b"GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " +
                      b"a" * 200000 + b"\r\n\r\n")
        elif kind == "smuggle":
            self.send(s, b"POST /checkins HTTP/1.1\r\nHost: x\r\n"
                      b"Content-Type: application/json\r\n"
                      b"Content-Length: 4\r\nTransfer-Encoding: chunked\r\n"
                      b"\r\n0\r\n\r\nGET /admin HTTP/1.1\r\nHost: x\r\n\r\n")
        elif kind == "garbage":
            self.send(s, bytes(self.rnd.getrandbits(8) for _ in range(512)))
        elif kind == "slowloris":
            self.send(s, b"GET /health HTTP/1.1\r\nHost: x\r\n")
        elif kind == "dribble":
            self.send(s, b"POST /checkins HTTP/1.1\r\nHost: x\r\n"
                      b"Content-Type: application/json\r\n"
                      b"Content-Length: 100000\r\n\r\n{")

    def tick(self):
        """Once in a while: a byte for each slow client."""
        for key in list(self.sel.get_map().values()):
            kind = key.data[0]
            if kind == "slowloris":
                self.send(key.fileobj, b"X-a: b\r\n")
            elif kind == "dribble":
                self.send(key.fileobj, b" ")
            elif kind == "garbage":
                self.send(key.fileobj, b"\x00\xff GARBAGE / HTTP/9\r\n")

    def run(self):
        for _ in range(IDLE):
            self.start_one("idle")
        for kind, n in (("slowloris", 20), ("dribble", 10), ("header", 10),
                        ("garbage", 10), ("smuggle", 10)):
            for _ in range(n):
                self.start_one(kind)
        last = time.monotonic()
        while not self.stop.is_set():
            for key, _ in self.sel.select(timeout=0.1):
                try:
                    data = key.fileobj.recv(65536)
                except OSError:
                    data = b""
                if not data:
                    self.reopen(key)
            now = time.monotonic()
            due = [k for w, k in self.pending if w <= now]
            self.pending = [(w, k) for w, k in self.pending if w > now]
            for kind in due:
                self.start_one(kind)
            if now - last > 0.5:
                self.tick()
                last = now
        for key in list(self.sel.get_map().values()):
            key.fileobj.close()
        self.counts[0] = self.opened
        self.counts[1] = self.closed_by_server


def attack_main(port, stop, counts):
    """The attack in a process of its own: it must not slow the client."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    Attack(port, stop, counts).run()


class Hostile(unittest.TestCase):

    def setUp(self):
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        if hard != resource.RLIM_INFINITY and hard < IDLE + 200:
            raise unittest.SkipTest("the fd limit (%d) is below %d" %
                                    (hard, IDLE + 200))
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        self.d = Needled()
        self.addCleanup(self.d.cleanup)
        self.d.start(config_text="header_timeout = 2\n")
        self.addCleanup(lambda: self.d.proc and self.d.stop())

    def test_normal_client_keeps_being_served(self):
        d = self.d
        d.session(["cheeks"], depth=0.5)
        ctx = multiprocessing.get_context("fork")
        stop = ctx.Event()
        counts = ctx.Array("l", 2)
        t = ctx.Process(target=attack_main, args=(d.port, stop, counts),
                        daemon=True)
        t.start()
        time.sleep(1.0)         # let the attack take its connections
        lat, errors, writes = [], [], 0
        end = time.monotonic() + SECONDS
        i = 0
        while time.monotonic() < end:
            i += 1
            t0 = time.monotonic()
            try:
                if i % 10 == 0:
                    r = d.request("POST", "/checkins", {"area": "chin"},
                                  timeout=5)
                    ok = r.status == 201
                    writes += ok
                else:
                    r = d.request("GET", "/next-session", timeout=5)
                    ok = r.status == 200
                if not ok:
                    errors.append(r.status)
            except OSError as e:
                errors.append(repr(e))
            lat.append(time.monotonic() - t0)
            time.sleep(0.01)
        rss = peak_rss_kb(d.proc.pid)
        stop.set()
        t.join(10)
        opened, closed = counts[0], counts[1]
        lat.sort()
        p50 = lat[len(lat) // 2]
        p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))]
        print("hostile: %.0f s, %d idle + 60 slow/garbage connections, "
              "%d opened, %d closed by the server; normal client: %d "
              "requests (%d writes), %d failed, p50 %.1f ms, p99 %.1f ms, "
              "max %.1f ms; needled peak RSS %.1f MB" % (
                  SECONDS, IDLE, opened, closed,
                  len(lat), writes, len(errors), p50 * 1000, p99 * 1000,
                  lat[-1] * 1000, rss / 1024.0), file=sys.stderr)
        self.assertEqual(errors, [])
        self.assertLess(p99, 1.0)
        self.assertGreater(len(lat), 20)
        if not sanitized():
            self.assertLess(rss, RSS_LIMIT_KB, "peak RSS %d kB" % rss)
        # The attack was real: the server closed what it had to.
        self.assertGreater(closed, 50)
        # Still serving, and nothing smuggled got in.
        self.assertEqual(d.get("/health")["status"], "ok")
        self.assertEqual(d.count("/checkins", "checkins"), writes)


if __name__ == "__main__":
    main()
