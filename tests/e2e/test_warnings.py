#!/usr/bin/env python3
"""Warnings on writes (healing-model.md §7): early_session, blocked_area,
too_deep, pigmentation_risk, device_worn, cartridge_reused,
product_too_soon, prolonged_inflammation, see_clinician; aftercare (§8);
Prefer: handling=strict (409, nothing stored, Preference-Applied)."""

import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import FreshDaemonTestCase, main, shift  # noqa: E402

STRICT = {"Prefer": "handling=strict"}
SEVERITY = {"early_session": "warning", "blocked_area": "danger",
            "too_deep": "warning", "pigmentation_risk": "warning",
            "device_worn": "warning", "cartridge_reused": "danger",
            "product_too_soon": "warning",
            "prolonged_inflammation": "warning", "see_clinician": "danger"}
AVOID_AFTER = {"retinoid": 240, "exfoliating_acid": 168,
               "benzoyl_peroxide": 168, "hydroquinone": 168,
               "vitamin_c": 72, "scrub": 120, "makeup": 48, "fragrance": 48,
               "chemical_sunscreen": 24, "minoxidil": 48}


class Base(FreshDaemonTestCase):

    def assertWarnings(self, body, codes):
        super().assertWarnings(body, codes)
        for w in body["warnings"]:
            self.assertEqual(w["severity"], SEVERITY[w["code"]], w)


