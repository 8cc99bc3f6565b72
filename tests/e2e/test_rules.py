#!/usr/bin/env python3
"""Rules: GET/PUT /rules/intervals and GET/PATCH /product-categories/{slug};
invalid rule sets are 422 and change nothing; changed rules change
readiness answers (past ones too) immediately."""

import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import FreshDaemonTestCase, main, shift  # noqa: E402

DEFAULT_BANDS = [{"max_depth_mm": 0.3, "interval_h": 72},
                 {"max_depth_mm": 0.5, "interval_h": 336},
                 {"max_depth_mm": 0.75, "interval_h": 504},
                 {"max_depth_mm": 1.0, "interval_h": 672},
                 {"max_depth_mm": 1.5, "interval_h": 1008},
                 {"max_depth_mm": 2.0, "interval_h": 1008},
                 {"max_depth_mm": 3.0, "interval_h": 1344}]


def bands_of(rules):
    return [{"max_depth_mm": b["max_depth_mm"], "interval_h": b["interval_h"]}
            for b in rules["bands"]]


class Intervals(FreshDaemonTestCase):

    def test_defaults(self):
        r = self.d.request("GET", "/rules/intervals")
        self.assertEqual(r.status, 200)
        self.assertIn("ETag", r.headers)
        self.assertEqual(bands_of(r.body), DEFAULT_BANDS)
        self.assertEqual(r.body["skin_factor"], 1.5)

    def test_put_valid(self):
        new = {"bands": [{"max_depth_mm": 1.0, "interval_h": 48},
                         {"max_depth_mm": 3.0, "interval_h": 100}],
               "skin_factor": 2}
        b = self.d.call("PUT", "/rules/intervals", new)
        self.assertEqual(bands_of(b), new["bands"])
        self.assertEqual(b["skin_factor"], 2)
        g = self.d.get("/rules/intervals")
        self.assertEqual(bands_of(g), new["bands"])
        self.assertEqual(g["skin_factor"], 2)
        # one band and a factor of exactly 1 are valid too
        one = {"bands": [{"max_depth_mm": 3, "interval_h": 0.5}],
               "skin_factor": 1}
        b = self.d.call("PUT", "/rules/intervals", one)
        self.assertEqual(bands_of(b), one["bands"])
        self.assertEqual(b["skin_factor"], 1)

    def test_put_invalid_changes_nothing(self):
        before = self.d.get("/rules/intervals")
        ok = [{"max_depth_mm": 0.5, "interval_h": 72},
              {"max_depth_mm": 3.0, "interval_h": 200}]
        cases = [
            ({"bands": [], "skin_factor": 1.5}, "bands"),
            ({"skin_factor": 1.5}, "bands"),
            ({"bands": None, "skin_factor": 1.5}, "bands"),
            ({"bands": {"max_depth_mm": 3, "interval_h": 1},
              "skin_factor": 1.5}, "bands"),
            ({"bands": ok}, "skin_factor"),
            ({"bands": ok, "skin_factor": 0.99}, "skin_factor"),
            ({"bands": ok, "skin_factor": 0}, "skin_factor"),
            ({"bands": ok, "skin_factor": "1.5"}, "skin_factor"),
            ({"bands": ok, "skin_factor": None}, "skin_factor"),
            # last band must be 3.00
            ({"bands": [{"max_depth_mm": 0.5, "interval_h": 72},
                        {"max_depth_mm": 2.5, "interval_h": 200}],
              "skin_factor": 1.5}, ("bands[1].max_depth_mm", "bands")),
            # increasing
            ({"bands": [{"max_depth_mm": 1.0, "interval_h": 72},
                        {"max_depth_mm": 0.5, "interval_h": 100},
                        {"max_depth_mm": 3.0, "interval_h": 200}],
              "skin_factor": 1.5}, ("bands[1].max_depth_mm", "bands")),
            ({"bands": [{"max_depth_mm": 1.0, "interval_h": 72},
                        {"max_depth_mm": 1.0, "interval_h": 100},
                        {"max_depth_mm": 3.0, "interval_h": 200}],
              "skin_factor": 1.5}, ("bands[1].max_depth_mm", "bands")),
            # (0, 3]
            ({"bands": [{"max_depth_mm": 0, "interval_h": 72},
                        {"max_depth_mm": 3.0, "interval_h": 200}],
              "skin_factor": 1.5}, "bands[0].max_depth_mm"),
            ({"bands": [{"max_depth_mm": -1, "interval_h": 72},
                        {"max_depth_mm": 3.0, "interval_h": 200}],
              "skin_factor": 1.5}, "bands[0].max_depth_mm"),
            ({"bands": [{"max_depth_mm": 0.5, "interval_h": 72},
                        {"max_depth_mm": 3.5, "interval_h": 200}],
              "skin_factor": 1.5}, "bands[1].max_depth_mm"),
            # interval_h > 0
            ({"bands": [{"max_depth_mm": 0.5, "interval_h": 0},
                        {"max_depth_mm": 3.0, "interval_h": 200}],
              "skin_factor": 1.5}, "bands[0].interval_h"),
            ({"bands": [{"max_depth_mm": 0.5, "interval_h": 72},
                        {"max_depth_mm": 3.0, "interval_h": -1}],
              "skin_factor": 1.5}, "bands[1].interval_h"),
            # types, missing and unknown fields
            ({"bands": [{"max_depth_mm": "0.5", "interval_h": 72},
                        {"max_depth_mm": 3.0, "interval_h": 200}],
              "skin_factor": 1.5}, "bands[0].max_depth_mm"),
            ({"bands": [{"max_depth_mm": 0.5, "interval_h": "72"},
                        {"max_depth_mm": 3.0, "interval_h": 200}],
              "skin_factor": 1.5}, "bands[0].interval_h"),
            ({"bands": [{"max_depth_mm": 0.5},
                        {"max_depth_mm": 3.0, "interval_h": 200}],
              "skin_factor": 1.5}, "bands[0].interval_h"),
            ({"bands": [{"interval_h": 72},
                        {"max_depth_mm": 3.0, "interval_h": 200}],
              "skin_factor": 1.5}, "bands[0].max_depth_mm"),
            ({"bands": [{"max_depth_mm": 0.5, "interval_h": 72,
                         "label": "light"},
                        {"max_depth_mm": 3.0, "interval_h": 200}],
              "skin_factor": 1.5}, "bands[0].label"),
            ({"bands": ok, "skin_factor": 1.5, "version": 2}, "version"),
            ({"bands": [5, {"max_depth_mm": 3.0, "interval_h": 200}],
              "skin_factor": 1.5}, "bands[0]"),
        ]
        for body, field in cases:
            r = self.d.request("PUT", "/rules/intervals", body)
            self.assertProblem(r, 422, field)
        self.assertEqual(self.d.get("/rules/intervals"), before)

    def test_rules_change_readiness_immediately(self):
        t = "2026-03-01T09:00:00Z"
        at = "2026-03-02T00:00:00Z"
        self.d.session("forehead", 0.5, at=t)
        self.assertEqual(self.d.readiness("forehead", at=at)["ready_at"],
                         shift(t, hours=336))
        self.d.call("PUT", "/rules/intervals",
                    {"bands": [{"max_depth_mm": 0.5, "interval_h": 48},
                               {"max_depth_mm": 3.0, "interval_h": 500}],
                     "skin_factor": 1.5})
        r = self.d.readiness("forehead", at=at)
        self.assertEqual(r["ready_at"], shift(t, hours=48))
        self.assertEqual([(x["code"], x["until"]) for x in r["reasons"]],
                         [("healing", shift(t, hours=48))])
        self.assertEqual(self.d.area_readiness("forehead", at=at)
                         ["ready_at"], shift(t, hours=48))
        # the skin factor applies to sensitive profiles only
        self.d.call("PATCH", "/profile", {"sensitive": True})
        self.d.call("PUT", "/rules/intervals",
                    {"bands": [{"max_depth_mm": 0.5, "interval_h": 48},
                               {"max_depth_mm": 3.0, "interval_h": 500}],
                     "skin_factor": 2})
        r = self.d.readiness("forehead", at=at)
        self.assertEqual(r["ready_at"], shift(t, hours=96))
        # and restoring the defaults restores the answer (factor 1.5)
        self.d.call("PUT", "/rules/intervals",
                    {"bands": DEFAULT_BANDS, "skin_factor": 1.5})
        r = self.d.readiness("forehead", at=at)
        self.assertEqual(r["ready_at"], shift(t, hours=336 * 1.5))

    def test_rules_change_session_warnings(self):
        t = "2026-03-01T09:00:00Z"
        self.d.session("chin", 0.5, at=t)
        self.d.call("PUT", "/rules/intervals",
                    {"bands": [{"max_depth_mm": 3.0, "interval_h": 24}],
                     "skin_factor": 1.5})
        s = self.d.session("chin", 0.5, at=shift(t, hours=25))
        self.assertEqual(s["warnings"], [])
        s = self.d.session("chin", 0.5, at=shift(t, hours=26))
        self.assertEqual([w["code"] for w in s["warnings"]],
                         ["early_session"])
        self.assertEqual(s["warnings"][0]["until"], shift(t, hours=49))

    def test_put_etag_changes(self):
        et = self.d.request("GET", "/rules/intervals").headers["ETag"]
        self.d.call("PUT", "/rules/intervals",
                    {"bands": [{"max_depth_mm": 3.0, "interval_h": 24}],
                     "skin_factor": 1.5})
        r = self.d.request("GET", "/rules/intervals",
                           headers={"If-None-Match": et})
        self.assertEqual(r.status, 200)


