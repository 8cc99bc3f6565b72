#!/usr/bin/env python3
"""/health, the command line, unknown routes (404), wrong methods (405 with
Allow), OPTIONS (204 with Allow) and the problem+json shape."""

import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import (DaemonTestCase, Needled, NeedledAsserts,  # noqa: E402
                     run_once, main)
import unittest  # noqa: E402


class Health(DaemonTestCase):

    def test_health_reply(self):
        r = self.d.request("GET", "/health")
        self.assertEqual(r.status, 200)
        self.assertTrue(r.headers["Content-Type"].startswith(
            "application/json"), r.headers)
        self.assertEqual(r.body["status"], "ok")
        self.assertEqual(r.body["db"], "ok")
        self.assertIsInstance(r.body["version"], str)
        self.assertTrue(r.body["version"])
        self.assertIsInstance(r.body["uptime_s"], (int, float))
        self.assertNotIsInstance(r.body["uptime_s"], bool)
        self.assertGreaterEqual(r.body["uptime_s"], 0)
        self.assertLess(r.body["uptime_s"], 600)
        self.assertIn("ETag", r.headers)

    def test_version_flag_matches_health(self):
        version = self.d.get("/health")["version"]
        rc, out, err = run_once(["--version"])
        self.assertEqual(rc, 0, err)
        self.assertEqual(out.strip(), "needled %s" % version, (out, err))

    def test_help_flag(self):
        rc, out, err = run_once(["--help"])
        self.assertEqual(rc, 0, err)
        text = out + err
        self.assertIn("needled", text)
        self.assertIn("-d", text)
        self.assertIn("-l", text)

    def test_unknown_option_exits_1(self):
        rc, out, err = run_once(["--no-such-option"])
        self.assertEqual(rc, 1, (out, err))
        self.assertTrue(err.strip(), "nothing on stderr")

    def test_unknown_routes_404(self):
        for path in ("/nope", "/sessions/1/extra", "/areas/forehead/x",
                     "/healthz", "/next-sessions", "/rules",
                     "/rules/intervals/1"):
            r = self.d.request("GET", path)
            self.assertProblem(r, 404, fields_empty=True)

    def test_unknown_ids_and_slugs_404(self):
        for path in ("/sessions/999999", "/devices/999999",
                     "/products/999999", "/applications/999999",
                     "/checkins/999999", "/areas/no-such-area",
                     "/product-categories/no-such-category",
                     "/sessions/abc", "/devices/abc", "/sessions/-1",
                     "/sessions/0"):
            self.assertProblem(self.d.request("GET", path), 404)
        for method, path in (("PATCH", "/sessions/999999"),
                             ("DELETE", "/sessions/999999"),
                             ("PATCH", "/devices/999999"),
                             ("DELETE", "/devices/999999"),
                             ("PATCH", "/products/999999"),
                             ("DELETE", "/products/999999"),
                             ("DELETE", "/applications/999999"),
                             ("DELETE", "/checkins/999999"),
                             ("PATCH", "/areas/no-such-area"),
                             ("DELETE", "/areas/no-such-area"),
                             ("PATCH", "/product-categories/nope")):
            body = None
            if method == "PATCH":
                # a body valid for the resource, so only the path is wrong
                body = {"notes": "x"}
                if "/areas/" in path or "/devices/" in path \
                        or "/products/" in path:
                    body = {"name": "x"}
                elif "/product-categories/" in path:
                    body = {"stop_before_h": 1}
            self.assertProblem(self.d.request(method, path, body), 404)

    def test_wrong_method_405_with_allow(self):
        cases = [
            ("DELETE", "/health", {"GET"}),
            ("POST", "/health", {"GET"}),
            ("POST", "/next-session", {"GET"}),
            ("PUT", "/sessions", {"GET", "POST"}),
            ("DELETE", "/sessions", {"GET", "POST"}),
            ("PUT", "/areas", {"GET", "POST"}),
            ("POST", "/areas/forehead", {"GET", "PATCH", "DELETE"}),
            ("PUT", "/devices", {"GET", "POST"}),
            ("POST", "/product-categories", {"GET"}),
            ("DELETE", "/product-categories/retinoid", {"GET", "PATCH"}),
            ("POST", "/rules/intervals", {"GET", "PUT"}),
            ("PATCH", "/rules/intervals", {"GET", "PUT"}),
            ("PUT", "/profile", {"GET", "PATCH"}),
            ("DELETE", "/profile", {"GET", "PATCH"}),
            ("PATCH", "/applications", {"GET", "POST"}),
            ("PUT", "/checkins", {"GET", "POST"}),
        ]
        for method, path, allowed in cases:
            body = {} if method in ("POST", "PUT", "PATCH") else None
            r = self.d.request(method, path, body)
            self.assertProblem(r, 405, fields_empty=True)
            self.assertAllow(r, allowed, [method])

    def test_wrong_method_on_existing_items(self):
        d = self.d
        p = d.create_product("moisturizer")
        a = d.apply(p["id"], "hands", at="2026-11-01T10:00:00Z")
        c = d.checkin("hands", at="2026-11-01T11:00:00Z")
        for path in ("/applications/%d" % a["id"], "/checkins/%d" % c["id"]):
            for method in ("PUT", "POST"):
                r = d.request(method, path, {"notes": "x"})
                self.assertProblem(r, 405)
                self.assertAllow(r, {"GET", "PATCH", "DELETE"}, [method])
        s = d.session("hands", 0.25, at="2026-11-02T10:00:00Z")
        r = d.request("PUT", "/sessions/%d" % s["id"], {"notes": "x"})
        self.assertProblem(r, 405)
        self.assertAllow(r, {"GET", "PATCH", "DELETE"}, ["PUT"])

    def test_options_204_with_allow(self):
        for path, allowed, not_allowed in (
                ("/sessions", {"GET", "POST"}, ["DELETE", "PATCH"]),
                ("/areas/forehead", {"GET", "PATCH", "DELETE"}, ["POST"]),
                ("/health", {"GET"}, ["POST", "DELETE"]),
                ("/rules/intervals", {"GET", "PUT"}, ["DELETE"]),
                ("/profile", {"GET", "PATCH"}, ["DELETE"]),
                ("/next-session", {"GET"}, ["POST"])):
            r = self.d.request("OPTIONS", path)
            self.assertEqual(r.status, 204, (path, r))
            self.assertAllow(r, allowed, not_allowed)
            self.assertEqual(r.body, b"")

    def test_problem_shape(self):
        r = self.d.request("GET", "/nope")
        b = self.assertProblem(r, 404)
        self.assertIsInstance(b["type"], str)
        self.assertIsInstance(b["title"], str)
        self.assertIsInstance(b["detail"], str)
        self.assertTrue(b["title"])


class CommandLine(unittest.TestCase, NeedledAsserts):

    def test_long_options(self):
        d = Needled()
        self.addCleanup(d.cleanup)
        d.start(long_options=True)
        self.assertEqual(d.get("/health")["status"], "ok")
        self.assertTrue(os.path.exists(d.db_path),
                        "--database file not created")
        d.stop()

    def test_empty_config_file(self):
        d = Needled()
        self.addCleanup(d.cleanup)
        d.start(config_text="# an empty needled.conf\n")
        self.assertEqual(d.get("/health")["db"], "ok")
        d.stop()

    def test_long_option_config(self):
        d = Needled()
        self.addCleanup(d.cleanup)
        d.start(config_text="# empty\n", long_options=True)
        self.assertEqual(d.get("/health")["status"], "ok")
        d.stop()

    def test_database_file_created_at_given_path(self):
        d = Needled()
        self.addCleanup(d.cleanup)
        path = os.path.join(d.tmpdir, "other name.db")
        d.start(db_path=path)
        self.assertTrue(os.path.exists(path))
        self.assertEqual(d.get("/health")["db"], "ok")
        d.stop()


if __name__ == "__main__":
    main()
