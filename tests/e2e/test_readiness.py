#!/usr/bin/env python3
"""Readiness (healing-model.md §1, §3, §4, §6): /next-session and
/areas/{slug} with ?at= and ?area=, the worked examples 1-5, overlapping
constraints, products, check-ins and conditions, and the ordering of
/next-session.  Every expected time is computed here from the rule."""

import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import (FreshDaemonTestCase, main, parse_time,  # noqa: E402
                     qs, shift, utcnow)

READINESS_KEYS = {"area", "ready", "ready_at", "blocked", "last_session_at",
                  "last_depth_mm", "reasons", "warnings"}


class Base(FreshDaemonTestCase):

    def reasons(self, r):
        return [(x["code"], x["until"]) for x in r["reasons"]]

    def assertReadiness(self, r, area, ready, ready_at, blocked=False,
                        last_session_at=None, last_depth_mm=None,
                        reasons=None):
        self.assertTrue(READINESS_KEYS <= set(r), r)
        self.assertEqual(r["area"], area, r)
        self.assertIs(r["ready"], ready, r)
        self.assertEqual(r["ready_at"], ready_at, r)
        self.assertIs(r["blocked"], blocked, r)
        self.assertEqual(r["last_session_at"], last_session_at, r)
        self.assertEqual(r["last_depth_mm"], last_depth_mm, r)
        if reasons is not None:
            self.assertEqual(self.reasons(r), reasons, r)
        for x in r["reasons"]:
            self.assertIsInstance(x["message"], str)
            self.assertTrue(x["message"], x)

    def both(self, area, at):
        """Readiness from /next-session?area= and /areas/{slug}?at=; they
        must agree."""
        a = self.d.readiness(area, at=at)
        b = self.d.area_readiness(area, at=at)
        self.assertEqual(a, b, "/next-session and /areas/%s disagree" % area)
        return a


class Empty(Base):

    def test_no_tracked_area(self):
        before = utcnow()
        ns = self.d.next_session()
        after = utcnow()
        self.assertTrue({"now", "area", "ready", "ready_at", "areas"}
                        <= set(ns), ns)
        self.assertIsNone(ns["area"])
        self.assertIs(ns["ready"], True)
        self.assertIsNone(ns["ready_at"])
        self.assertEqual(ns["areas"], [])
        self.assertTrue(before <= parse_time(ns["now"]) <= after, ns["now"])

    def test_at_sets_now(self):
        ns = self.d.next_session(at="2026-05-01T12:00:00Z")
        self.assertEqual(ns["now"], "2026-05-01T12:00:00Z")
        ns = self.d.next_session(at="2026-05-01T14:00:00+02:00")
        self.assertEqual(ns["now"], "2026-05-01T12:00:00Z")
        # typed into curl unencoded, '+' arrives as a space: still +02:00
        ns = self.d.get("/next-session?at=2026-05-01T14:00:00+02:00")
        self.assertEqual(ns["now"], "2026-05-01T12:00:00Z")
        ns = self.d.get("/next-session?at=2026-05-01T09:30:00-02:30")
        self.assertEqual(ns["now"], "2026-05-01T12:00:00Z")
        for bad in ("2026-05-01T14:00:00+2:00", "2026-05-01T14:00:00+",
                    "yesterday"):
            self.assertProblem(self.d.request("GET", "/next-session?at=" +
                                              bad), 400, field="at")

    def test_untreated_area(self):
        r = self.both("nose", "2026-05-01T00:00:00Z")
        self.assertReadiness(r, "nose", True, None, reasons=[])
        self.assertEqual(r["warnings"], [])

    def test_unknown_area_422(self):
        self.assertProblem(self.d.request(
            "GET", "/next-session" + qs(area="knees")), 422, "area")
        self.assertProblem(self.d.request("GET", "/areas/knees"), 404)


