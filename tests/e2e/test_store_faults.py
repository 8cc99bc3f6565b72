#!/usr/bin/env python3
"""Store failures are told as what they are: a database locked by another
process is 503 with Retry-After at once (the one thread never waits on a
lock), reads go on meanwhile, and writes work again once the lock goes;
values that would be stored as something else are refused; a path or query
that is not UTF-8 still gets a problem+json answer."""

import errno
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import unittest

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import FreshDaemonTestCase, main  # noqa: E402


class LockedDatabase(FreshDaemonTestCase):

    def hold_write_lock(self):
        other = sqlite3.connect(self.d.db_path, isolation_level=None,
                                timeout=0)
        other.execute("BEGIN IMMEDIATE")
        self.addCleanup(other.close)
        return other

    def test_write_is_503_at_once_and_reads_go_on(self):
        other = self.hold_write_lock()
        t0 = time.monotonic()
        r = self.d.request("POST", "/checkins", {"area": "forehead"})
        elapsed = time.monotonic() - t0
        self.assertProblem(r, 503)
        self.assertEqual(r.headers.get("Retry-After"), "1")
        self.assertIn("locked", r.body["detail"])
        self.assertIn("nothing was changed", r.body["detail"])
        self.assertLess(elapsed, 1.0, "a locked database stalled the "
                        "daemon for %.2f s" % elapsed)
        # The loop is free: health and reads answer at once.
        t0 = time.monotonic()
        self.assertEqual(self.d.get("/health")["status"], "ok")
        self.d.get("/checkins")
        self.d.get("/next-session")
        self.assertLess(time.monotonic() - t0, 1.0)
        other.execute("ROLLBACK")
        self.d.call("POST", "/checkins", {"area": "forehead"}, expect=201)
        self.assertEqual(self.d.count("/checkins", "checkins"), 1)

    def test_every_write_route_answers_503(self):
        pid = self.d.create_product(category="moisturizer")["id"]
        sid = self.d.session(["cheeks"], depth=0.25)["id"]
        self.hold_write_lock()
        for method, path, body in [
                ("POST", "/sessions",
                 {"treatments": [{"area": "chin", "depth_mm": 0.25}]}),
                ("PATCH", "/sessions/%d" % sid, {"notes": "x"}),
                ("DELETE", "/sessions/%d" % sid, None),
                ("POST", "/applications",
                 {"product_id": pid, "areas": ["chin"]}),
                ("POST", "/areas", {"slug": "knees"}),
                ("PATCH", "/areas/chin", {"name": "Chin"}),
                ("PATCH", "/profile", {"sensitive": True}),
                ("PUT", "/rules/intervals",
                 {"bands": [{"max_depth_mm": 3, "interval_h": 24}],
                  "skin_factor": 1}),
                ("POST", "/devices", {"name": "r", "kind": "roller",
                                      "needle_length_mm": 0.5}),
                ("DELETE", "/products/%d" % pid, None)]:
            r = self.d.request(method, path, body)
            self.assertEqual(r.status, 503, "%s %s: %r" % (method, path,
                                                           r.body))
            self.assertEqual(r.headers.get("Retry-After"), "1")

    def test_log_write_routes_answer_503(self):
        # Every write of sessions, applications and check-ins (the routes
        # of api_sessions.c, api_applications.c, api_checkins.c).
        pid = self.d.create_product(category="moisturizer")["id"]
        sid = self.d.session(["cheeks"], depth=0.25)["id"]
        aid = self.d.apply(pid, ["chin"])["id"]
        cid = self.d.checkin("chin")["id"]
        self.hold_write_lock()
        for method, path, body in [
                ("POST", "/sessions",
                 {"treatments": [{"area": "chin", "depth_mm": 0.25}]}),
                ("PATCH", "/sessions/%d" % sid, {"notes": "x"}),
                ("DELETE", "/sessions/%d" % sid, None),
                ("POST", "/applications",
                 {"product_id": pid, "areas": ["chin"]}),
                ("DELETE", "/applications/%d" % aid, None),
                ("POST", "/checkins", {"area": "nose"}),
                ("DELETE", "/checkins/%d" % cid, None)]:
            r = self.d.request(method, path, body)
            self.assertProblem(r, 503)
            self.assertEqual(r.headers.get("Retry-After"), "1",
                             "%s %s" % (method, path))
            self.assertIn("nothing was changed", r.body["detail"])
        # Reads go on, and a missing id is still 404, not 503.
        self.assertEqual(self.d.get("/sessions/%d" % sid)["notes"], "")
        self.assertProblem(self.d.request("PATCH", "/sessions/999999",
                                          {"notes": "x"}), 503)
        self.assertProblem(self.d.request("GET", "/checkins/999999"), 404)


    def test_every_catalogue_write_answers_503(self):
        # Areas, devices, products, categories, rules and the profile:
        # every write, and nothing of it is stored.
        did = self.d.create_device()["id"]
        pid = self.d.create_product(category="moisturizer")["id"]
        self.d.create_area("knees")
        before = {path: self.d.get(path) for path in (
            "/areas?limit=500", "/devices", "/products",
            "/product-categories", "/rules/intervals", "/profile")}
        self.hold_write_lock()
        for method, path, body in [
                ("POST", "/areas", {"slug": "shins"}),
                ("PATCH", "/areas/chin", {"name": "Chin 2"}),
                ("DELETE", "/areas/knees", None),
                ("POST", "/devices", {"name": "r", "kind": "roller",
                                      "needle_length_mm": 0.5}),
                ("PATCH", "/devices/%d" % did, {"retired": True}),
                ("DELETE", "/devices/%d" % did, None),
                ("POST", "/products", {"name": "p",
                                       "category": "retinoid"}),
                ("PATCH", "/products/%d" % pid, {"name": "q"}),
                ("DELETE", "/products/%d" % pid, None),
                ("PATCH", "/product-categories/retinoid",
                 {"name": "Retinoids", "stop_before_h": 1}),
                ("PUT", "/rules/intervals",
                 {"bands": [{"max_depth_mm": 3, "interval_h": 24}],
                  "skin_factor": 1}),
                ("PATCH", "/profile", {"sensitive": True})]:
            r = self.d.request(method, path, body)
            self.assertProblem(r, 503)
            self.assertEqual(r.headers.get("Retry-After"), "1",
                             "%s %s" % (method, path))
            self.assertIn("nothing was changed", r.body["detail"])
        for path, body in before.items():
            self.assertEqual(self.d.get(path), body, path)