class Categories(FreshDaemonTestCase):

    def test_patch_waits(self):
        b = self.d.call("PATCH", "/product-categories/retinoid",
                        {"stop_before_h": 24})
        self.assertEqual((b["slug"], b["stop_before_h"], b["avoid_after_h"],
                          b["systemic"]), ("retinoid", 24, 240, False))
        b = self.d.call("PATCH", "/product-categories/retinoid",
                        {"avoid_after_h": 12})
        self.assertEqual((b["stop_before_h"], b["avoid_after_h"]), (24, 12))
        g = self.d.get("/product-categories/retinoid")
        self.assertEqual((g["stop_before_h"], g["avoid_after_h"]), (24, 12))
        # the list shows it, in the same place
        cats = self.d.get("/product-categories")["product_categories"]
        self.assertEqual(cats[0]["slug"], "retinoid")
        self.assertEqual(cats[0]["stop_before_h"], 24)

    def test_patch_invalid_changes_nothing(self):
        before = self.d.get("/product-categories/scrub")
        for body, field in (({"stop_before_h": "24"}, "stop_before_h"),
                            ({"avoid_after_h": True}, "avoid_after_h"),
                            ({"stop_before_h": -1}, "stop_before_h"),
                            ({"avoid_after_h": -24}, "avoid_after_h"),
                            ({"stop_before_h": 1, "colour": "x"}, "colour")):
            self.assertProblem(self.d.request(
                "PATCH", "/product-categories/scrub", body), 422, field)
        self.assertEqual(self.d.get("/product-categories/scrub"), before)
        self.assertProblem(self.d.request(
            "PATCH", "/product-categories/nope", {"stop_before_h": 1}), 404)

    def test_category_edit_changes_readiness(self):
        p = self.d.create_product("vitamin_c")
        pa = "2026-06-01T08:00:00Z"
        self.d.apply(p["id"], "cheeks", at=pa)
        at = "2026-06-01T09:00:00Z"
        self.assertEqual(self.d.readiness("cheeks", at=at)["ready_at"],
                         shift(pa, hours=24))
        self.d.call("PATCH", "/product-categories/vitamin_c",
                    {"stop_before_h": 50})
        self.assertEqual(self.d.readiness("cheeks", at=at)["ready_at"],
                         shift(pa, hours=50))
        self.assertEqual(self.d.get("/products/%d" % p["id"])
                         ["effective_stop_before_h"], 50)
        # a wait of 0: no constraint at all
        self.d.call("PATCH", "/product-categories/vitamin_c",
                    {"stop_before_h": 0})
        r = self.d.readiness("cheeks", at=at)
        self.assertIs(r["ready"], True)
        self.assertIsNone(r["ready_at"])
        self.assertEqual(r["reasons"], [])

    def test_product_override_beats_category_edit(self):
        p = self.d.create_product("vitamin_c", stop_before_h=5)
        pa = "2026-06-01T08:00:00Z"
        self.d.apply(p["id"], "chin", at=pa)
        self.d.call("PATCH", "/product-categories/vitamin_c",
                    {"stop_before_h": 50})
        self.assertEqual(self.d.readiness("chin", at="2026-06-01T09:00:00Z")
                         ["ready_at"], shift(pa, hours=5))

    def test_category_edit_changes_product_too_soon(self):
        t = "2026-06-01T08:00:00Z"
        self.d.session("neck", 0.25, at=t)
        p = self.d.create_product("chemical_sunscreen")
        a = self.d.apply(p["id"], "neck", at=shift(t, hours=30))
        self.assertEqual(a["warnings"], [])
        self.d.call("PATCH", "/product-categories/chemical_sunscreen",
                    {"avoid_after_h": 36})
        a = self.d.apply(p["id"], "neck", at=shift(t, hours=30))
        self.assertEqual([w["code"] for w in a["warnings"]],
                         ["product_too_soon"])
        self.assertEqual(a["warnings"][0]["until"], shift(t, hours=36))

    def test_systemic_category(self):
        # making a category systemic is not asked for; the seeded one is
        c = self.d.get("/product-categories/oral_isotretinoin")
        self.assertIs(c["systemic"], True)
        b = self.d.call("PATCH", "/product-categories/oral_isotretinoin",
                        {"stop_before_h": 100})
        self.assertIs(b["systemic"], True)
        p = self.d.create_product("oral_isotretinoin")
        pa = "2026-06-01T08:00:00Z"
        self.d.apply(p["id"], "back", at=pa)
        self.assertEqual(self.d.readiness("forehead",
                                          at="2026-06-02T08:00:00Z")
                         ["ready_at"], shift(pa, hours=100))


if __name__ == "__main__":
    main()
