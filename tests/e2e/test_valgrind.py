#!/usr/bin/env python3
"""needled under valgrind (memcheck, --leak-check=full): a few requests of
every kind -- each resource created, read, listed, patched and deleted,
readiness, ETag/304, keep-alive, malformed JSON, unknown fields, unknown
routes, wrong methods, an oversized body, a connection closed half-way --
then SIGTERM.  Fails on any memcheck error or definite/possible leak
(valgrind exits 99), or if needled does not exit 0.

Skipped (exit 77, visible) when valgrind is not installed or the binary is
built with sanitizers (valgrind cannot run those).  The long form,
tests/long/valgrind.sh, runs the same scenario ROUNDS times per start.

    test_valgrind.py [--rounds N]
"""

import argparse
import os
import shutil
import signal
import socket
import stat
import sys
import tempfile
import unittest

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import harness  # noqa: E402
from harness import Needled, binary  # noqa: E402

VALGRIND_ARGS = ["--error-exitcode=99", "--leak-check=full",
                 "--show-leak-kinds=definite,indirect,possible",
                 "--errors-for-leak-kinds=definite,indirect,possible",
                 "--track-fds=no", "--num-callers=30"]
ROUNDS = 1


def why_not():
    """None if valgrind can run needled here, else the reason."""
    if shutil.which("valgrind") is None:
        return "valgrind is not installed"
    try:
        with open(binary(), "rb") as f:
            data = f.read()
    except OSError as e:
        return "cannot read %s: %s" % (binary(), e)
    if b"__asan_init" in data or b"__ubsan_handle" in data:
        return "%s is built with sanitizers" % binary()
    return None


def scenario(d, tag):
    """A few requests of each kind; asserts the statuses."""
    d.get("/health")
    area = d.create_area("vg-%s" % tag, name="Valgrind", region="body",
                         max_home_depth_mm=0.5)
    d.get("/areas/%s" % area["slug"])
    d.call("PATCH", "/areas/%s" % area["slug"], {"name": "VG"})
    roller = d.create_device("roller", 0.5)
    pen = d.create_device("pen")
    d.call("PATCH", "/devices/%d" % roller["id"], {"name": "renamed"})
    prod = d.create_product("retinoid", stop_before_h=100)
    d.call("PATCH", "/products/%d" % prod["id"], {"avoid_after_h": 12})
    d.get("/products/%d" % prod["id"])
    d.get("/product-categories")
    d.call("PATCH", "/product-categories/makeup", {"avoid_after_h": 36})
    s1 = d.session(["forehead", area["slug"]], 0.25,
                   at=harness.ago(days=30), device_id=roller["id"],
                   products=[prod["id"]], notes="vg")
    s2 = d.session("cheeks", 1.0, at=harness.ago(days=2),
                   device_id=pen["id"], setting="clinic")
    d.session("cheeks", 0.25)    # early: a warning
    d.call("PATCH", "/sessions/%d" % s2["id"], {"notes": "patched"})
    d.get("/sessions/%d" % s1["id"])
    app = d.apply(prod["id"], ["chin", "neck"], notes="pm")
    d.get("/applications/%d" % app["id"])
    chk = d.checkin("cheeks", redness=1, conditions=["sunburn"])
    d.get("/checkins/%d" % chk["id"])
    for path, key in (("/sessions", "sessions"),
                      ("/applications", "applications"),
                      ("/checkins", "checkins"), ("/areas", "areas"),
                      ("/devices", "devices"), ("/products", "products")):
        d.list_all(path, key, limit=2)
    d.get("/sessions?area=cheeks&since=%s" % harness.ago(days=10))
    d.call("PATCH", "/profile", {"name": "VG", "fitzpatrick": 3})
    d.get("/profile")
    rules = d.get("/rules/intervals")
    d.call("PUT", "/rules/intervals", rules)
    d.next_session()
    d.next_session(area="cheeks", at=harness.ago(days=1))
    r = d.request("GET", "/areas")
    d.call("GET", "/areas", headers={"If-None-Match": r.headers["ETag"]},
           expect=304)
    # errors
    d.call("POST", "/sessions", b"{not json",
           headers={"Content-Type": "application/json"}, expect=400)
    d.call("POST", "/checkins", {"area": "cheeks", "bogus": 1}, expect=422)
    d.call("POST", "/sessions", {"treatments": [{"area": "nowhere"}]},
           expect=422)
    d.call("POST", "/checkins", "area=cheeks",
           headers={"Content-Type": "text/plain"}, expect=415)
    d.call("POST", "/checkins", {"notes": "x" * (70 * 1024)}, expect=413)
    d.call("GET", "/nowhere", expect=404)
    d.call("GET", "/sessions/999999", expect=404)
    d.call("DELETE", "/health", expect=405)
    d.call("GET", "/sessions?limit=0", expect=400)
    # a connection that goes away half-way through a body
    s = socket.create_connection((d.host, d.port), timeout=5)
    s.sendall(b"POST /checkins HTTP/1.1\r\nHost: t\r\n"
              b"Content-Type: application/json\r\nContent-Length: 50\r\n"
              b"\r\n{\"area\":")
    s.close()
    # deletes
    d.call("DELETE", "/applications/%d" % app["id"], expect=204)
    d.call("DELETE", "/checkins/%d" % chk["id"], expect=204)
    d.call("DELETE", "/sessions/%d" % s1["id"], expect=204)
    d.call("DELETE", "/sessions/%d" % s2["id"], expect=204)
    d.call("DELETE", "/devices/%d" % pen["id"], expect=204)


