#!/usr/bin/env python3
"""Answers a person can read (issue #8): aftercare one entry per category
with its areas and the user's products (and its size), GET /avoid, PATCH
of check-ins and applications, ?region=, strict query parameters, and
validation messages that say what would be right."""

import json
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import (DaemonTestCase, FreshDaemonTestCase, main,  # noqa: E402
                     shift, qs)

# healing-model.md §3: the categories with avoid_after_h > 0.
AVOID_AFTER = {
    "retinoid": 240, "exfoliating_acid": 168, "benzoyl_peroxide": 168,
    "hydroquinone": 168, "vitamin_c": 72, "scrub": 120, "makeup": 48,
    "fragrance": 48, "chemical_sunscreen": 24, "minoxidil": 48,
}
FACE = ["forehead", "under-eye", "nose", "upper-lip", "cheeks", "chin",
        "jawline"]
SIX = FACE[:6]


def six_area_session(d, at, **fields):
    return d.session(SIX, 0.25, at=at, **fields)


class Aftercare(FreshDaemonTestCase):

    def test_one_entry_per_category_with_areas_and_products(self):
        serum = self.d.create_product("retinoid", name="Retinol serum")
        self.d.create_product("moisturizer", name="Plain cream")
        t = "2026-06-01T08:00:00Z"
        s = six_area_session(self.d, t)
        cats = [x["category"] for x in s["aftercare"]]
        self.assertEqual(sorted(cats), sorted(AVOID_AFTER))
        self.assertEqual(len(cats), len(set(cats)), "one entry a category")
        for x in s["aftercare"]:
            self.assertEqual(sorted(x["areas"]), sorted(SIX), x)
            self.assertEqual(x["area"], x["areas"][0], "area: the first")
            self.assertEqual(x["avoid_until"],
                             shift(t, hours=AVOID_AFTER[x["category"]]))
        untils = [x["avoid_until"] for x in s["aftercare"]]
        self.assertEqual(untils, sorted(untils))
        by = {x["category"]: x for x in s["aftercare"]}
        self.assertEqual(by["retinoid"]["products"],
                         [{"id": serum["id"], "name": "Retinol serum",
                           "avoid_until": shift(t, hours=240)}])
        self.assertEqual(by["makeup"]["products"], [])
        # GET and PATCH replies keep it, the same.
        g = self.d.get("/sessions/%d" % s["id"])
        self.assertEqual(g["aftercare"], s["aftercare"])
        p = self.d.call("PATCH", "/sessions/%d" % s["id"], {"notes": "x"})
        self.assertEqual(p["aftercare"], s["aftercare"])

    def test_product_override_has_its_own_until(self):
        p = self.d.create_product("retinoid", name="Gentle retinal",
                                  avoid_after_h=48)
        t = "2026-06-02T08:00:00Z"
        s = self.d.session("nose", 0.25, at=t)
        by = {x["category"]: x for x in s["aftercare"]}
        self.assertEqual(by["retinoid"]["avoid_until"], shift(t, hours=240))
        self.assertEqual(by["retinoid"]["products"],
                         [{"id": p["id"], "name": "Gentle retinal",
                           "avoid_until": shift(t, hours=48)}])

    def test_lists_leave_it_out_unless_included(self):
        t = "2026-06-03T08:00:00Z"
        for i in range(50):
            six_area_session(self.d, shift(t, minutes=i))
        plain = self.d.request("GET", "/sessions?limit=50")
        full = self.d.request("GET", "/sessions?limit=50&include=aftercare")
        self.assertEqual(plain.status, 200)
        self.assertEqual(full.status, 200)
        self.assertEqual(len(plain.body["sessions"]), 50)
        for s in plain.body["sessions"]:
            self.assertNotIn("aftercare", s)
        for s in full.body["sessions"]:
            cats = [x["category"] for x in s["aftercare"]]
            self.assertEqual(len(cats), len(set(cats)))
            self.assertLessEqual(len(cats), len(AVOID_AFTER))
        n_plain = int(plain.headers.get("Content-Length"))
        n_full = int(full.headers.get("Content-Length"))
        one = int(self.d.request("GET", "/sessions/%d" % plain.body[
            "sessions"][0]["id"]).headers.get("Content-Length"))
        print("\n50 six-area sessions a page: %d bytes without aftercare, "
              "%d with ?include=aftercare (GET of one: %d bytes)"
              % (n_plain, n_full, one), file=sys.stderr)
        self.assertLess(n_plain, n_full)
        self.assertLess(n_plain, 50 * 1024)
        # Against the one-row-per-area form (60 rows a session), written
        # the same way: the page with aftercare is less than half of it.
        s = full.body["sessions"][0]
        rows = [{"area": a, "category": x["category"],
                 "avoid_until": x["avoid_until"]}
                for x in s["aftercare"] for a in x["areas"]]
        self.assertEqual(len(rows), 60)
        new = len(json.dumps(s["aftercare"], indent=2))
        old = len(json.dumps(rows, indent=2))
        print("one session's aftercare: %d bytes, %d as 60 rows"
              % (new, old), file=sys.stderr)
        self.assertLess(new, old / 2)
        self.assertLess(n_full, n_plain + 50 * old)

    def test_include_names_only_aftercare(self):
        r = self.d.request("GET", "/sessions?include=warnings")
        self.assertProblem(r, 400, "include")
        self.assertIn("aftercare", r.body["detail"])


