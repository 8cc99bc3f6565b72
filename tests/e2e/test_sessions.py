#!/usr/bin/env python3
"""Sessions: create with defaults, devices and depths, products stored as
applications, aftercare, read, list order and filters, PATCH, DELETE."""

import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import (DaemonTestCase, FreshDaemonTestCase, main,  # noqa: E402
                     parse_time, shift, utcnow, qs)

# categories with avoid_after_h > 0 (healing-model.md §3, §8)
AVOID_AFTER = {"retinoid": 240, "exfoliating_acid": 168,
               "benzoyl_peroxide": 168, "hydroquinone": 168,
               "vitamin_c": 72, "scrub": 120, "makeup": 48, "fragrance": 48,
               "chemical_sunscreen": 24, "minoxidil": 48}


class Sessions(DaemonTestCase):

    def test_create_full_session(self):
        d = self.d
        pen = d.create_device("pen")
        ha = d.create_product("hyaluronic_acid")
        body = {"started_at": "2026-11-21T09:30:00Z", "setting": "home",
                "device_id": pen["id"], "new_cartridge": True,
                "treatments": [{"area": "forehead", "depth_mm": 0.5,
                                "passes": 4}],
                "products": [{"product_id": ha["id"]}],
                "notes": "first"}
        r = d.request("POST", "/sessions", body)
        self.assertEqual(r.status, 201, r)
        s = r.body
        self.assertIsInstance(s["id"], int)
        self.assertEqual(r.headers.get("Location"), "/sessions/%d" % s["id"])
        self.assertEqual(s["started_at"], "2026-11-21T09:30:00Z")
        self.assertEqual(s["setting"], "home")
        self.assertEqual(s["device_id"], pen["id"])
        self.assertIs(s["new_cartridge"], True)
        self.assertEqual(len(s["treatments"]), 1)
        t = s["treatments"][0]
        self.assertEqual((t["area"], t["depth_mm"], t["passes"]),
                         ("forehead", 0.5, 4))
        self.assertEqual([p["product_id"] for p in s["products"]],
                         [ha["id"]])
        self.assertEqual(s["notes"], "first")
        self.assertEqual(s["warnings"], [])
        self.assertIsInstance(s["aftercare"], list)
        g = d.get("/sessions/%d" % s["id"])
        for k in ("id", "started_at", "setting", "device_id",
                  "new_cartridge", "treatments", "products", "notes"):
            self.assertEqual(g[k], s[k], k)

    def test_defaults(self):
        before = utcnow()
        s = self.d.session("neck", 0.25)
        after = utcnow()
        t = parse_time(s["started_at"])
        self.assertTrue(before <= t <= after, (before, t, after))
        self.assertEqual(s["setting"], "home")
        self.assertIsNone(s["device_id"])
        self.assertIsNone(s["new_cartridge"])
        self.assertEqual(s["products"], [])
        self.assertEqual(s["notes"], "")
        self.assertEqual(s["treatments"][0]["area"], "neck")
        self.assertEqual(s["treatments"][0]["depth_mm"], 0.25)
        self.assertIn("warnings", s)
        self.assertIn("aftercare", s)

    def test_null_optionals_mean_default(self):
        s = self.d.call("POST", "/sessions",
                        {"started_at": "2026-09-01T10:00:00Z",
                         "setting": None, "device_id": None,
                         "new_cartridge": None, "products": None,
                         "notes": None,
                         "treatments": [{"area": "scalp", "depth_mm": 0.25,
                                         "passes": None}]}, expect=201)
        self.assertEqual(s["setting"], "home")
        self.assertIsNone(s["device_id"])
        self.assertEqual(s["products"], [])
        self.assertEqual(s["notes"], "")

    def test_depth_defaults_to_roller_length(self):
        roller = self.d.create_device("roller", 0.75)
        s = self.d.session(["arms", "thighs"], at="2026-09-02T10:00:00Z",
                           device_id=roller["id"], setting="clinic")
        self.assertEqual([(t["area"], t["depth_mm"]) for t in
                          s["treatments"]],
                         [("arms", 0.75), ("thighs", 0.75)])
        self.assertIsNone(s["new_cartridge"])
        # an explicit depth wins over the device's length
        s = self.d.call("POST", "/sessions",
                        {"started_at": "2026-09-03T10:00:00Z",
                         "device_id": roller["id"], "setting": "clinic",
                         "treatments": [{"area": "back", "depth_mm": 0.25},
                                        {"area": "abdomen"}]}, expect=201)
        self.assertEqual([(t["area"], t["depth_mm"]) for t in
                          s["treatments"]],
                         [("back", 0.25), ("abdomen", 0.75)])

    def test_pen_needs_depth_and_defaults_new_cartridge(self):
        pen = self.d.create_device("pen")
        n = self.d.count("/sessions", "sessions")
        r = self.d.request("POST", "/sessions",
                           {"started_at": "2026-09-04T10:00:00Z",
                            "device_id": pen["id"],
                            "treatments": [{"area": "hands"}]})
        self.assertProblem(r, 422, "treatments[0].depth_mm")
        r = self.d.request("POST", "/sessions",
                           {"started_at": "2026-09-04T10:00:00Z",
                            "treatments": [{"area": "hands",
                                            "depth_mm": 0.25},
                                           {"area": "decolletage"}]})
        self.assertProblem(r, 422, "treatments[1].depth_mm")
        self.assertEqual(self.d.count("/sessions", "sessions"), n)
        s = self.d.session("hands", 0.25, at="2026-09-04T10:00:00Z",
                           device_id=pen["id"])
        self.assertIs(s["new_cartridge"], True)
        self.assertEqual(self.d.get("/sessions/%d" % s["id"])
                         ["new_cartridge"], True)

    def test_time_offset_normalised_to_utc(self):
        s = self.d.session("jawline", 0.25, at="2026-10-20T10:30:00+01:00")
        self.assertEqual(s["started_at"], "2026-10-20T09:30:00Z")
        s = self.d.session("jawline", 0.25, at="2026-10-25T23:30:00-02:00",
                           setting="clinic")
        self.assertEqual(s["started_at"], "2026-10-26T01:30:00Z")

    def test_slightly_future_accepted(self):
        t = shift(utcnow().strftime("%Y-%m-%dT%H:%M:%SZ"), minutes=2)
        s = self.d.session("upper-lip", 0.25, at=t)
        self.assertEqual(s["started_at"], t)

    def test_future_tolerance_is_5_minutes(self):
        now = utcnow().strftime("%Y-%m-%dT%H:%M:%SZ")
        t = shift(now, minutes=4, seconds=45)
        s = self.d.session("under-eye", 0.25, at=t)
        self.assertEqual(s["started_at"], t)
        self.assertEqual(s["setting"], "home")
        self.assertProblem(self.d.request(
            "POST", "/sessions",
            {"started_at": shift(now, minutes=5, seconds=15),
             "treatments": [{"area": "under-eye", "depth_mm": 0.25}]}),
            422, "started_at")

    def test_depth_limits(self):
        s = self.d.session("buttocks", 3, at="2026-06-01T10:00:00Z",
                           setting="clinic")
        self.assertEqual(s["treatments"][0]["depth_mm"], 3)
        s = self.d.session("buttocks", 0.01, at="2026-08-01T10:00:00Z")
        self.assertEqual(s["treatments"][0]["depth_mm"], 0.01)

    def test_products_become_applications(self):
        d = self.d
        p1 = d.create_product("peptide")
        p2 = d.create_product("growth_factor")
        s = d.session(["cheeks", "chin"], 0.25, at="2026-07-01T08:00:00Z",
                      products=[p1["id"], p2["id"]])
        apps = [a for a in d.list_all("/applications", "applications")
                if a.get("session_id") == s["id"]]
        self.assertEqual(sorted(a["product_id"] for a in apps),
                         sorted([p1["id"], p2["id"]]))
        for a in apps:
            self.assertEqual(a["applied_at"], "2026-07-01T08:00:00Z")
            self.assertEqual(sorted(a["areas"]), ["cheeks", "chin"])
            self.assertEqual(d.get("/applications/%d" % a["id"])
                             ["session_id"], s["id"])
        # PATCH products: replaced whole, applications follow
        s2 = d.call("PATCH", "/sessions/%d" % s["id"],
                    {"products": [{"product_id": p2["id"]}]})
        self.assertEqual([p["product_id"] for p in s2["products"]],
                         [p2["id"]])
        apps = [a for a in d.list_all("/applications", "applications")
                if a.get("session_id") == s["id"]]
        self.assertEqual([a["product_id"] for a in apps], [p2["id"]])
        # DELETE removes its applications
        d.call("DELETE", "/sessions/%d" % s["id"], expect=204)
        apps = [a for a in d.list_all("/applications", "applications")
                if a.get("session_id") == s["id"]]
        self.assertEqual(apps, [])

    def test_aftercare_one_area(self):
        t = "2026-07-10T08:00:00Z"
        s = self.d.session("nose", 0.25, at=t)
        self.assertAftercare(s, ["nose"], t)

    def test_aftercare_two_areas(self):
        t = "2026-07-11T08:00:00Z"
        s = self.d.session(["scalp", "neck"], 0.25, at=t)
        self.assertAftercare(s, ["scalp", "neck"], t)
        # GET keeps it (if it gives aftercare at all, it is the same)
        g = self.d.get("/sessions/%d" % s["id"])
        if "aftercare" in g:
            self.assertEqual(g["aftercare"], s["aftercare"])

    def assertAftercare(self, s, areas, t):
        want = sorted((a, c, shift(t, hours=h))
                      for a in areas for c, h in AVOID_AFTER.items())
        # One entry per category (issue #8), naming its areas.
        got = [(a, x["category"], x["avoid_until"])
               for x in s["aftercare"] for a in x["areas"]]
        cats = [x["category"] for x in s["aftercare"]]
        self.assertEqual(len(cats), len(set(cats)))
        self.assertEqual(sorted(got), want)
        untils = [x["avoid_until"] for x in s["aftercare"]]
        self.assertEqual(untils, sorted(untils), "aftercare not sorted")

    def test_computed_fields_ignored(self):
        s = self.d.call("POST", "/sessions",
                        {"id": 987654, "started_at": "2026-08-08T08:00:00Z",
                         "treatments": [{"area": "hands", "depth_mm": 0.25}],
                         "aftercare": [], "warnings": [{"code": "x"}]},
                        expect=201)
        self.assertNotEqual(s["id"], 987654)
        self.assertEqual(s["warnings"], [])
        self.assertEqual(len(s["aftercare"]), len(AVOID_AFTER))
        self.assertProblem(self.d.request("GET", "/sessions/987654"), 404)

    def test_roller_with_null_new_cartridge(self):
        roller = self.d.create_device("stamp", 0.25)
        s = self.d.session("abdomen", at="2026-08-09T08:00:00Z",
                           device_id=roller["id"], new_cartridge=None)
        self.assertIsNone(s["new_cartridge"])
        self.assertEqual(s["treatments"][0]["depth_mm"], 0.25)

    def test_patch_device(self):
        pen = self.d.create_device("pen")
        s = self.d.session("back", 0.5, at="2026-08-10T08:00:00Z",
                           setting="clinic")
        p = self.d.call("PATCH", "/sessions/%d" % s["id"],
                        {"device_id": pen["id"]})
        self.assertEqual(p["device_id"], pen["id"])
        self.assertEqual(p["treatments"][0]["depth_mm"], 0.5)
        self.assertIs(p["new_cartridge"], True)
        self.assertEqual(self.d.get("/devices/%d" % pen["id"])["uses"], 1)
        other = self.d.create_device("pen")
        p = self.d.call("PATCH", "/sessions/%d" % s["id"],
                        {"device_id": other["id"]})
        self.assertEqual(p["device_id"], other["id"])
        self.assertEqual(self.d.get("/devices/%d" % pen["id"])["uses"], 0)
        self.assertEqual(self.d.get("/devices/%d" % other["id"])["uses"], 1)

    def test_get_and_404(self):
        s = self.d.session("chin", 0.25, at="2026-05-05T05:05:05Z")
        g = self.d.get("/sessions/%d" % s["id"])
        self.assertEqual(g["id"], s["id"])
        self.assertEqual(g["started_at"], "2026-05-05T05:05:05Z")
        self.assertProblem(self.d.request("GET", "/sessions/%d"
                                          % (s["id"] + 1000)), 404)

    def test_patch_replaces_given_fields(self):
        d = self.d
        s = d.session(["forehead", "nose"], 0.25, at="2026-04-04T10:00:00Z",
                      notes="a")
        p = d.call("PATCH", "/sessions/%d" % s["id"], {"notes": "b"})
        self.assertEqual(p["notes"], "b")
        self.assertEqual(p["started_at"], "2026-04-04T10:00:00Z")
        self.assertEqual([t["area"] for t in p["treatments"]],
                         ["forehead", "nose"])
        self.assertIn("warnings", p)
        self.assertIn("aftercare", p)
        p = d.call("PATCH", "/sessions/%d" % s["id"],
                   {"treatments": [{"area": "cheeks", "depth_mm": 0.5}],
                    "started_at": "2026-04-03T10:00:00Z",
                    "setting": "clinic"})
        self.assertEqual([(t["area"], t["depth_mm"]) for t in
                          p["treatments"]], [("cheeks", 0.5)])
        self.assertEqual(p["started_at"], "2026-04-03T10:00:00Z")
        self.assertEqual(p["setting"], "clinic")
        self.assertEqual(p["notes"], "b")
        g = d.get("/sessions/%d" % s["id"])
        self.assertEqual([(t["area"], t["depth_mm"]) for t in
                          g["treatments"]], [("cheeks", 0.5)])
        self.assertEqual(g["started_at"], "2026-04-03T10:00:00Z")
        # the replaced treatments no longer count: /sessions?area=forehead
        ids = [x["id"] for x in d.list_all(
            "/sessions", "sessions", area="forehead")]
        self.assertNotIn(s["id"], ids)
        ids = [x["id"] for x in d.list_all(
            "/sessions", "sessions", area="cheeks")]
        self.assertIn(s["id"], ids)

    def test_patch_invalid_changes_nothing(self):
        d = self.d
        s = d.session("jawline", 0.25, at="2026-03-03T10:00:00Z")
        before = d.get("/sessions/%d" % s["id"])
        future = shift(utcnow().strftime("%Y-%m-%dT%H:%M:%SZ"), hours=1)
        for body, field in (
                ({"started_at": future}, "started_at"),
                ({"treatments": []}, "treatments"),
                ({"treatments": [{"area": "nope", "depth_mm": 0.25}]},
                 "treatments[0].area"),
                ({"treatments": [{"area": "chin", "depth_mm": 4}]},
                 "treatments[0].depth_mm"),
                ({"notes": 5}, "notes"),
                ({"device_id": 999999}, "device_id"),
                ({"mood": "happy"}, "mood"),
                ({"notes": "x", "products": [{"product_id": 999999}]},
                 "products[0].product_id")):
            self.assertProblem(d.request("PATCH", "/sessions/%d" % s["id"],
                                         body), 422, field)
        after = d.get("/sessions/%d" % s["id"])
        self.assertEqual(after, before)

    def test_delete(self):
        s = self.d.session("decolletage", 0.25, at="2026-02-02T10:00:00Z")
        self.assertEqual(self.d.request(
            "DELETE", "/sessions/%d" % s["id"]).status, 204)
        self.assertProblem(self.d.request("GET", "/sessions/%d" % s["id"]),
                           404)
        self.assertProblem(self.d.request(
            "DELETE", "/sessions/%d" % s["id"]), 404)
        ids = [x["id"] for x in self.d.list_all("/sessions", "sessions")]
        self.assertNotIn(s["id"], ids)

    def test_patch_with_the_stored_treatments(self):
        # GET, edit, PATCH back: the stored "passes": null is "absent" in
        # a replaced treatments[], as on POST.
        s = self.d.session(["jawline"], depth=0.25,
                           at="2026-02-03T10:00:00Z")
        t = self.d.get("/sessions/%d" % s["id"])["treatments"]
        self.assertIsNone(t[0]["passes"])
        t[0]["depth_mm"] = 0.5
        p = self.d.call("PATCH", "/sessions/%d" % s["id"],
                        {"treatments": t})
        self.assertEqual(p["treatments"][0]["depth_mm"], 0.5)
        self.assertProblem(self.d.request(
            "PATCH", "/sessions/%d" % s["id"], {"notes": None}), 422,
            "notes")

    def test_array_limits(self):
        # README "Limits": 32 treatments, 16 products; 422 beyond.
        n = self.d.count("/sessions", "sessions")
        t = [{"area": "chin", "depth_mm": 0.25}] * 33
        r = self.d.request("POST", "/sessions", {"treatments": t})
        self.assertProblem(r, 422, "treatments")
        self.assertIn("at most 32", r.body["detail"])
        r = self.d.request("POST", "/sessions", {
            "treatments": t[:1], "products": [{"product_id": 1}] * 17})
        self.assertProblem(r, 422, "products")
        self.assertIn("at most 16", r.body["detail"])
        # Items are checked against their schema, named by index.
        r = self.d.request("POST", "/sessions", {
            "treatments": [{"area": "chin", "depth_mm": 0.25},
                           {"depth_mm": 0.25}, "chin"]})
        self.assertProblem(r, 422, ("treatments[1].area", "treatments[2]"))
        names = [e["field"] for e in r.body["errors"]]
        self.assertIn("treatments[1].area", names)
        self.assertIn("treatments[2]", names)
        self.assertEqual(self.d.count("/sessions", "sessions"), n)