class SessionWarnings(Base):

    def test_early_session(self):
        t = "2026-08-01T09:00:00Z"
        s = self.d.session("forehead", 0.5, at=t)
        self.assertWarnings(s, [])
        s = self.d.session("forehead", 0.25, at=shift(t, days=4))
        self.assertWarnings(s, ["early_session"])
        w = self.warning(s, "early_session", "forehead")
        self.assertEqual(w["until"], shift(t, days=14))
        # stored anyway
        self.assertEqual(self.d.get("/sessions/%d" % s["id"])["started_at"],
                         shift(t, days=4))
        # at ready_at exactly: no warning
        s = self.d.session("forehead", 0.25, at=shift(t, days=14))
        self.assertWarnings(s, [])

    def test_early_session_per_area(self):
        t = "2026-08-01T09:00:00Z"
        self.d.session("chin", 0.5, at=t)
        s = self.d.session(["chin", "nose"], 0.25, at=shift(t, days=1))
        self.assertWarnings(s, ["early_session"])
        self.assertEqual(s["warnings"][0]["area"], "chin")

    def test_early_session_from_product(self):
        p = self.d.create_product("retinoid")
        pa = "2026-08-01T09:00:00Z"
        self.d.apply(p["id"], "cheeks", at=pa)
        s = self.d.session("cheeks", 0.25, at=shift(pa, days=2))
        self.assertWarnings(s, ["early_session"])
        self.assertEqual(self.warning(s, "early_session")["until"],
                         shift(pa, hours=168))

    def test_blocked_area(self):
        self.d.checkin("forehead", at="2026-08-01T09:00:00Z", redness=2)
        s = self.d.session("forehead", 0.25, at="2026-08-01T10:00:00Z")
        self.assertWarnings(s, ["blocked_area"])
        self.assertEqual(s["warnings"][0]["area"], "forehead")
        self.d.checkin("chin", at="2026-08-01T09:00:00Z",
                       conditions=["open_wound"])
        s = self.d.session("chin", 0.25, at="2026-08-01T10:00:00Z")
        self.assertWarnings(s, ["blocked_area"])

    def test_too_deep(self):
        s = self.d.session("forehead", 0.75, at="2026-01-01T09:00:00Z")
        self.assertWarnings(s, ["too_deep"])
        self.assertEqual(self.warning(s, "too_deep")["area"], "forehead")
        # exactly the cap: fine
        s = self.d.session("cheeks", 0.5, at="2026-01-01T09:00:00Z")
        self.assertWarnings(s, [])
        s = self.d.session("under-eye", 0.3, at="2026-01-01T09:00:00Z")
        self.assertWarnings(s, ["too_deep"])
        # clinic sessions are not capped
        s = self.d.session("nose", 1.5, at="2026-01-01T09:00:00Z",
                           setting="clinic")
        self.assertWarnings(s, [])
        # per area in a multi-area session
        s = self.d.session(["arms", "neck"], 0.75,
                           at="2026-01-01T09:00:00Z")
        self.assertWarnings(s, ["too_deep"])
        self.assertEqual(s["warnings"][0]["area"], "neck")

    def test_too_deep_follows_area_cap(self):
        self.d.call("PATCH", "/areas/chin", {"max_home_depth_mm": 1.0})
        s = self.d.session("chin", 0.75, at="2026-01-01T09:00:00Z")
        self.assertWarnings(s, [])
        self.d.create_area("shins", max_home_depth_mm=0.5)
        s = self.d.session("shins", 0.75, at="2026-01-01T09:00:00Z")
        self.assertWarnings(s, ["too_deep"])
        self.d.create_area("calves")            # default cap 0.25
        s = self.d.session("calves", 0.3, at="2026-01-01T09:00:00Z")
        self.assertWarnings(s, ["too_deep"])

    def test_depth_from_device_checked_against_cap(self):
        roller = self.d.create_device("roller", 1.0)
        s = self.d.session("forehead", at="2026-01-01T09:00:00Z",
                           device_id=roller["id"])
        self.assertWarnings(s, ["too_deep"])

    def test_pigmentation_risk(self):
        # normal skin: none
        s = self.d.session("arms", 0.75, at="2026-01-01T09:00:00Z")
        self.assertWarnings(s, [])
        for i, patch in enumerate(({"fitzpatrick": 4},
                                   {"fitzpatrick": 1, "sensitive": True},
                                   {"sensitive": False, "melasma": True})):
            self.d.call("PATCH", "/profile", patch)
            t = shift("2026-01-01T09:00:00Z", days=60 * (i + 1))
            s = self.d.session("arms", 0.75, at=t)
            self.assertWarnings(s, ["pigmentation_risk"])
            self.assertEqual(s["warnings"][0]["area"], "arms")
            # 0.5 exactly: none
            s = self.d.session("abdomen", 0.5, at=t)
            self.assertWarnings(s, [])
            # clinic: none
            s = self.d.session("thighs", 0.75, at=t, setting="clinic")
            self.assertWarnings(s, [])
        # back to normal
        self.d.call("PATCH", "/profile", {"melasma": False})
        s = self.d.session("back", 0.75, at="2026-10-01T09:00:00Z")
        self.assertWarnings(s, [])

    def test_device_worn_after_12_uses(self):
        roller = self.d.create_device("roller", 0.25)
        t = "2026-02-01T09:00:00Z"
        for i in range(12):
            s = self.d.session("forehead", at=shift(t, days=3 * i),
                               device_id=roller["id"])
            self.assertWarnings(s, [])
        s = self.d.session("forehead", at=shift(t, days=36),
                           device_id=roller["id"])
        self.assertWarnings(s, ["device_worn"])
        g = self.d.get("/devices/%d" % roller["id"])
        self.assertEqual(g["uses"], 13)
        self.assertIs(g["worn"], True)
        self.assertEqual(g["first_used_at"], t)

    def test_device_worn_by_age(self):
        stamp = self.d.create_device("stamp", 0.25)
        t = "2026-02-01T09:00:00Z"
        self.d.session("chin", at=t, device_id=stamp["id"])
        s = self.d.session("chin", at=shift(t, days=42),
                           device_id=stamp["id"])
        self.assertWarnings(s, [])
        s = self.d.session("nose", at=shift(t, days=42, seconds=1),
                           device_id=stamp["id"])
        self.assertWarnings(s, ["device_worn"])

    def test_device_worn_counts_only_earlier_sessions(self):
        roller = self.d.create_device("roller", 0.25, max_uses=2)
        self.d.session("hands", at="2026-03-10T00:00:00Z",
                       device_id=roller["id"])
        self.d.session("hands", at="2026-03-20T00:00:00Z",
                       device_id=roller["id"])
        # back-filled before both: one of the others is not earlier
        s = self.d.session("neck", at="2026-03-01T00:00:00Z",
                           device_id=roller["id"])
        self.assertWarnings(s, [])
        s = self.d.session("neck", at="2026-03-30T00:00:00Z",
                           device_id=roller["id"])
        self.assertWarnings(s, ["device_worn"])

    def test_pen_does_not_wear(self):
        pen = self.d.create_device("pen")
        t = "2026-01-01T09:00:00Z"
        for i in range(14):
            s = self.d.session("back", 0.25, at=shift(t, days=4 * i),
                               device_id=pen["id"])
            self.assertWarnings(s, [])

    def test_cartridge_reused(self):
        pen = self.d.create_device("pen")
        s = self.d.session("arms", 0.5, at="2026-05-01T00:00:00Z",
                           device_id=pen["id"], new_cartridge=False)
        self.assertWarnings(s, ["cartridge_reused"])
        self.assertIs(s["new_cartridge"], False)
        s = self.d.session("back", 0.5, at="2026-05-01T00:00:00Z",
                           device_id=pen["id"], new_cartridge=True)
        self.assertWarnings(s, [])
        s = self.d.session("thighs", 0.5, at="2026-05-01T00:00:00Z",
                           device_id=pen["id"])
        self.assertWarnings(s, [])
        self.assertIs(s["new_cartridge"], True)

    def test_backfill_evaluated_at_its_own_time(self):
        self.d.session("cheeks", 0.5, at="2026-06-20T00:00:00Z")
        # an older diary entry: the later session is not "before" it
        s = self.d.session("cheeks", 0.5, at="2026-06-01T00:00:00Z")
        self.assertWarnings(s, [])
        # but one in between is early (06-01 + 14 d = 06-15)
        s = self.d.session("cheeks", 0.25, at="2026-06-10T00:00:00Z")
        self.assertWarnings(s, ["early_session"])
        self.assertEqual(s["warnings"][0]["until"], "2026-06-15T00:00:00Z")

    def test_several_warnings_at_once(self):
        self.d.call("PATCH", "/profile", {"fitzpatrick": 6})
        pen = self.d.create_device("pen")
        self.d.session("cheeks", 0.25, at="2026-07-01T00:00:00Z")
        s = self.d.session("cheeks", 1.0, at="2026-07-02T00:00:00Z",
                           device_id=pen["id"], new_cartridge=False)
        self.assertWarnings(s, ["cartridge_reused", "early_session",
                                "pigmentation_risk", "too_deep"])