class WorkedExamples(Base):

    def test_example_1_depth_interval(self):
        t = "2026-03-01T09:00:00Z"
        self.d.session("forehead", 0.5, at=t)
        until = shift(t, days=14)
        self.assertEqual(until, "2026-03-15T09:00:00Z")
        at = "2026-03-02T00:00:00Z"
        r = self.both("forehead", at)
        self.assertReadiness(r, "forehead", False, until,
                             last_session_at=t, last_depth_mm=0.5,
                             reasons=[("healing", until)])
        self.assertEqual(r["warnings"], [])
        ns = self.d.next_session(at=at)
        self.assertEqual(ns["now"], at)
        self.assertEqual(ns["area"], "forehead")
        self.assertIs(ns["ready"], False)
        self.assertEqual(ns["ready_at"], until)
        self.assertEqual(ns["areas"], [r])
        # one second before: not ready; at ready_at: ready, reason gone,
        # ready_at kept (past constraints included)
        r = self.both("forehead", shift(until, seconds=-1))
        self.assertIs(r["ready"], False)
        r = self.both("forehead", until)
        self.assertReadiness(r, "forehead", True, until, last_session_at=t,
                             last_depth_mm=0.5, reasons=[])
        ns = self.d.next_session(at=until)
        self.assertIs(ns["ready"], True)
        self.assertEqual(ns["ready_at"], until)

    def test_api_example_message(self):
        t = "2026-11-14T09:30:00Z"
        self.d.session("forehead", 0.5, at=t)
        r = self.d.readiness("forehead", at="2026-11-21T10:00:00Z")
        # the facts the message was made from come with it (issue #8)
        self.assertEqual(r["reasons"], [{
            "code": "healing", "until": "2026-11-28T09:30:00Z",
            "message": "0.5 mm on 14 Nov: 14 days to heal", "count": 1,
            "at": t, "session_id": r["reasons"][0]["session_id"],
            "depth_mm": 0.5, "interval_h": 336, "skin_factor": 1}])

    def test_example_2_touch_up_does_not_shorten(self):
        t1 = "2026-03-01T09:00:00Z"
        t2 = "2026-03-05T09:00:00Z"
        self.d.session("forehead", 0.5, at=t1)
        s = self.d.session("forehead", 0.25, at=t2)
        self.assertIn("early_session", [w["code"] for w in s["warnings"]])
        u1 = shift(t1, days=14)
        u2 = shift(t2, days=3)
        r = self.both("forehead", "2026-03-06T00:00:00Z")
        self.assertReadiness(r, "forehead", False, u1, last_session_at=t2,
                             last_depth_mm=0.25,
                             reasons=[("healing", u1), ("healing", u2)])
        self.assertEqual(u1, "2026-03-15T09:00:00Z")
        r = self.both("forehead", "2026-03-09T00:00:00Z")
        self.assertReadiness(r, "forehead", False, u1, last_session_at=t2,
                             last_depth_mm=0.25,
                             reasons=[("healing", u1)])

    def test_example_3_retinol(self):
        self.d.session("cheeks", 0.25, at="2026-01-10T09:00:00Z")
        p = self.d.create_product("retinoid", name="Retinol")
        t = "2026-03-10T21:00:00Z"
        self.d.apply(p["id"], "cheeks", at=t)
        until = shift(t, hours=168)
        self.assertEqual(until, "2026-03-17T21:00:00Z")
        r = self.both("cheeks", "2026-03-11T00:00:00Z")
        self.assertReadiness(r, "cheeks", False, until,
                             last_session_at="2026-01-10T09:00:00Z",
                             last_depth_mm=0.25,
                             reasons=[("product", until)])
        # before the application it was ready (the event is ignored)
        r = self.both("cheeks", shift(t, seconds=-1))
        self.assertIs(r["ready"], True)
        self.assertEqual(r["ready_at"], "2026-01-13T09:00:00Z")
        self.assertEqual(r["reasons"], [])
        r = self.both("cheeks", until)
        self.assertReadiness(r, "cheeks", True, until,
                             last_session_at="2026-01-10T09:00:00Z",
                             last_depth_mm=0.25, reasons=[])

    def test_example_4_fitzpatrick_v(self):
        self.d.call("PATCH", "/profile", {"fitzpatrick": 5})
        t = "2026-04-01T00:00:00Z"
        s = self.d.session("cheeks", 1.0, at=t)
        codes = sorted(w["code"] for w in s["warnings"])
        self.assertEqual(codes, ["pigmentation_risk", "too_deep"])
        until = shift(t, days=28 * 1.5)
        self.assertEqual(until, "2026-05-13T00:00:00Z")
        r = self.both("cheeks", "2026-04-02T00:00:00Z")
        self.assertReadiness(r, "cheeks", False, until, last_session_at=t,
                             last_depth_mm=1.0,
                             reasons=[("healing", until)])

    def test_example_5_inflammation(self):
        t = "2026-05-01T08:00:00Z"
        self.d.session("cheeks", 1.0, at=t)
        c = self.d.checkin("cheeks", at="2026-05-04T10:00:00Z", redness=2)
        self.assertEqual([w["code"] for w in c["warnings"]],
                         ["prolonged_inflammation"])
        healing = shift(t, days=28)
        self.assertEqual(healing, "2026-05-29T08:00:00Z")
        r = self.both("cheeks", "2026-05-05T00:00:00Z")
        self.assertReadiness(r, "cheeks", False, None, blocked=True,
                             last_session_at=t, last_depth_mm=1.0,
                             reasons=[("inflammation", None),
                                      ("healing", healing)])
        self.assertEqual([w["code"] for w in r["warnings"]],
                         ["prolonged_inflammation"])
        c = self.d.checkin("cheeks", at="2026-05-06T10:00:00Z")
        self.assertEqual(c["warnings"], [])
        r = self.both("cheeks", "2026-05-07T00:00:00Z")
        self.assertReadiness(r, "cheeks", False, healing, last_session_at=t,
                             last_depth_mm=1.0,
                             reasons=[("healing", healing)])
        self.assertEqual(r["warnings"], [])
        # ?at= before the clear check-in still sees the inflammation
        r = self.both("cheeks", "2026-05-05T00:00:00Z")
        self.assertIs(r["blocked"], True)
        self.assertIsNone(r["ready_at"])
        r = self.both("cheeks", healing)
        self.assertIs(r["ready"], True)


