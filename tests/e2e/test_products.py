#!/usr/bin/env python3
"""Products and the seeded product categories (healing-model.md §3):
defaults, overrides, effective waits, validation, update, delete."""

import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import DaemonTestCase, main  # noqa: E402

CATEGORIES = [
    ("retinoid", 168, 240, False),
    ("exfoliating_acid", 168, 168, False),
    ("benzoyl_peroxide", 168, 168, False),
    ("hydroquinone", 168, 168, False),
    ("vitamin_c", 24, 72, False),
    ("scrub", 72, 120, False),
    ("makeup", 0, 48, False),
    ("fragrance", 0, 48, False),
    ("chemical_sunscreen", 0, 24, False),
    ("minoxidil", 0, 48, False),
    ("oral_isotretinoin", 4380, 0, True),
    ("hyaluronic_acid", 0, 0, False),
    ("peptide", 0, 0, False),
    ("growth_factor", 0, 0, False),
    ("moisturizer", 0, 0, False),
    ("other", 0, 0, False),
]


class ProductCategories(DaemonTestCase):

    def test_seeded_categories_in_order(self):
        page = self.d.get("/product-categories")
        self.assertIn("next", page)
        self.assertIsNone(page["next"])
        got = [(c["slug"], c["stop_before_h"], c["avoid_after_h"],
                c["systemic"]) for c in page["product_categories"]]
        self.assertEqual(got, CATEGORIES)
        for c in page["product_categories"]:
            self.assertIsInstance(c["systemic"], bool)

    def test_get_one_category(self):
        for slug, stop, avoid, systemic in CATEGORIES:
            c = self.d.get("/product-categories/" + slug)
            self.assertEqual((c["slug"], c["stop_before_h"],
                              c["avoid_after_h"], c["systemic"]),
                             (slug, stop, avoid, systemic))
        self.assertProblem(self.d.request("GET",
                                          "/product-categories/retinol"), 404)


