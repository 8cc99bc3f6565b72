#!/usr/bin/env python3
"""Applications: create with defaults, validation, read, list order and
filters, delete; areas[] is bounded, and checked in linear time."""

import os
import sys
import time
import unittest

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import (DaemonTestCase, FreshDaemonTestCase, main,  # noqa: E402
                     Needled, NeedledAsserts, parse_time, utcnow, fmt_time, qs)
import datetime  # noqa: E402


class Applications(DaemonTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.p = cls.d.create_product("moisturizer", name="Cream")

    def test_create(self):
        r = self.d.request("POST", "/applications",
                           {"product_id": self.p["id"],
                            "areas": ["cheeks", "chin"],
                            "applied_at": "2026-11-20T21:00:00Z",
                            "notes": "night"})
        self.assertEqual(r.status, 201, r)
        a = r.body
        self.assertIsInstance(a["id"], int)
        self.assertEqual(r.headers.get("Location"),
                         "/applications/%d" % a["id"])
        self.assertEqual(a["product_id"], self.p["id"])
        self.assertEqual(a["areas"], ["cheeks", "chin"])
        self.assertEqual(a["applied_at"], "2026-11-20T21:00:00Z")
        self.assertEqual(a["notes"], "night")
        self.assertIsNone(a["session_id"])
        self.assertEqual(a["warnings"], [])
        g = self.d.get("/applications/%d" % a["id"])
        for k in ("id", "product_id", "areas", "applied_at", "notes",
                  "session_id"):
            self.assertEqual(g[k], a[k], k)

    def test_defaults(self):
        before = utcnow()
        a = self.d.apply(self.p["id"], "neck")
        after = utcnow()
        t = parse_time(a["applied_at"])
        self.assertTrue(before <= t <= after, (before, t, after))
        self.assertEqual(a["notes"], "")
        self.assertIsNone(a["session_id"])
        self.assertIn("warnings", a)
        a = self.d.call("POST", "/applications",
                        {"product_id": self.p["id"], "areas": ["nose"],
                         "applied_at": None, "notes": None},
                        expect=201)
        self.assertEqual(a["notes"], "")

    def test_offset_normalised(self):
        a = self.d.apply(self.p["id"], "hands",
                         at="2026-11-20T08:00:00+05:30")
        self.assertEqual(a["applied_at"], "2026-11-20T02:30:00Z")

    def test_validation(self):
        n = self.d.count("/applications", "applications")
        pid = self.p["id"]
        future = fmt_time(utcnow() + datetime.timedelta(minutes=10))
        cases = [({"areas": ["nose"]}, "product_id"),
                 ({"product_id": None, "areas": ["nose"]}, "product_id"),
                 ({"product_id": 999999, "areas": ["nose"]}, "product_id"),
                 ({"product_id": str(pid), "areas": ["nose"]}, "product_id"),
                 ({"product_id": pid}, "areas"),
                 ({"product_id": pid, "areas": None}, "areas"),
                 ({"product_id": pid, "areas": []}, "areas"),
                 ({"product_id": pid, "areas": "nose"}, "areas"),
                 ({"product_id": pid, "areas": ["knees"]}, "areas[0]"),
                 ({"product_id": pid, "areas": ["nose", "knees"]},
                  "areas[1]"),
                 ({"product_id": pid, "areas": ["nose", 3]}, "areas[1]"),
                 ({"product_id": pid, "areas": ["nose"],
                   "applied_at": future}, "applied_at"),
                 ({"product_id": pid, "areas": ["nose"],
                   "applied_at": "yesterday"}, "applied_at"),
                 ({"product_id": pid, "areas": ["nose"],
                   "applied_at": 1700000000}, "applied_at"),
                 ({"product_id": pid, "areas": ["nose"], "notes": 1},
                  "notes"),
                 ({"product_id": pid, "areas": ["nose"], "amount": 2},
                  "amount")]
        for body, field in cases:
            self.assertProblem(self.d.request("POST", "/applications", body),
                               422, field)
        self.assertEqual(self.d.count("/applications", "applications"), n)

    def test_computed_fields_ignored(self):
        a = self.d.call("POST", "/applications",
                        {"product_id": self.p["id"], "areas": ["scalp"],
                         "applied_at": "2026-11-01T00:00:00Z",
                         "id": 555555, "warnings": ["x"]}, expect=201)
        self.assertNotEqual(a["id"], 555555)
        self.assertEqual(a["warnings"], [])

    def test_delete(self):
        a = self.d.apply(self.p["id"], "back", at="2026-11-01T00:00:00Z")
        self.assertEqual(self.d.request(
            "DELETE", "/applications/%d" % a["id"]).status, 204)
        self.assertProblem(self.d.request(
            "GET", "/applications/%d" % a["id"]), 404)
        self.assertProblem(self.d.request(
            "DELETE", "/applications/%d" % a["id"]), 404)


class ApplicationLists(FreshDaemonTestCase):

    def setUp(self):
        super().setUp()
        d = self.d
        p = d.create_product("vitamin_c")
        q = d.create_product("retinoid")
        self.a = {}
        for key, prod, areas, at in (
                ("b", p, ["cheeks"], "2026-06-02T08:00:00Z"),
                ("a", q, ["forehead", "cheeks"], "2026-06-01T08:00:00Z"),
                ("d", p, ["forehead"], "2026-06-04T08:00:00Z"),
                ("c", q, ["chin"], "2026-06-03T08:00:00Z")):
            self.a[key] = d.apply(prod["id"], areas, at=at)["id"]

    def ids(self, **params):
        return [x["id"] for x in self.d.list_all(
            "/applications", "applications", **params)]

    def test_newest_first(self):
        a = self.a
        self.assertEqual(self.ids(), [a["d"], a["c"], a["b"], a["a"]])

    def test_filters(self):
        a = self.a
        self.assertEqual(self.ids(area="cheeks"), [a["b"], a["a"]])
        self.assertEqual(self.ids(area="forehead"), [a["d"], a["a"]])
        self.assertEqual(self.ids(area="nose"), [])
        self.assertEqual(self.ids(since="2026-06-02T08:00:00Z",
                                  until="2026-06-03T08:00:00Z"),
                         [a["c"], a["b"]])
        self.assertEqual(self.ids(area="cheeks",
                                  until="2026-06-01T08:00:00Z"), [a["a"]])

    def test_unknown_area_filter_422(self):
        self.assertProblem(self.d.request("GET", "/applications" +
                                          qs(area="knees")), 422, "area")


SEEDED = ["forehead", "cheeks", "chin", "nose", "neck", "scalp", "hands",
          "back", "arms"]
MAX_AREAS = 64      # API_MAX_AREAS: README "Limits", needled.8


class AreasBounded(unittest.TestCase, NeedledAsserts):
    """An application names at most 64 areas; a longer list is 422 naming
    areas, at once, whatever its length (a 1.4 MB body of areas held the
    only thread for seconds with a quadratic duplicate check)."""

    def setUp(self):
        self.d = Needled()
        self.addCleanup(self.d.cleanup)
        # A body as large as the one that stalled the loop is accepted.
        self.d.start(config_text="max_body_bytes = 2097152\n")
        self.addCleanup(self.d.stop)
        self.pid = self.d.create_product("moisturizer")["id"]

    def test_65_areas_is_422(self):
        r = self.d.request("POST", "/applications", {
            "product_id": self.pid,
            "areas": (SEEDED * 8)[:MAX_AREAS + 1]})
        self.assertProblem(r, 422, "areas")
        self.assertIn("at most 64", r.body["detail"])
        self.assertEqual(self.d.count("/applications", "applications"), 0)

    def test_64_areas_are_checked(self):
        # At the limit the elements are checked: duplicates are named by
        # index, and refer to the first one.
        r = self.d.request("POST", "/applications", {
            "product_id": self.pid, "areas": (SEEDED * 8)[:MAX_AREAS]})
        self.assertProblem(r, 422, "areas[%d]" % len(SEEDED))
        e = [x for x in r.body["errors"]
             if x["field"] == "areas[%d]" % len(SEEDED)][0]
        self.assertIn("already listed as areas[0]", e["message"])

    def test_huge_list_is_refused_fast(self):
        body = {"product_id": self.pid,
                "areas": ["area-%d" % i for i in range(120000)]}
        self.assertGreater(len(str(body)), 1000000)
        t0 = time.monotonic()
        r = self.d.request("POST", "/applications", body, timeout=30)
        elapsed = time.monotonic() - t0
        self.assertProblem(r, 422, "areas")
        self.assertLess(elapsed, 1.5, "areas[] of 120,000 took %.2f s"
                        % elapsed)
        # The loop is free again at once.
        self.assertEqual(self.d.get("/health")["status"], "ok")

    def test_all_seeded_areas_at_once(self):
        a = self.d.apply(self.pid, SEEDED, at="2026-11-01T08:00:00Z")
        self.assertEqual(a["areas"], SEEDED)


if __name__ == "__main__":
    main()