class ProductWarnings(Base):

    def test_product_too_soon(self):
        t = "2026-08-01T09:00:00Z"
        self.d.session("forehead", 0.25, at=t)
        p = self.d.create_product("retinoid", name="Retinol")
        a = self.d.apply(p["id"], "forehead", at=shift(t, hours=24))
        self.assertWarnings(a, ["product_too_soon"])
        w = self.warning(a, "product_too_soon", "forehead")
        self.assertEqual(w["until"], shift(t, hours=240))
        # stored anyway
        self.assertEqual(self.d.get("/applications/%d" % a["id"])["areas"],
                         ["forehead"])
        a = self.d.apply(p["id"], "forehead",
                         at=shift(t, hours=240, seconds=-1))
        self.assertWarnings(a, ["product_too_soon"])
        a = self.d.apply(p["id"], "forehead", at=shift(t, hours=240))
        self.assertWarnings(a, [])
        # at the session's own time
        a = self.d.apply(p["id"], "forehead", at=t)
        self.assertWarnings(a, ["product_too_soon"])
        # before the session: no
        a = self.d.apply(p["id"], "forehead", at=shift(t, seconds=-1))
        self.assertWarnings(a, [])

    def test_only_treated_areas_warn(self):
        t = "2026-08-01T09:00:00Z"
        self.d.session("chin", 0.25, at=t)
        p = self.d.create_product("makeup")
        a = self.d.apply(p["id"], ["chin", "cheeks"], at=shift(t, hours=2))
        self.assertWarnings(a, ["product_too_soon"])
        w = self.warning(a, "product_too_soon", "chin")
        self.assertEqual(w["until"], shift(t, hours=48))
        a = self.d.apply(p["id"], ["cheeks"], at=shift(t, hours=2))
        self.assertWarnings(a, [])

    def test_avoid_after_override(self):
        t = "2026-08-01T09:00:00Z"
        self.d.session("neck", 0.25, at=t)
        never = self.d.create_product("retinoid", avoid_after_h=0)
        a = self.d.apply(never["id"], "neck", at=shift(t, hours=1))
        self.assertWarnings(a, [])
        short = self.d.create_product("retinoid", avoid_after_h=10)
        a = self.d.apply(short["id"], "neck", at=shift(t, hours=9))
        self.assertWarnings(a, ["product_too_soon"])
        self.assertEqual(a["warnings"][0]["until"], shift(t, hours=10))
        a = self.d.apply(short["id"], "neck", at=shift(t, hours=10))
        self.assertWarnings(a, [])

    def test_latest_treatment_counts(self):
        self.d.session("hands", 0.25, at="2026-08-01T00:00:00Z")
        self.d.session("hands", 0.25, at="2026-08-20T00:00:00Z")
        p = self.d.create_product("vitamin_c")
        a = self.d.apply(p["id"], "hands", at="2026-08-21T00:00:00Z")
        self.assertWarnings(a, ["product_too_soon"])
        self.assertEqual(a["warnings"][0]["until"], "2026-08-23T00:00:00Z")
        # back-filled between the two sessions, past the first's 72 h
        a = self.d.apply(p["id"], "hands", at="2026-08-05T00:00:00Z")
        self.assertWarnings(a, [])

    def test_glide_serum_vitamin_c(self):
        p = self.d.create_product("vitamin_c", name="C glide")
        t = "2026-08-01T09:00:00Z"
        s = self.d.session(["forehead", "cheeks"], 0.25, at=t,
                           products=[p["id"]])
        self.assertWarnings(s, ["product_too_soon", "product_too_soon"])
        for area in ("forehead", "cheeks"):
            w = self.warning(s, "product_too_soon", area)
            self.assertEqual(w["until"], shift(t, hours=72))

    def test_glide_serum_without_wait(self):
        p = self.d.create_product("hyaluronic_acid")
        q = self.d.create_product("peptide")
        s = self.d.session("forehead", 0.25, at="2026-08-01T09:00:00Z",
                           products=[p["id"], q["id"]])
        self.assertWarnings(s, [])