class Avoid(FreshDaemonTestCase):

    def test_what_waits_where_and_until(self):
        serum = self.d.create_product("retinoid", name="Retinol serum")
        t = "2026-07-01T20:00:00Z"
        self.d.session(["forehead", "nose"], 0.25, at=t)
        self.d.session("nose", 0.25, at=shift(t, days=5))
        at = shift(t, days=6)
        a = self.d.get("/avoid" + qs(at=at))
        self.assertEqual(a["at"], at)
        by = {x["category"]: x for x in a["avoid"]}
        # 24 h sunscreen is over for both; retinoid runs on both.
        self.assertNotIn("chemical_sunscreen", by)
        ret = by["retinoid"]
        self.assertEqual(ret["areas"], [
            {"area": "forehead", "until": shift(t, hours=240)},
            {"area": "nose", "until": shift(t, days=5, hours=240)}])
        self.assertEqual(ret["until"], shift(t, days=5, hours=240))
        self.assertEqual([p["id"] for p in ret["products"]], [serum["id"]])
        self.assertEqual(ret["products"][0]["name"], "Retinol serum")
        # Vitamin C (72 h): only the nose, treated a day ago.
        self.assertEqual([x["area"] for x in by["vitamin_c"]["areas"]],
                         ["nose"])
        untils = [x["until"] for x in a["avoid"]]
        self.assertEqual(untils, sorted(untils))
        # ?area= keeps one area.
        n = self.d.get("/avoid" + qs(at=at, area="forehead"))
        self.assertEqual({x["category"] for x in n["avoid"]},
                         {"retinoid", "exfoliating_acid",
                          "benzoyl_peroxide", "hydroquinone"})
        for x in n["avoid"]:
            self.assertEqual([y["area"] for y in x["areas"]], ["forehead"])
        # Once every wait is over, nothing.
        late = self.d.get("/avoid" + qs(at=shift(t, days=16)))
        self.assertEqual(late["avoid"], [])

    def test_bad_parameters_and_etag(self):
        r = self.d.request("GET", "/avoid?area=elbow")
        self.assertProblem(r, 422, "area")
        r = self.d.request("GET", "/avoid?at=yesterday")
        self.assertProblem(r, 400, "at")
        r = self.d.request("GET", "/avoid?region=face")
        self.assertProblem(r, 400, "region")
        self.d.session("chin", 0.25, at="2026-07-02T08:00:00Z")
        at = "2026-07-02T09:00:00Z"
        r = self.d.request("GET", "/avoid" + qs(at=at))
        etag = r.headers.get("ETag")
        self.assertTrue(etag)
        r = self.d.request("GET", "/avoid" + qs(at=at),
                           headers={"If-None-Match": etag})
        self.assertEqual(r.status, 304)