def valgrind_run(rounds=ROUNDS):
    """Start needled under valgrind, run the scenario rounds times, SIGTERM.
    Returns (exit status, valgrind's log text)."""
    tmp = tempfile.mkdtemp(prefix="needled-vg-")
    try:
        log = os.path.join(tmp, "valgrind.log")
        wrapper = os.path.join(tmp, "needled-vg")
        with open(wrapper, "w") as f:
            f.write("#!/bin/sh\nexec valgrind %s --log-file=%s %s \"$@\"\n"
                    % (" ".join(VALGRIND_ARGS), log, binary()))
        os.chmod(wrapper, stat.S_IRWXU)
        old = os.environ.get("NEEDLED")
        os.environ["NEEDLED"] = wrapper
        old_start, old_stop = harness.START_TIMEOUT, harness.STOP_TIMEOUT
        harness.START_TIMEOUT = harness.STOP_TIMEOUT = 60.0
        d = Needled()
        try:
            d.start()
            for i in range(rounds):
                scenario(d, str(i))
            rc = d.signal_stop(signal.SIGTERM)
        finally:
            d.cleanup()
            harness.START_TIMEOUT, harness.STOP_TIMEOUT = old_start, old_stop
            if old is None:
                del os.environ["NEEDLED"]
            else:
                os.environ["NEEDLED"] = old
        with open(log) as f:
            text = f.read()
        return rc, text
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def summary(text):
    return [ln for ln in text.splitlines()
            if "ERROR SUMMARY" in ln or "definitely lost" in ln
            or "possibly lost" in ln or "in use at exit" in ln]


class Valgrind(unittest.TestCase):

    def test_no_memcheck_error_and_no_leak(self):
        reason = why_not()
        if reason:
            self.skipTest(reason)
        rc, text = valgrind_run(ROUNDS)
        self.assertIn("ERROR SUMMARY: 0 errors", text, text[-6000:])
        self.assertEqual(rc, 0, "exit status %r (99: valgrind found "
                         "errors):\n%s" % (rc, text[-6000:]))
        print("\n".join(summary(text)), file=sys.stderr)


def main():
    global ROUNDS
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=1)
    args, rest = ap.parse_known_args()
    ROUNDS = args.rounds
    prog = unittest.main(argv=[sys.argv[0]] + rest, exit=False, verbosity=int(
        os.environ.get("E2E_VERBOSITY", "1")))
    r = prog.result
    if not r.wasSuccessful():
        sys.exit(1)
    if r.skipped:
        for case, why in r.skipped:
            print("SKIPPED %s: %s" % (case.id(), why), file=sys.stderr)
        sys.exit(77)
    sys.exit(0)


if __name__ == "__main__":
    main()