class Intervals(Base):

    def test_band_boundaries(self):
        cases = [(0.3, 72), (0.31, 336), (0.5, 336), (0.51, 504),
                 (0.75, 504), (0.76, 672), (1.0, 672), (1.01, 1008),
                 (1.5, 1008), (1.51, 1008), (2.0, 1008), (2.01, 1344),
                 (3.0, 1344), (0.01, 72)]
        t = "2026-06-01T06:00:00Z"
        areas = ["forehead", "under-eye", "nose", "upper-lip", "cheeks",
                 "chin", "jawline", "neck", "decolletage", "scalp", "hands",
                 "arms", "abdomen", "thighs"]
        for (depth, _), area in zip(cases, areas):
            self.d.session(area, depth, at=t, setting="clinic")
        for (depth, hours), area in zip(cases, areas):
            r = self.d.readiness(area, at="2026-06-01T07:00:00Z")
            self.assertReadiness(r, area, False, shift(t, hours=hours),
                                 last_session_at=t, last_depth_mm=depth,
                                 reasons=[("healing",
                                           shift(t, hours=hours))])

    def test_every_treatment_counts(self):
        # deep first, then two shallow touch-ups: the deep one still rules
        self.d.session("arms", 1.0, at="2026-06-01T00:00:00Z")
        self.d.session("arms", 0.25, at="2026-06-06T00:00:00Z")
        self.d.session("arms", 0.3, at="2026-06-10T00:00:00Z")
        deep = shift("2026-06-01T00:00:00Z", days=28)
        r = self.both("arms", "2026-06-11T00:00:00Z")
        self.assertReadiness(r, "arms", False, deep,
                             last_session_at="2026-06-10T00:00:00Z",
                             last_depth_mm=0.3,
                             reasons=[("healing", deep),
                                      ("healing", "2026-06-13T00:00:00Z")])
        # a deeper later session extends it
        self.d.session("arms", 1.0, at="2026-06-20T00:00:00Z")
        r = self.both("arms", "2026-06-21T00:00:00Z")
        self.assertEqual(r["ready_at"], shift("2026-06-20T00:00:00Z",
                                              days=28))
        self.assertEqual(self.reasons(r),
                         [("healing", "2026-07-18T00:00:00Z"),
                          ("healing", deep)])

    def test_at_ignores_later_events(self):
        self.d.session("chin", 0.5, at="2026-03-01T00:00:00Z")
        self.d.session("chin", 1.0, at="2026-03-20T00:00:00Z")
        r = self.both("chin", "2026-03-10T00:00:00Z")
        self.assertReadiness(r, "chin", False, "2026-03-15T00:00:00Z",
                             last_session_at="2026-03-01T00:00:00Z",
                             last_depth_mm=0.5,
                             reasons=[("healing", "2026-03-15T00:00:00Z")])
        r = self.both("chin", "2026-03-20T00:00:00Z")
        self.assertEqual(r["last_session_at"], "2026-03-20T00:00:00Z")
        self.assertEqual(r["ready_at"], "2026-04-17T00:00:00Z")

    def test_past_ready_at_kept_when_ready(self):
        self.d.session("neck", 0.25, at="2026-01-01T00:00:00Z")
        r = self.both("neck", "2026-02-01T00:00:00Z")
        self.assertReadiness(r, "neck", True, "2026-01-04T00:00:00Z",
                             last_session_at="2026-01-01T00:00:00Z",
                             last_depth_mm=0.25, reasons=[])

    def test_without_at_uses_now(self):
        t = utcnow().replace(microsecond=0)
        s = self.d.session("jawline", 0.5)
        until = shift(s["started_at"], days=14)
        r = self.both("jawline", None)
        self.assertReadiness(r, "jawline", False, until,
                             last_session_at=s["started_at"],
                             last_depth_mm=0.5,
                             reasons=[("healing", until)])
        self.assertLessEqual(abs((parse_time(s["started_at"]) - t)
                                 .total_seconds()), 5)

    def test_sensitive_skin_factor(self):
        self.d.call("PATCH", "/profile", {"sensitive": True})
        t = "2026-06-01T00:00:00Z"
        self.d.session("forehead", 0.25, at=t)
        r = self.both("forehead", "2026-06-01T01:00:00Z")
        self.assertEqual(r["ready_at"], shift(t, hours=72 * 1.5))
        # profile edits change past answers
        self.d.call("PATCH", "/profile", {"sensitive": False})
        r = self.both("forehead", "2026-06-01T01:00:00Z")
        self.assertEqual(r["ready_at"], shift(t, hours=72))