class PatchLogs(FreshDaemonTestCase):

    def test_patch_checkin_merges_and_recomputes_warnings(self):
        t = "2026-05-01T08:00:00Z"
        self.d.session("cheeks", 0.5, at=t)
        c = self.d.checkin("cheeks", at=shift(t, hours=74), notes="fine")
        self.assertWarnings(c, [])
        p = self.d.call("PATCH", "/checkins/%d" % c["id"], {"redness": 2})
        self.assertEqual(p["redness"], 2)
        self.assertEqual(p["notes"], "fine")
        self.assertEqual(p["at"], c["at"])
        self.assertWarnings(p, ["prolonged_inflammation"])
        g = self.d.get("/checkins/%d" % c["id"])
        self.assertEqual(g["redness"], 2)
        # The readiness follows: the area is blocked now.
        self.assertTrue(self.d.readiness("cheeks",
                                         at=shift(t, hours=75))["blocked"])
        p = self.d.call("PATCH", "/checkins/%d" % c["id"],
                        {"redness": 0, "conditions": ["sunburn"]})
        self.assertEqual(p["conditions"], ["sunburn"])
        p = self.d.call("PATCH", "/checkins/%d" % c["id"], {"conditions": []})
        self.assertEqual(p["conditions"], [])
        self.assertFalse(self.d.readiness("cheeks",
                                          at=shift(t, hours=75))["blocked"])
        ev = self.d.get("/events?types=checkin.updated")
        self.assertEqual([e["data"] for e in ev], [{"id": c["id"]}] * 3)

    def test_patch_checkin_validates(self):
        c = self.d.checkin("chin", at="2026-05-02T08:00:00Z")
        r = self.d.request("PATCH", "/checkins/%d" % c["id"],
                           {"area": "elbow"})
        self.assertProblem(r, 422, "area")
        r = self.d.request("PATCH", "/checkins/%d" % c["id"], {"pain": 4})
        self.assertProblem(r, 422, "pain")
        r = self.d.request("PATCH", "/checkins/%d" % c["id"], {"bogus": 1})
        self.assertProblem(r, 422, "bogus")
        r = self.d.request("PATCH", "/checkins/999999", {"pain": 1})
        self.assertProblem(r, 404)
        # Nothing refused was stored.
        g = self.d.get("/checkins/%d" % c["id"])
        self.assertEqual(g, {k: v for k, v in c.items() if k != "warnings"})

    def test_patch_application_recomputes_warnings(self):
        t = "2026-05-03T08:00:00Z"
        self.d.session("neck", 0.25, at=t)
        p = self.d.create_product("retinoid", name="Retinol serum")
        a = self.d.apply(p["id"], "hands", at=shift(t, days=1), notes="n")
        self.assertWarnings(a, [])
        b = self.d.call("PATCH", "/applications/%d" % a["id"],
                        {"areas": ["hands", "neck"]})
        self.assertEqual(b["areas"], ["hands", "neck"])
        self.assertEqual(b["notes"], "n")
        self.assertEqual(b["applied_at"], a["applied_at"])
        self.assertWarnings(b, ["product_too_soon"])
        self.assertEqual(self.d.get("/applications/%d" % a["id"])["areas"],
                         ["hands", "neck"])
        r = self.d.request("PATCH", "/applications/%d" % a["id"],
                           {"areas": ["neck", "neck"]})
        self.assertProblem(r, 422, "areas[1]")
        r = self.d.request("PATCH", "/applications/%d" % a["id"],
                           {"product_id": 999999})
        self.assertProblem(r, 422, "product_id")
        r = self.d.request("PATCH", "/applications/%d" % a["id"],
                           {"areas": ["neck"]},
                           headers={"Prefer": "handling=strict"})
        self.assertProblem(r, 409, "areas[0]")
        ev = self.d.get("/events?types=application.updated")
        self.assertEqual([e["data"] for e in ev], [{"id": a["id"]}])

    def test_session_applications_are_the_sessions(self):
        p = self.d.create_product("moisturizer", name="Cream")
        s = self.d.session("chin", 0.25, at="2026-05-04T08:00:00Z",
                           products=[p["id"]])
        aid = s["products"][0]["application_id"]
        r = self.d.request("DELETE", "/applications/%d" % aid)
        self.assertProblem(r, 409, "session_id")
        self.assertIn("session %d" % s["id"], r.body["detail"])
        self.assertIn("edit or delete the session", r.body["detail"])
        r = self.d.request("PATCH", "/applications/%d" % aid, {"notes": "x"})
        self.assertProblem(r, 409, "session_id")
        self.assertIn("session %d" % s["id"], r.body["detail"])
        self.d.get("/applications/%d" % aid)
        # The session still removes its own.
        self.d.call("DELETE", "/sessions/%d" % s["id"], expect=204)
        self.d.get("/applications/%d" % aid, expect=404)


