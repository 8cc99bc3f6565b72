#!/usr/bin/env python3
"""Devices: rollers, stamps and pens; defaults, validation, uses,
first_used_at and worn (healing-model.md §5), update and delete."""

import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import DaemonTestCase, ago, main  # noqa: E402

DEVICE_KEYS = {"id", "name", "kind", "needle_length_mm", "needle_count",
               "max_uses", "max_age_days", "uses", "first_used_at", "worn",
               "retired"}


class Devices(DaemonTestCase):

    def test_create_roller_defaults(self):
        r = self.d.request("POST", "/devices",
                           {"name": "Derma roller", "kind": "roller",
                            "needle_length_mm": 0.5, "needle_count": 540})
        self.assertEqual(r.status, 201, r)
        b = r.body
        self.assertTrue(DEVICE_KEYS <= set(b), b)
        self.assertIsInstance(b["id"], int)
        self.assertEqual(r.headers.get("Location"), "/devices/%d" % b["id"])
        self.assertEqual(b["name"], "Derma roller")
        self.assertEqual(b["kind"], "roller")
        self.assertEqual(b["needle_length_mm"], 0.5)
        self.assertEqual(b["needle_count"], 540)
        self.assertEqual(b["max_uses"], 12)
        self.assertEqual(b["max_age_days"], 42)
        self.assertEqual(b["uses"], 0)
        self.assertIsNone(b["first_used_at"])
        self.assertIs(b["worn"], False)
        self.assertIs(b["retired"], False)
        g = self.d.get("/devices/%d" % b["id"])
        for k in DEVICE_KEYS:
            self.assertEqual(g[k], b[k], k)

    def test_create_stamp_with_limits(self):
        b = self.d.call("POST", "/devices",
                        {"name": "Stamp", "kind": "stamp",
                         "needle_length_mm": 1.0, "max_uses": 5,
                         "max_age_days": 10, "retired": False}, expect=201)
        self.assertEqual((b["kind"], b["needle_length_mm"], b["max_uses"],
                          b["max_age_days"]), ("stamp", 1.0, 5, 10))

    def test_create_pen(self):
        b = self.d.call("POST", "/devices", {"name": "Pen", "kind": "pen"},
                        expect=201)
        self.assertEqual(b["kind"], "pen")
        self.assertIsNone(b["needle_length_mm"])
        self.assertIsNone(b["max_uses"])
        self.assertIsNone(b["max_age_days"])
        self.assertIs(b["worn"], False)
        self.assertEqual(b["uses"], 0)

    def test_pen_rejects_fixed_length_and_limits(self):
        before = self.d.count("/devices", "devices")
        for extra, field in (({"needle_length_mm": 0.5}, "needle_length_mm"),
                             ({"max_uses": 12}, "max_uses"),
                             ({"max_age_days": 42}, "max_age_days")):
            body = {"name": "Pen", "kind": "pen"}
            body.update(extra)
            self.assertProblem(self.d.request("POST", "/devices", body),
                               422, field)
        self.assertEqual(self.d.count("/devices", "devices"), before)

    def test_needle_length_rules(self):
        ok = self.d.call("POST", "/devices",
                         {"name": "R3", "kind": "roller",
                          "needle_length_mm": 3}, expect=201)
        self.assertEqual(ok["needle_length_mm"], 3)
        ok = self.d.call("POST", "/devices",
                         {"name": "R.2", "kind": "stamp",
                          "needle_length_mm": 0.2}, expect=201)
        self.assertEqual(ok["needle_length_mm"], 0.2)
        before = self.d.count("/devices", "devices")
        for kind in ("roller", "stamp"):
            for v in (0, -0.5, 3.01, 10, "0.5", True):
                self.assertProblem(self.d.request(
                    "POST", "/devices",
                    {"name": "R", "kind": kind, "needle_length_mm": v}),
                    422, "needle_length_mm")
            for body in ({"name": "R", "kind": kind},
                         {"name": "R", "kind": kind,
                          "needle_length_mm": None}):
                self.assertProblem(self.d.request("POST", "/devices", body),
                                   422, "needle_length_mm")
        self.assertEqual(self.d.count("/devices", "devices"), before)

    def test_required_and_types(self):
        before = self.d.count("/devices", "devices")
        cases = [({"kind": "pen"}, "name"),
                 ({"name": None, "kind": "pen"}, "name"),
                 ({"name": 5, "kind": "pen"}, "name"),
                 ({"name": "X"}, "kind"),
                 ({"name": "X", "kind": None}, "kind"),
                 ({"name": "X", "kind": "laser"}, "kind"),
                 ({"name": "X", "kind": "Roller", "needle_length_mm": 0.5},
                  "kind"),
                 ({"name": "X", "kind": "pen", "retired": "no"}, "retired"),
                 ({"name": "X", "kind": "pen", "needle_count": "12"},
                  "needle_count"),
                 ({"name": "X", "kind": "roller", "needle_length_mm": 0.5,
                   "max_uses": "12"}, "max_uses"),
                 ({"name": "X", "kind": "roller", "needle_length_mm": 0.5,
                   "max_uses": 1.5}, "max_uses"),
                 ({"name": "X", "kind": "pen", "colour": "red"}, "colour")]
        for body, field in cases:
            self.assertProblem(self.d.request("POST", "/devices", body), 422,
                               field)
        self.assertEqual(self.d.count("/devices", "devices"), before)

    def test_computed_fields_ignored(self):
        b = self.d.call("POST", "/devices",
                        {"name": "C", "kind": "roller",
                         "needle_length_mm": 0.25, "id": 424242, "uses": 99,
                         "worn": True, "first_used_at":
                         "2026-01-01T00:00:00Z"}, expect=201)
        self.assertNotEqual(b["id"], 424242)
        self.assertEqual(b["uses"], 0)
        self.assertIs(b["worn"], False)
        self.assertIsNone(b["first_used_at"])

    def test_uses_and_first_used_at(self):
        dev = self.d.create_device("roller", 0.25)
        t2 = ago(days=2)
        t1 = ago(days=5)
        t3 = ago(days=1)
        # inserted out of order: first_used_at is the earliest
        self.d.session("arms", at=t2, device_id=dev["id"], setting="clinic")
        self.d.session("back", at=t1, device_id=dev["id"], setting="clinic")
        self.d.session("thighs", at=t3, device_id=dev["id"],
                       setting="clinic")
        g = self.d.get("/devices/%d" % dev["id"])
        self.assertEqual(g["uses"], 3)
        self.assertEqual(g["first_used_at"], t1)
        self.assertIs(g["worn"], False)

    def test_worn_by_uses(self):
        dev = self.d.create_device("stamp", 0.25, max_uses=2)
        a = self.d.create_area()["slug"]
        self.d.session(a, at=ago(days=20), device_id=dev["id"])
        self.assertIs(self.d.get("/devices/%d" % dev["id"])["worn"], False)
        self.d.session(a, at=ago(days=10), device_id=dev["id"])
        g = self.d.get("/devices/%d" % dev["id"])
        self.assertEqual(g["uses"], 2)
        self.assertIs(g["worn"], True)

    def test_worn_by_age(self):
        dev = self.d.create_device("roller", 0.25, max_age_days=5)
        a = self.d.create_area()["slug"]
        self.d.session(a, at=ago(days=4), device_id=dev["id"])
        self.assertIs(self.d.get("/devices/%d" % dev["id"])["worn"], False)
        old = self.d.create_device("roller", 0.25)
        self.d.session(a, at=ago(days=43), device_id=old["id"])
        g = self.d.get("/devices/%d" % old["id"])
        self.assertEqual(g["uses"], 1)
        self.assertIs(g["worn"], True)

    def test_pen_never_worn(self):
        pen = self.d.create_device("pen")
        a = self.d.create_area()["slug"]
        for days in (300, 200, 100):
            self.d.session(a, 0.25, at=ago(days=days), device_id=pen["id"])
        g = self.d.get("/devices/%d" % pen["id"])
        self.assertEqual(g["uses"], 3)
        self.assertIs(g["worn"], False)
        self.assertIsNone(g["max_uses"])

    def test_list_in_creation_order(self):
        ids = [self.d.create_device("pen")["id"] for _ in range(3)]
        page = self.d.get("/devices")
        self.assertIn("next", page)
        got = [x["id"] for x in self.d.list_all("/devices", "devices")]
        pos = [got.index(i) for i in ids]
        self.assertEqual(pos, sorted(pos))

    def test_patch(self):
        dev = self.d.create_device("roller", 0.5, name="Old")
        b = self.d.call("PATCH", "/devices/%d" % dev["id"],
                        {"name": "New", "retired": True})
        self.assertEqual(b["name"], "New")
        self.assertIs(b["retired"], True)
        self.assertEqual(b["needle_length_mm"], 0.5)
        self.assertEqual(b["max_uses"], 12)
        g = self.d.get("/devices/%d" % dev["id"])
        self.assertEqual((g["name"], g["retired"]), ("New", True))

    def test_patch_invalid_changes_nothing(self):
        dev = self.d.create_device("roller", 0.5)
        pen = self.d.create_device("pen")
        before = self.d.get("/devices/%d" % dev["id"])
        pbefore = self.d.get("/devices/%d" % pen["id"])
        for body, field in (({"needle_length_mm": 4}, "needle_length_mm"),
                            ({"needle_length_mm": 0}, "needle_length_mm"),
                            ({"kind": "laser"}, "kind"),
                            ({"retired": "yes"}, "retired"),
                            ({"colour": 1}, "colour")):
            self.assertProblem(self.d.request(
                "PATCH", "/devices/%d" % dev["id"], body), 422, field)
        self.assertProblem(self.d.request(
            "PATCH", "/devices/%d" % pen["id"], {"max_uses": 3}), 422,
            "max_uses")
        self.assertEqual(self.d.get("/devices/%d" % dev["id"]), before)
        self.assertEqual(self.d.get("/devices/%d" % pen["id"]), pbefore)

    def test_delete(self):
        dev = self.d.create_device("pen")
        self.assertEqual(self.d.request(
            "DELETE", "/devices/%d" % dev["id"]).status, 204)
        self.assertProblem(self.d.request("GET", "/devices/%d" % dev["id"]),
                           404)
        self.assertProblem(self.d.request(
            "DELETE", "/devices/%d" % dev["id"]), 404)

    def test_delete_referenced_409(self):
        dev = self.d.create_device("roller", 0.25)
        a = self.d.create_area()["slug"]
        s = self.d.session(a, at=ago(days=3), device_id=dev["id"])
        self.assertProblem(self.d.request(
            "DELETE", "/devices/%d" % dev["id"]), 409)
        self.assertEqual(self.d.get("/devices/%d" % dev["id"])["uses"], 1)
        # once the session is gone it can be deleted
        self.d.call("DELETE", "/sessions/%d" % s["id"], expect=204)
        self.assertEqual(self.d.request(
            "DELETE", "/devices/%d" % dev["id"]).status, 204)


if __name__ == "__main__":
    main()