class Products(Base):

    def test_product_and_healing_overlap(self):
        t = "2026-06-01T08:00:00Z"
        self.d.session("forehead", 0.25, at=t)
        p = self.d.create_product("retinoid")
        pa = "2026-06-02T20:00:00Z"
        self.d.apply(p["id"], "forehead", at=pa)
        heal = shift(t, hours=72)
        prod = shift(pa, hours=168)
        r = self.both("forehead", "2026-06-03T00:00:00Z")
        self.assertReadiness(r, "forehead", False, prod, last_session_at=t,
                             last_depth_mm=0.25,
                             reasons=[("product", prod), ("healing", heal)])
        r = self.both("forehead", "2026-06-05T00:00:00Z")
        self.assertEqual(self.reasons(r), [("product", prod)])
        self.assertEqual(r["ready_at"], prod)

    def test_healing_later_than_product(self):
        t = "2026-06-01T08:00:00Z"
        p = self.d.create_product("vitamin_c")
        pa = "2026-05-31T08:00:00Z"
        self.d.apply(p["id"], "cheeks", at=pa)
        self.d.session("cheeks", 0.5, at=t)
        heal = shift(t, days=14)
        r = self.both("cheeks", "2026-06-01T09:00:00Z")
        # the product's wait (until 06-01 08:00) is over: only healing
        self.assertReadiness(r, "cheeks", False, heal, last_session_at=t,
                             last_depth_mm=0.5,
                             reasons=[("healing", heal)])

    def test_zero_wait_products_add_nothing(self):
        for cat in ("moisturizer", "makeup", "chemical_sunscreen",
                    "hyaluronic_acid", "minoxidil"):
            p = self.d.create_product(cat)
            self.d.apply(p["id"], "nose", at="2026-06-01T08:00:00Z")
        r = self.both("nose", "2026-06-01T09:00:00Z")
        self.assertReadiness(r, "nose", True, None, reasons=[])

    def test_untreated_area_product(self):
        p = self.d.create_product("scrub")
        pa = "2026-06-01T08:00:00Z"
        self.d.apply(p["id"], "hands", at=pa)
        r = self.both("hands", "2026-06-02T08:00:00Z")
        self.assertReadiness(r, "hands", False, shift(pa, hours=72),
                             reasons=[("product", shift(pa, hours=72))])
        # not tracked: not in /next-session
        ns = self.d.next_session(at="2026-06-02T08:00:00Z")
        self.assertEqual(ns["areas"], [])

    def test_product_override(self):
        p = self.d.create_product("retinoid", stop_before_h=10)
        pa = "2026-06-01T08:00:00Z"
        self.d.apply(p["id"], "chin", at=pa)
        r = self.both("chin", "2026-06-01T09:00:00Z")
        self.assertEqual(self.reasons(r), [("product", shift(pa, hours=10))])
        # editing the product changes the answer immediately
        self.d.call("PATCH", "/products/%d" % p["id"], {"stop_before_h": 20})
        r = self.both("chin", "2026-06-01T09:00:00Z")
        self.assertEqual(r["ready_at"], shift(pa, hours=20))

    def test_product_override_reset_with_null(self):
        p = self.d.create_product("retinoid", stop_before_h=10)
        pa = "2026-06-01T08:00:00Z"
        self.d.apply(p["id"], "chin", at=pa)
        b = self.d.call("PATCH", "/products/%d" % p["id"],
                        {"stop_before_h": None})
        self.assertIsNone(b["stop_before_h"])
        self.assertEqual(b["effective_stop_before_h"], 168)
        r = self.both("chin", "2026-06-01T09:00:00Z")
        self.assertEqual(r["ready_at"], shift(pa, hours=168))

    def test_latest_application_of_product_counts(self):
        p = self.d.create_product("exfoliating_acid")
        self.d.apply(p["id"], "neck", at="2026-06-01T08:00:00Z")
        self.d.apply(p["id"], "neck", at="2026-06-03T08:00:00Z")
        r = self.both("neck", "2026-06-04T00:00:00Z")
        self.assertEqual(r["ready_at"], "2026-06-10T08:00:00Z")
        self.assertEqual(r["reasons"][0]["until"], "2026-06-10T08:00:00Z")
        self.assertEqual(r["reasons"][0]["code"], "product")
        # ?at= between the two: only the first
        r = self.both("neck", "2026-06-02T00:00:00Z")
        self.assertEqual(r["ready_at"], "2026-06-08T08:00:00Z")

    def test_systemic_product_applies_everywhere(self):
        self.d.session("forehead", 0.25, at="2026-05-01T00:00:00Z")
        p = self.d.create_product("oral_isotretinoin")
        pa = "2026-06-01T00:00:00Z"
        self.d.apply(p["id"], "chin", at=pa)
        until = shift(pa, hours=4380)
        for area in ("forehead", "chin", "back", "scalp"):
            r = self.both(area, "2026-06-02T00:00:00Z")
            self.assertIs(r["ready"], False, r)
            self.assertEqual(r["ready_at"], until, r)
            self.assertEqual(self.reasons(r), [("product", until)])
        ns = self.d.next_session(at="2026-06-02T00:00:00Z")
        self.assertEqual(ns["area"], "forehead")
        self.assertIs(ns["ready"], False)
        self.assertEqual(ns["ready_at"], until)

    def test_glide_serum_counts_as_application(self):
        p = self.d.create_product("vitamin_c", name="C serum")
        t = "2026-06-01T08:00:00Z"
        self.d.session("forehead", 0.25, at=t, products=[p["id"]])
        r = self.both("forehead", "2026-06-01T09:00:00Z")
        self.assertReadiness(r, "forehead", False, shift(t, hours=72),
                             last_session_at=t, last_depth_mm=0.25,
                             reasons=[("healing", shift(t, hours=72)),
                                      ("product", shift(t, hours=24))])
        # a longer-waiting product used as glide serum wins
        q = self.d.create_product("retinoid")
        t2 = "2026-07-01T08:00:00Z"
        self.d.session("cheeks", 0.25, at=t2, products=[q["id"]])
        r = self.both("cheeks", "2026-07-01T09:00:00Z")
        self.assertEqual(r["ready_at"], shift(t2, hours=168))
        self.assertEqual(self.reasons(r),
                         [("product", shift(t2, hours=168)),
                          ("healing", shift(t2, hours=72))])