class SessionLists(FreshDaemonTestCase):

    def setUp(self):
        super().setUp()
        d = self.d
        # inserted out of time order
        self.s = {}
        for key, area, at in (
                ("b", "forehead", "2026-03-10T10:00:00Z"),
                ("a", "cheeks", "2026-03-01T10:00:00Z"),
                ("d", "forehead", "2026-04-01T10:00:00Z"),
                ("c", "chin", "2026-03-20T10:00:00Z"),
                ("e", ["cheeks", "chin"], "2026-05-01T10:00:00Z")):
            self.s[key] = d.session(area, 0.25, at=at)["id"]

    def ids(self, **params):
        return [x["id"] for x in self.d.list_all("/sessions", "sessions",
                                                 **params)]

    def test_newest_first(self):
        s = self.s
        self.assertEqual(self.ids(), [s["e"], s["d"], s["c"], s["b"],
                                      s["a"]])
        page = self.d.get("/sessions")
        self.assertIsNone(page["next"])
        times = [x["started_at"] for x in page["sessions"]]
        self.assertEqual(times, sorted(times, reverse=True))

    def test_filter_area(self):
        s = self.s
        self.assertEqual(self.ids(area="forehead"), [s["d"], s["b"]])
        self.assertEqual(self.ids(area="cheeks"), [s["e"], s["a"]])
        self.assertEqual(self.ids(area="chin"), [s["e"], s["c"]])
        self.assertEqual(self.ids(area="nose"), [])

    def test_filter_since_until_inclusive(self):
        s = self.s
        self.assertEqual(self.ids(since="2026-03-10T10:00:00Z"),
                         [s["e"], s["d"], s["c"], s["b"]])
        self.assertEqual(self.ids(until="2026-03-10T10:00:00Z"),
                         [s["b"], s["a"]])
        self.assertEqual(self.ids(since="2026-03-10T10:00:01Z",
                                  until="2026-04-01T10:00:00Z"),
                         [s["d"], s["c"]])
        self.assertEqual(self.ids(since="2026-03-10T10:00:00Z",
                                  until="2026-03-10T10:00:00Z"), [s["b"]])
        self.assertEqual(self.ids(since="2026-03-10T11:00:00+01:00",
                                  until="2026-03-10T11:00:00+01:00"),
                         [s["b"]])
        self.assertEqual(self.ids(area="cheeks",
                                  since="2026-03-02T00:00:00Z"), [s["e"]])

    def test_unknown_area_filter_422(self):
        self.assertProblem(self.d.request("GET", "/sessions" +
                                          qs(area="knees")), 422, "area")


if __name__ == "__main__":
    main()