class CheckinWarnings(Base):

    def setUp(self):
        super().setUp()
        self.t = "2026-09-01T00:00:00Z"
        self.d.session(["cheeks", "chin", "nose", "neck", "forehead"], 0.25,
                       at=self.t)

    def test_prolonged_inflammation_boundary(self):
        t = self.t
        c = self.d.checkin("cheeks", at=shift(t, hours=72), redness=1)
        self.assertWarnings(c, [])
        c = self.d.checkin("chin", at=shift(t, hours=72, seconds=1),
                           redness=1)
        self.assertWarnings(c, ["prolonged_inflammation"])
        self.assertEqual(c["warnings"][0]["area"], "chin")
        c = self.d.checkin("nose", at=shift(t, hours=100), swelling=1)
        self.assertWarnings(c, ["prolonged_inflammation"])

    def test_see_clinician_after_7_days(self):
        t = self.t
        c = self.d.checkin("cheeks", at=shift(t, days=7), redness=2)
        self.assertWarnings(c, ["prolonged_inflammation"])
        c = self.d.checkin("chin", at=shift(t, days=7, seconds=1),
                           swelling=3)
        self.assertWarnings(c, ["prolonged_inflammation", "see_clinician"])
        self.assertEqual(self.warning(c, "see_clinician")["area"], "chin")
        # no upper bound
        c = self.d.checkin("nose", at=shift(t, days=80), redness=1)
        self.assertWarnings(c, ["prolonged_inflammation", "see_clinician"])

    def test_infection_signs_always_see_clinician(self):
        t = self.t
        c = self.d.checkin("cheeks", at=shift(t, hours=1),
                           infection_signs=True)
        self.assertWarnings(c, ["see_clinician"])
        c = self.d.checkin("chin", at=shift(t, days=9), infection_signs=True,
                           redness=3)
        self.assertWarnings(c, ["prolonged_inflammation", "see_clinician"])
        # never treated
        c = self.d.checkin("back", at=shift(t, hours=1),
                           infection_signs=True)
        self.assertWarnings(c, ["see_clinician"])

    def test_no_warning_without_inflammation_or_treatment(self):
        t = self.t
        c = self.d.checkin("cheeks", at=shift(t, days=10), pain=3,
                           conditions=["active_acne"])
        self.assertWarnings(c, [])
        c = self.d.checkin("back", at=shift(t, days=10), redness=3)
        self.assertWarnings(c, [])
        # before the treatment
        c = self.d.checkin("neck", at=shift(t, days=-5), redness=3)
        self.assertWarnings(c, [])

    def test_latest_treatment_before_checkin(self):
        t = self.t
        self.d.session("forehead", 0.25, at=shift(t, days=5))
        c = self.d.checkin("forehead", at=shift(t, days=6), redness=1)
        self.assertWarnings(c, [])