class Regions(FreshDaemonTestCase):

    def test_region_treatment_expands_to_its_areas(self):
        self.d.create_area("temple", region="face", archived=True)
        s = self.d.call("POST", "/sessions", {
            "started_at": "2026-04-01T08:00:00Z",
            "treatments": [{"region": "face", "depth_mm": 0.25,
                            "passes": 3}]}, expect=201)
        self.assertEqual([t["area"] for t in s["treatments"]], FACE)
        for t in s["treatments"]:
            self.assertEqual((t["depth_mm"], t["passes"]), (0.25, 3))
            self.assertNotIn("region", t)
        # Expanded areas are checked as if named: twice is refused.
        r = self.d.request("POST", "/sessions", {
            "treatments": [{"region": "face", "depth_mm": 0.25},
                           {"area": "nose", "depth_mm": 0.25}]})
        self.assertProblem(r, 422)
        self.assertIn("again", r.body["detail"])
        r = self.d.request("POST", "/sessions", {
            "treatments": [{"region": "mars", "depth_mm": 0.25}]})
        self.assertProblem(r, 422, "treatments[0].region")
        self.assertIn("face", r.body["detail"])
        r = self.d.request("POST", "/sessions", {
            "treatments": [{"region": "face", "area": "nose",
                            "depth_mm": 0.25}]})
        self.assertProblem(r, 422, "treatments[0].region")
        # "area": "face" is told to be a region.
        r = self.d.request("POST", "/sessions", {
            "treatments": [{"area": "face", "depth_mm": 0.25}]})
        self.assertProblem(r, 422, "treatments[0].area")
        self.assertIn('"region": "face"', r.body["detail"])
        self.assertNotIn("area no area", r.body["detail"])

    def test_region_filters(self):
        t = "2026-04-10T08:00:00Z"
        a = self.d.session(["neck", "scalp"], 0.25, at=t)
        b = self.d.session("forehead", 0.25, at=shift(t, days=1))
        c = self.d.session("hands", 0.25, at=shift(t, days=2))
        ns = self.d.get("/next-session?region=face")
        self.assertEqual([x["area"] for x in ns["areas"]], ["forehead"])
        ns = self.d.get("/next-session?region=body")
        self.assertEqual([x["area"] for x in ns["areas"]], ["hands"])
        ns = self.d.get("/next-session")
        self.assertEqual(len(ns["areas"]), 4)
        ids = [s["id"] for s in self.d.get("/sessions?region=scalp")
               ["sessions"]]
        self.assertEqual(ids, [a["id"]])
        ids = [s["id"] for s in self.d.get("/sessions?region=face")
               ["sessions"]]
        self.assertEqual(ids, [b["id"]])
        ids = [s["id"] for s in self.d.get("/sessions")["sessions"]]
        self.assertEqual(ids, [c["id"], b["id"], a["id"]])
        for path in ("/next-session?region=mars", "/sessions?region=mars"):
            r = self.d.request("GET", path)
            self.assertProblem(r, 422, "region")
            self.assertIn("body, face, neck, scalp", r.body["detail"])