class Checkins(Base):

    def test_inflammation_kinds(self):
        at = "2026-06-02T00:00:00Z"
        cases = [("forehead", {"redness": 1}, True),
                 ("cheeks", {"swelling": 1}, True),
                 ("chin", {"infection_signs": True}, True),
                 ("nose", {"pain": 3}, False),
                 ("neck", {"redness": 0, "swelling": 0}, False)]
        for area, scores, _ in cases:
            self.d.checkin(area, at="2026-06-01T00:00:00Z", **scores)
        for area, scores, blocked in cases:
            r = self.both(area, at)
            self.assertIs(r["blocked"], blocked, (area, scores, r))
            if blocked:
                self.assertReadiness(r, area, False, None, blocked=True,
                                     reasons=[("inflammation", None)])
            else:
                self.assertReadiness(r, area, True, None, reasons=[])
        r = self.both("chin", at)
        self.assertEqual([w["code"] for w in r["warnings"]],
                         ["see_clinician"])
        self.assertEqual(r["warnings"][0]["severity"], "danger")

    def test_later_clear_checkin_ends_inflammation(self):
        self.d.checkin("chin", at="2026-06-01T00:00:00Z", redness=3)
        self.d.checkin("chin", at="2026-06-01T12:00:00Z", redness=2)
        self.d.checkin("chin", at="2026-06-02T00:00:00Z")
        r = self.both("chin", "2026-06-01T13:00:00Z")
        self.assertIs(r["blocked"], True)
        r = self.both("chin", "2026-06-02T00:00:00Z")
        self.assertReadiness(r, "chin", True, None, reasons=[])

    def test_condition_blocks_without_rest(self):
        for cond in ("active_acne", "open_wound", "eczema_flare"):
            area = self.d.create_area()["slug"]
            self.d.checkin(area, at="2026-06-01T00:00:00Z",
                           conditions=[cond])
            r = self.both(area, "2026-06-01T01:00:00Z")
            self.assertReadiness(r, area, False, None, blocked=True,
                                 reasons=[("condition", None)])
            self.d.checkin(area, at="2026-06-03T00:00:00Z")
            r = self.both(area, "2026-06-03T00:00:00Z")
            self.assertReadiness(r, area, True, None, reasons=[])

    def test_cold_sore_and_sunburn_rest_14_days(self):
        for cond, area in (("cold_sore", "upper-lip"), ("sunburn", "neck")):
            self.d.checkin(area, at="2026-06-01T00:00:00Z",
                           conditions=[cond])
            self.d.checkin(area, at="2026-06-03T00:00:00Z",
                           conditions=[cond], redness=1)
            # inflamed but no condition: not clear, still blocked
            self.d.checkin(area, at="2026-06-04T00:00:00Z", redness=1)
            # the first clear check-in after the last listing
            clear = "2026-06-05T06:00:00Z"
            self.d.checkin(area, at=clear)
            self.d.checkin(area, at="2026-06-07T06:00:00Z")
            r = self.both(area, "2026-06-03T01:00:00Z")
            self.assertIs(r["blocked"], True)
            self.assertEqual([x["code"] for x in r["reasons"]],
                             ["condition", "inflammation"]
                             if r["reasons"][0]["code"] == "condition"
                             else ["inflammation", "condition"])
            self.assertTrue(all(x["until"] is None for x in r["reasons"]))
            r = self.both(area, "2026-06-04T01:00:00Z")
            self.assertReadiness(r, area, False, None, blocked=True)
            self.assertIn(("inflammation", None), self.reasons(r))
            rest = shift(clear, days=14)
            r = self.both(area, "2026-06-08T00:00:00Z")
            self.assertReadiness(r, area, False, rest,
                                 reasons=[("condition", rest)])
            r = self.both(area, rest)
            self.assertReadiness(r, area, True, rest, reasons=[])

    def test_condition_listed_again_restarts_rest(self):
        area = "upper-lip"
        self.d.checkin(area, at="2026-06-01T00:00:00Z",
                       conditions=["cold_sore"])
        self.d.checkin(area, at="2026-06-02T00:00:00Z")
        self.d.checkin(area, at="2026-06-05T00:00:00Z",
                       conditions=["cold_sore"])
        self.d.checkin(area, at="2026-06-06T00:00:00Z")
        r = self.both(area, "2026-06-03T00:00:00Z")
        self.assertEqual(r["ready_at"], "2026-06-16T00:00:00Z")
        r = self.both(area, "2026-06-07T00:00:00Z")
        self.assertEqual(r["ready_at"], "2026-06-20T00:00:00Z")
        self.assertEqual(self.reasons(r),
                         [("condition", "2026-06-20T00:00:00Z")])

    def test_condition_with_healing(self):
        t = "2026-06-01T00:00:00Z"
        self.d.session("cheeks", 0.5, at=t)
        self.d.checkin("cheeks", at="2026-06-02T00:00:00Z",
                       conditions=["sunburn"])
        self.d.checkin("cheeks", at="2026-06-10T00:00:00Z")
        r = self.both("cheeks", "2026-06-11T00:00:00Z")
        rest = "2026-06-24T00:00:00Z"
        self.assertReadiness(r, "cheeks", False, rest, last_session_at=t,
                             last_depth_mm=0.5,
                             reasons=[("condition", rest),
                                      ("healing", shift(t, days=14))])

    def test_prolonged_standing_warnings(self):
        t = "2026-06-01T00:00:00Z"
        self.d.session("forehead", 0.25, at=t)
        self.d.checkin("forehead", at=shift(t, days=8), swelling=2)
        r = self.both("forehead", shift(t, days=9))
        self.assertEqual(sorted(w["code"] for w in r["warnings"]),
                         ["prolonged_inflammation", "see_clinician"])
        self.assertIs(r["blocked"], True)
        # no longer standing once a clear check-in is the latest
        self.d.checkin("forehead", at=shift(t, days=10))
        r = self.both("forehead", shift(t, days=10))
        self.assertEqual(r["warnings"], [])
        self.assertIs(r["ready"], True)