class Aftercare(Base):

    def expected(self, areas, t, waits=AVOID_AFTER):
        return sorted((a, c, shift(t, hours=h)) for a in areas
                      for c, h in waits.items() if h > 0)

    def got(self, s):
        untils = [x["avoid_until"] for x in s["aftercare"]]
        self.assertEqual(untils, sorted(untils), "aftercare not sorted")
        # One entry per category (issue #8), naming its areas.
        return sorted((a, x["category"], x["avoid_until"])
                      for x in s["aftercare"] for a in x["areas"])

    def test_aftercare_lines(self):
        t = "2026-10-01T09:00:00Z"
        s = self.d.session(["forehead", "cheeks"], 0.25, at=t)
        self.assertEqual(self.got(s), self.expected(["forehead", "cheeks"],
                                                    t))
        self.assertEqual(len(s["aftercare"]), 10)
        first = s["aftercare"][0]
        self.assertEqual((first["category"], first["avoid_until"]),
                         ("chemical_sunscreen", shift(t, hours=24)))
        last = s["aftercare"][-1]
        self.assertEqual((last["category"], last["avoid_until"]),
                         ("retinoid", shift(t, hours=240)))

    def test_aftercare_follows_category_edits(self):
        self.d.call("PATCH", "/product-categories/makeup",
                    {"avoid_after_h": 0})
        self.d.call("PATCH", "/product-categories/moisturizer",
                    {"avoid_after_h": 6})
        t = "2026-10-01T09:00:00Z"
        s = self.d.session("nose", 0.25, at=t)
        waits = dict(AVOID_AFTER, makeup=0, moisturizer=6)
        self.assertEqual(self.got(s), self.expected(["nose"], t, waits))
        self.assertEqual(s["aftercare"][0]["category"], "moisturizer")