class QueryStrictness(DaemonTestCase):

    def test_repeated_parameter_is_400(self):
        for path in ("/sessions?area=nose&area=chin",
                     "/next-session?at=2026-01-01T00:00:00Z&at=2026-01-02"
                     "T00:00:00Z", "/checkins?limit=1&limit=2"):
            r = self.d.request("GET", path)
            self.assertProblem(r, 400)
            self.assertIn("twice", r.body["detail"], path)
        r = self.d.request("GET", "/sessions?area=nose&area=chin")
        self.assertProblem(r, 400, "area")

    def test_unknown_parameter_is_400_with_the_known_ones(self):
        r = self.d.request("GET", "/sessions?aera=nose")
        self.assertProblem(r, 400, "aera")
        self.assertIn("limit, cursor, since, until, area, region, include",
                      r.body["detail"])
        r = self.d.request("GET", "/profile?x=1")
        self.assertProblem(r, 400, "x")
        self.assertIn("takes none", r.body["detail"])
        r = self.d.request("POST", "/checkins?dry_run=1", {"area": "nose"})
        self.assertProblem(r, 400, "dry_run")
        r = self.d.request("GET", "/next-session?areas=nose")
        self.assertProblem(r, 400, "areas")

    def test_known_parameters_still_work(self):
        self.d.get("/sessions?limit=5&area=nose&since=2026-01-01T00:00:00Z")
        self.d.get("/next-session?area=nose&at=2026-01-01T00:00:00Z")
        self.d.get("/areas/nose?at=2026-01-01T00:00:00Z")
        self.d.get("/events?since=0&timeout=0&limit=5&types=session.created")
        r = self.d.request("GET", "/calendar.ics?token=whatever")
        self.assertEqual(r.status, 200)


class Messages(DaemonTestCase):

    def test_unknown_field_offers_the_nearest(self):
        r = self.d.request("POST", "/sessions", {
            "treatments": [{"area": "nose", "depth": 0.25}]})
        b = self.assertProblem(r, 422, "treatments[0].depth")
        self.assertIn("did you mean depth_mm?", b["detail"])
        r = self.d.request("POST", "/checkins", {"area": "nose",
                                                 "redniss": 1})
        b = self.assertProblem(r, 422, "redniss")
        self.assertIn("did you mean redness?", b["detail"])

    def test_unknown_names_offer_the_right_ones(self):
        r = self.d.request("POST", "/checkins", {"area": "forehaed"})
        b = self.assertProblem(r, 422, "area")
        self.assertEqual(b["detail"], "area 'forehaed' is not a known area; "
                         "did you mean forehead? (see GET /areas)")
        r = self.d.request("POST", "/checkins", {"area": "nose",
                                                 "conditions": ["sunburnt"]})
        b = self.assertProblem(r, 422, "conditions[0]")
        self.assertIn("active_acne, cold_sore, sunburn, open_wound, "
                      "eczema_flare", b["detail"])
        r = self.d.request("POST", "/products", {"name": "x",
                                                 "category": "retinol"})
        b = self.assertProblem(r, 422, "category")
        self.assertIn("did you mean retinoid?", b["detail"])
        r = self.d.request("POST", "/devices", {"name": "x",
                                                "kind": "rolller"})
        b = self.assertProblem(r, 422, "kind")
        self.assertIn("roller", b["detail"])
        r = self.d.request("POST", "/sessions", {
            "setting": "spa", "treatments": [{"area": "nose",
                                              "depth_mm": 0.25}]})
        b = self.assertProblem(r, 422, "setting")
        self.assertIn('"clinic"', b["detail"])
        r = self.d.request("GET", "/sessions?area=chinn")
        b = self.assertProblem(r, 422, "area")
        self.assertIn("did you mean chin?", b["detail"])

    def test_messages_do_not_repeat_the_field(self):
        for body in ({"area": "elbow"},):
            r = self.d.request("POST", "/checkins", body)
            b = self.assertProblem(r, 422, "area")
            for e in b["errors"]:
                self.assertFalse(e["message"].startswith(e["field"]), e)

    def test_strict_refusal_names_the_field(self):
        t = "2026-03-01T09:00:00Z"
        self.d.session(["upper-lip"], 0.25, at=t)
        r = self.d.request("POST", "/sessions", {
            "started_at": shift(t, days=1),
            "treatments": [{"area": "hands", "depth_mm": 0.25},
                           {"area": "upper-lip", "depth_mm": 0.25}]},
            headers={"Prefer": "handling=strict"})
        b = self.assertProblem(r, 409, "treatments[1].area")
        self.assertNotIn("upper-lip", [e["field"] for e in b["errors"]])


if __name__ == "__main__":
    main()