class HistoryEdits(Base):
    """Every write changes the readiness answer immediately."""

    def test_deleting_session(self):
        s1 = self.d.session("chin", 1.0, at="2026-06-01T00:00:00Z",
                            setting="clinic")
        self.d.session("chin", 0.25, at="2026-06-05T00:00:00Z")
        at = "2026-06-06T00:00:00Z"
        self.assertEqual(self.both("chin", at)["ready_at"],
                         "2026-06-29T00:00:00Z")
        self.d.call("DELETE", "/sessions/%d" % s1["id"], expect=204)
        r = self.both("chin", at)
        self.assertReadiness(r, "chin", False, "2026-06-08T00:00:00Z",
                             last_session_at="2026-06-05T00:00:00Z",
                             last_depth_mm=0.25,
                             reasons=[("healing", "2026-06-08T00:00:00Z")])

    def test_patching_session(self):
        s = self.d.session("neck", 0.25, at="2026-06-01T00:00:00Z")
        self.d.call("PATCH", "/sessions/%d" % s["id"],
                    {"treatments": [{"area": "neck", "depth_mm": 0.75}]})
        r = self.both("neck", "2026-06-02T00:00:00Z")
        self.assertEqual(r["ready_at"], "2026-06-22T00:00:00Z")
        self.assertEqual(r["last_depth_mm"], 0.75)
        self.d.call("PATCH", "/sessions/%d" % s["id"],
                    {"started_at": "2026-06-01T12:00:00Z"})
        r = self.both("neck", "2026-06-02T00:00:00Z")
        self.assertEqual(r["ready_at"], "2026-06-22T12:00:00Z")
        self.assertEqual(r["last_session_at"], "2026-06-01T12:00:00Z")

    def test_deleting_checkin_and_application(self):
        c = self.d.checkin("nose", at="2026-06-01T00:00:00Z", redness=2)
        p = self.d.create_product("benzoyl_peroxide")
        a = self.d.apply(p["id"], "nose", at="2026-06-01T00:00:00Z")
        at = "2026-06-02T00:00:00Z"
        r = self.both("nose", at)
        self.assertIs(r["blocked"], True)
        self.d.call("DELETE", "/checkins/%d" % c["id"], expect=204)
        r = self.both("nose", at)
        self.assertReadiness(r, "nose", False, "2026-06-08T00:00:00Z",
                             reasons=[("product", "2026-06-08T00:00:00Z")])
        self.d.call("DELETE", "/applications/%d" % a["id"], expect=204)
        r = self.both("nose", at)
        self.assertReadiness(r, "nose", True, None, reasons=[])