class FullDisk(unittest.TestCase):
    """The database on a 4 MiB tmpfs that a filler file then fills."""

    def setUp(self):
        if os.geteuid() != 0:
            raise unittest.SkipTest("mounting a tmpfs needs root")
        from harness import Needled
        self.mnt = tempfile.mkdtemp(prefix="needled-full-")
        self.addCleanup(shutil.rmtree, self.mnt, True)
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs",
                        self.mnt], check=True)
        self.addCleanup(subprocess.run, ["umount", "-l", self.mnt])
        self.d = Needled()
        self.addCleanup(self.d.cleanup)
        self.d.start(db_path=os.path.join(self.mnt, "needled.db"))
        self.addCleanup(lambda: self.d.proc and self.d.stop())
        self.filler = os.path.join(self.mnt, "filler")

    def fill(self):
        chunk = b"\0" * 65536
        with open(self.filler, "wb", buffering=0) as f:
            while True:
                try:
                    f.write(chunk)
                except OSError as e:
                    self.assertEqual(e.errno, errno.ENOSPC)
                    break
            for n in (4096, 512, 64, 1):
                while True:
                    try:
                        f.write(b"\0" * n)
                    except OSError:
                        break

    def test_507_then_writes_resume_and_nothing_is_lost(self):
        acked = []
        for i in range(5):
            acked.append(self.d.call("POST", "/checkins", {
                "area": "chin", "notes": "before %d" % i}, expect=201)["id"])
        self.fill()
        got = None
        for i in range(400):
            r = self.d.request("POST", "/checkins", {
                "area": "chin", "notes": "x" * 3000})
            if r.status == 201:
                acked.append(r.body["id"])
                continue
            got = r
            break
        self.assertIsNotNone(got, "400 writes fitted on a full disk")
        self.assertProblem(got, 507)
        self.assertIn("full", got.body["detail"])
        self.assertIn("nothing was changed", got.body["detail"])
        # Reads keep working, and the daemon is alive.
        self.assertEqual(self.d.get("/health")["status"], "ok")
        self.d.get("/checkins")
        # Space returns: writes work again without a restart.
        os.unlink(self.filler)
        acked.append(self.d.call("POST", "/checkins", {
            "area": "chin", "notes": "after"}, expect=201)["id"])
        stored = {c["id"] for c in self.d.list_all("/checkins", "checkins")}
        self.assertEqual(set(acked) - stored, set())
        self.d.stop()
        db = sqlite3.connect(self.d.db_path)
        self.assertEqual(db.execute("PRAGMA integrity_check").fetchone(),
                         ("ok",))
        self.assertEqual(db.execute(
            "SELECT count(*) FROM checkin").fetchone()[0], len(acked))
        db.close()

    assertProblem = FreshDaemonTestCase.assertProblem


class ValuesStoredAsGiven(FreshDaemonTestCase):

    def test_tiny_depth_is_refused_not_rounded_to_zero(self):
        for value in (1e-7, 4e-7):
            r = self.d.request("POST", "/sessions", {
                "treatments": [{"area": "chin", "depth_mm": value}]})
            self.assertProblem(r, 422, field="treatments[0].depth_mm")
        self.assertEqual(self.d.count("/sessions", "sessions"), 0)

    def test_cap_and_needle_length_too(self):
        r = self.d.request("PATCH", "/areas/chin",
                           {"max_home_depth_mm": 1e-7})
        self.assertProblem(r, 422, field="max_home_depth_mm")
        r = self.d.request("POST", "/devices", {
            "name": "r", "kind": "roller", "needle_length_mm": 1e-7})
        self.assertProblem(r, 422, field="needle_length_mm")
        self.assertEqual(self.d.get("/areas/chin")["max_home_depth_mm"], 0.5)

    def test_value_rounds_to_what_is_shown(self):
        body = self.d.session(["chin"], depth=0.2500004)
        self.assertEqual(body["treatments"][0]["depth_mm"], 0.25)
        # A PATCH that merges the stored session passes again.
        self.d.call("PATCH", "/sessions/%d" % body["id"], {"notes": "n"})


class NotUtf8(FreshDaemonTestCase):

    def test_paths_and_queries_get_problem_json(self):
        for path, status in [("/sessions/%FF", 404),
                             ("/areas/%C3%28", 404),
                             ("/no/such/%FE%FF", 404),
                             ("/sessions?area=%FF", 422),
                             ("/next-session?area=%E2%82", 422)]:
            r = self.d.request("GET", path)
            self.assertEqual(r.status, status, path)
            self.assertIn("application/problem+json",
                          r.headers.get("Content-Type", ""), path)
            self.assertIsInstance(r.body, dict, path)
            self.assertEqual(r.body["status"], status)
            self.assertIn("\\x", r.body["detail"], path)


if __name__ == "__main__":
    main()