class Strict(Base):

    def counts(self):
        return (self.d.count("/sessions", "sessions"),
                self.d.count("/applications", "applications"),
                self.d.count("/checkins", "checkins"))

    def assertStrict409(self, r, codes):
        b = self.assertProblem(r, 409)
        self.assertEqual(r.headers.get("Preference-Applied"),
                         "handling=strict", r.headers)
        self.assertIn("warnings", b)
        self.assertTrue(set(codes) <= {w["code"] for w in b["warnings"]},
                        b["warnings"])
        return b

    def test_strict_early_session_refused(self):
        t = "2026-08-01T09:00:00Z"
        self.d.session("forehead", 0.5, at=t)
        p = self.d.create_product("peptide")
        before = self.counts()
        body = {"started_at": shift(t, days=2),
                "treatments": [{"area": "forehead", "depth_mm": 0.25}],
                "products": [{"product_id": p["id"]}]}
        r = self.d.request("POST", "/sessions", body, STRICT)
        b = self.assertStrict409(r, ["early_session"])
        w = [x for x in b["warnings"] if x["code"] == "early_session"][0]
        self.assertEqual(w["until"], shift(t, days=14))
        self.assertEqual(self.counts(), before)
        self.assertEqual(self.d.readiness("forehead", at=shift(t, days=3))
                         ["last_session_at"], t)
        # without strict: stored, 201 with the warning
        r = self.d.request("POST", "/sessions", body)
        self.assertEqual(r.status, 201, r)
        self.assertWarnings(r.body, ["early_session"])
        self.assertEqual(self.counts(), (before[0] + 1, before[1] + 1,
                                         before[2]))

    def test_strict_danger_refused(self):
        pen = self.d.create_device("pen")
        before = self.counts()
        r = self.d.request("POST", "/sessions",
                           {"started_at": "2026-08-01T09:00:00Z",
                            "device_id": pen["id"], "new_cartridge": False,
                            "treatments": [{"area": "arms",
                                            "depth_mm": 0.5}]}, STRICT)
        self.assertStrict409(r, ["cartridge_reused"])
        self.d.checkin("chin", at="2026-08-01T09:00:00Z", redness=3)
        before = self.counts()
        r = self.d.request("POST", "/sessions",
                           {"started_at": "2026-08-01T10:00:00Z",
                            "treatments": [{"area": "chin",
                                            "depth_mm": 0.25}]}, STRICT)
        self.assertStrict409(r, ["blocked_area"])
        self.assertEqual(self.counts(), before)
        self.assertEqual(self.d.get("/devices/%d" % pen["id"])["uses"], 0)

    def test_strict_too_deep_refused(self):
        before = self.counts()
        r = self.d.request("POST", "/sessions",
                           {"started_at": "2026-08-01T09:00:00Z",
                            "treatments": [{"area": "nose",
                                            "depth_mm": 1.0}]}, STRICT)
        self.assertStrict409(r, ["too_deep"])
        self.assertEqual(self.counts(), before)
        self.assertIs(self.d.get("/areas/nose")["tracked"], False)

    def test_strict_without_warnings_stores(self):
        r = self.d.request("POST", "/sessions",
                           {"started_at": "2026-08-01T09:00:00Z",
                            "treatments": [{"area": "nose",
                                            "depth_mm": 0.25}]}, STRICT)
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.body["warnings"], [])
        self.assertEqual(self.d.count("/sessions", "sessions"), 1)
        r = self.d.request("POST", "/checkins",
                           {"area": "nose", "at": "2026-08-01T10:00:00Z"},
                           STRICT)
        self.assertEqual(r.status, 201, r)

    def test_strict_application_refused(self):
        self.d.session("cheeks", 0.25, at="2026-08-01T09:00:00Z")
        p = self.d.create_product("retinoid")
        before = self.counts()
        r = self.d.request("POST", "/applications",
                           {"product_id": p["id"], "areas": ["cheeks"],
                            "applied_at": "2026-08-02T09:00:00Z"}, STRICT)
        self.assertStrict409(r, ["product_too_soon"])
        self.assertEqual(self.counts(), before)
        r = self.d.request("POST", "/applications",
                           {"product_id": p["id"], "areas": ["cheeks"],
                            "applied_at": "2026-08-02T09:00:00Z"})
        self.assertEqual(r.status, 201)
        self.assertWarnings(r.body, ["product_too_soon"])

    def test_strict_checkin_refused(self):
        self.d.session("neck", 0.25, at="2026-08-01T09:00:00Z")
        before = self.counts()
        for body, codes in (
                ({"area": "neck", "at": "2026-08-05T09:00:00Z",
                  "redness": 2}, ["prolonged_inflammation"]),
                ({"area": "neck", "at": "2026-08-01T10:00:00Z",
                  "infection_signs": True}, ["see_clinician"])):
            r = self.d.request("POST", "/checkins", body, STRICT)
            self.assertStrict409(r, codes)
        self.assertEqual(self.counts(), before)
        r = self.d.request("POST", "/checkins",
                           {"area": "neck", "at": "2026-08-05T09:00:00Z",
                            "redness": 2})
        self.assertEqual(r.status, 201)
        self.assertWarnings(r.body, ["prolonged_inflammation"])

    def test_strict_patch_refused(self):
        self.d.session("chin", 0.5, at="2026-08-01T09:00:00Z")
        s = self.d.session("chin", 0.25, at="2026-08-20T09:00:00Z")
        before = self.d.get("/sessions/%d" % s["id"])
        r = self.d.request("PATCH", "/sessions/%d" % s["id"],
                           {"started_at": "2026-08-03T09:00:00Z"}, STRICT)
        self.assertStrict409(r, ["early_session"])
        self.assertEqual(self.d.get("/sessions/%d" % s["id"]), before)

    def test_other_prefer_values_store(self):
        self.d.session("scalp", 0.25, at="2026-08-01T09:00:00Z")
        for prefer in ("handling=lenient", "return=minimal",
                       "respond-async"):
            r = self.d.request("POST", "/sessions",
                               {"started_at": "2026-08-02T09:00:00Z",
                                "treatments": [{"area": "scalp",
                                                "depth_mm": 0.25}]},
                               {"Prefer": prefer})
            self.assertEqual(r.status, 201, (prefer, r))
            self.assertWarnings(r.body, ["early_session"])
            self.assertNotEqual(r.headers.get("Preference-Applied"),
                                "handling=strict")


if __name__ == "__main__":
    main()