class NextSession(Base):

    def setUp(self):
        super().setUp()
        d = self.d
        # at 2026-07-01:
        d.session("forehead", 0.25, at="2026-05-01T00:00:00Z")  # ready
        d.session("chin", 0.25, at="2026-06-01T00:00:00Z")      # ready
        d.session("cheeks", 0.5, at="2026-06-25T00:00:00Z")     # 07-09
        d.session("neck", 0.25, at="2026-06-29T00:00:00Z")      # 07-02
        d.session("nose", 0.25, at="2026-06-28T00:00:00Z")
        d.checkin("nose", at="2026-06-29T00:00:00Z", redness=2)  # blocked
        self.at = "2026-07-01T00:00:00Z"

    def test_order(self):
        ns = self.d.next_session(at=self.at)
        self.assertEqual([a["area"] for a in ns["areas"]],
                         ["forehead", "chin", "neck", "cheeks", "nose"])
        self.assertEqual(ns["area"], "forehead")
        self.assertIs(ns["ready"], True)
        self.assertEqual(ns["ready_at"], "2026-05-04T00:00:00Z")
        self.assertEqual(ns["now"], self.at)
        by = {a["area"]: a for a in ns["areas"]}
        self.assertEqual(by["neck"]["ready_at"], "2026-07-02T00:00:00Z")
        self.assertEqual(by["cheeks"]["ready_at"], "2026-07-09T00:00:00Z")
        self.assertIsNone(by["nose"]["ready_at"])
        self.assertIs(by["nose"]["blocked"], True)
        for a in ns["areas"]:
            self.assertTrue(READINESS_KEYS <= set(a), a)

    def test_order_when_none_ready(self):
        d = self.d
        d.session("forehead", 0.5, at="2026-06-30T00:00:00Z")
        d.session("chin", 0.75, at="2026-06-30T00:00:00Z")
        ns = d.next_session(at=self.at)
        self.assertEqual([a["area"] for a in ns["areas"]],
                         ["neck", "cheeks", "forehead", "chin", "nose"])
        self.assertEqual(ns["area"], "neck")
        self.assertIs(ns["ready"], False)
        self.assertEqual(ns["ready_at"], "2026-07-02T00:00:00Z")

    def test_only_tracked_and_not_archived(self):
        d = self.d
        p = d.create_product("retinoid")
        d.apply(p["id"], "hands", at="2026-06-30T00:00:00Z")
        d.checkin("arms", at="2026-06-30T00:00:00Z", redness=3)
        d.call("PATCH", "/areas/chin", {"archived": True})
        ns = d.next_session(at=self.at)
        self.assertEqual([a["area"] for a in ns["areas"]],
                         ["forehead", "neck", "cheeks", "nose"])

    def test_tracked_as_history_stood_at(self):
        # healing-model.md: ?at= answers as the history stood then; an area
        # first treated after `at` was not tracked yet.
        ns = self.d.next_session(at="2026-06-15T00:00:00Z")
        self.assertEqual([a["area"] for a in ns["areas"]],
                         ["forehead", "chin"])
        ns = self.d.next_session(at="2026-04-30T23:59:59Z")
        self.assertEqual(ns["areas"], [])
        self.assertIsNone(ns["area"])
        self.assertIs(ns["ready"], True)
        self.assertIsNone(ns["ready_at"])
        ns = self.d.next_session(at="2026-05-01T00:00:00Z")
        self.assertEqual([a["area"] for a in ns["areas"]], ["forehead"])

    def test_area_param(self):
        ns = self.d.next_session(at=self.at, area="cheeks")
        self.assertEqual(ns["area"], "cheeks")
        self.assertIs(ns["ready"], False)
        self.assertEqual(ns["ready_at"], "2026-07-09T00:00:00Z")
        self.assertEqual(len(ns["areas"]), 1)
        self.assertEqual(ns["areas"][0]["area"], "cheeks")
        self.assertEqual(ns["now"], self.at)
        # an untracked area can be asked about too
        ns = self.d.next_session(at=self.at, area="back")
        self.assertEqual(ns["area"], "back")
        self.assertIs(ns["ready"], True)
        self.assertEqual([a["area"] for a in ns["areas"]], ["back"])

    def test_top_level_matches_first(self):
        for at in ("2026-06-29T12:00:00Z", self.at, "2026-07-05T00:00:00Z",
                   "2026-08-01T00:00:00Z"):
            ns = self.d.next_session(at=at)
            first = ns["areas"][0]
            self.assertEqual((ns["area"], ns["ready"], ns["ready_at"]),
                             (first["area"], first["ready"],
                              first["ready_at"]), at)


if __name__ == "__main__":
    main()