class Products(DaemonTestCase):

    def test_create_defaults(self):
        r = self.d.request("POST", "/products",
                           {"name": "Retinol 0.5%", "category": "retinoid"})
        self.assertEqual(r.status, 201, r)
        b = r.body
        self.assertIsInstance(b["id"], int)
        self.assertEqual(r.headers.get("Location"), "/products/%d" % b["id"])
        self.assertEqual(b["name"], "Retinol 0.5%")
        self.assertEqual(b["category"], "retinoid")
        self.assertIsNone(b["stop_before_h"])
        self.assertIsNone(b["avoid_after_h"])
        self.assertEqual(b["effective_stop_before_h"], 168)
        self.assertEqual(b["effective_avoid_after_h"], 240)
        g = self.d.get("/products/%d" % b["id"])
        for k in ("id", "name", "category", "stop_before_h", "avoid_after_h",
                  "effective_stop_before_h", "effective_avoid_after_h"):
            self.assertEqual(g[k], b[k], k)

    def test_every_category_gives_its_effective_waits(self):
        for slug, stop, avoid, _ in CATEGORIES:
            b = self.d.create_product(slug)
            self.assertEqual((b["effective_stop_before_h"],
                              b["effective_avoid_after_h"]), (stop, avoid),
                             slug)

    def test_overrides(self):
        b = self.d.create_product("vitamin_c", stop_before_h=48,
                                  avoid_after_h=0)
        self.assertEqual(b["stop_before_h"], 48)
        self.assertEqual(b["avoid_after_h"], 0)
        self.assertEqual(b["effective_stop_before_h"], 48)
        self.assertEqual(b["effective_avoid_after_h"], 0)
        b = self.d.create_product("makeup", avoid_after_h=12.5)
        self.assertIsNone(b["stop_before_h"])
        self.assertEqual(b["effective_stop_before_h"], 0)
        self.assertEqual(b["effective_avoid_after_h"], 12.5)

    def test_null_overrides_mean_default(self):
        b = self.d.create_product("scrub", stop_before_h=None,
                                  avoid_after_h=None)
        self.assertIsNone(b["stop_before_h"])
        self.assertEqual(b["effective_stop_before_h"], 72)
        self.assertEqual(b["effective_avoid_after_h"], 120)

    def test_validation(self):
        before = self.d.count("/products", "products")
        cases = [({"category": "retinoid"}, "name"),
                 ({"name": None, "category": "retinoid"}, "name"),
                 ({"name": 3, "category": "retinoid"}, "name"),
                 ({"name": "X"}, "category"),
                 ({"name": "X", "category": None}, "category"),
                 ({"name": "X", "category": "retinol"}, "category"),
                 ({"name": "X", "category": "Retinoid"}, "category"),
                 ({"name": "X", "category": 1}, "category"),
                 ({"name": "X", "category": "other", "stop_before_h": "24"},
                  "stop_before_h"),
                 ({"name": "X", "category": "other", "avoid_after_h": True},
                  "avoid_after_h"),
                 ({"name": "X", "category": "other", "brand": "Acme"},
                  "brand")]
        for body, field in cases:
            self.assertProblem(self.d.request("POST", "/products", body),
                               422, field)
        self.assertEqual(self.d.count("/products", "products"), before)

    def test_computed_fields_ignored(self):
        b = self.d.call("POST", "/products",
                        {"name": "Y", "category": "peptide", "id": 777777,
                         "effective_stop_before_h": 5}, expect=201)
        self.assertNotEqual(b["id"], 777777)
        self.assertEqual(b["effective_stop_before_h"], 0)

    def test_list_in_creation_order(self):
        ids = [self.d.create_product("other")["id"] for _ in range(3)]
        got = [p["id"] for p in self.d.list_all("/products", "products")]
        pos = [got.index(i) for i in ids]
        self.assertEqual(pos, sorted(pos))

    def test_patch(self):
        p = self.d.create_product("retinoid", name="Tret")
        b = self.d.call("PATCH", "/products/%d" % p["id"],
                        {"stop_before_h": 72})
        self.assertEqual(b["stop_before_h"], 72)
        self.assertEqual(b["effective_stop_before_h"], 72)
        self.assertEqual(b["effective_avoid_after_h"], 240)
        self.assertEqual(b["name"], "Tret")
        b = self.d.call("PATCH", "/products/%d" % p["id"],
                        {"category": "exfoliating_acid", "name": "Glycolic"})
        self.assertEqual(b["category"], "exfoliating_acid")
        self.assertEqual(b["name"], "Glycolic")
        self.assertEqual(b["effective_stop_before_h"], 72)
        self.assertEqual(b["effective_avoid_after_h"], 168)
        g = self.d.get("/products/%d" % p["id"])
        self.assertEqual((g["name"], g["category"], g["stop_before_h"]),
                         ("Glycolic", "exfoliating_acid", 72))

    def test_patch_invalid_changes_nothing(self):
        p = self.d.create_product("retinoid")
        before = self.d.get("/products/%d" % p["id"])
        for body, field in (({"category": "nope"}, "category"),
                            ({"stop_before_h": "x"}, "stop_before_h"),
                            ({"name": None}, "name"),
                            ({"name": "Z", "smell": 1}, "smell")):
            self.assertProblem(self.d.request(
                "PATCH", "/products/%d" % p["id"], body), 422, field)
        self.assertEqual(self.d.get("/products/%d" % p["id"]), before)

    def test_delete(self):
        p = self.d.create_product("other")
        self.assertEqual(self.d.request(
            "DELETE", "/products/%d" % p["id"]).status, 204)
        self.assertProblem(self.d.request("GET", "/products/%d" % p["id"]),
                           404)

    def test_delete_referenced_409(self):
        p = self.d.create_product("moisturizer")
        q = self.d.create_product("hyaluronic_acid")
        self.d.apply(p["id"], "hands", at="2026-11-20T10:00:00Z")
        self.d.session("abdomen", 0.25, at="2026-11-20T10:00:00Z",
                       products=[q["id"]])
        for x in (p, q):
            self.assertProblem(self.d.request(
                "DELETE", "/products/%d" % x["id"]), 409)
            self.assertEqual(self.d.get("/products/%d" % x["id"])["id"],
                             x["id"])


if __name__ == "__main__":
    main()
