#!/usr/bin/env python3
"""Applications: create with defaults, validation, read, list order and
filters, delete."""

import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import (DaemonTestCase, FreshDaemonTestCase, main,  # noqa: E402
                     parse_time, utcnow, fmt_time, qs)
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


if __name__ == "__main__":
    main()
