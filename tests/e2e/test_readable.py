#!/usr/bin/env python3
"""Answers a person can read (issue #8): messages in the profile's time
zone (GET/PATCH /profile time_zone), the facts of every reason and warning
as fields that agree with the message, identical reasons merged with a
count, /next-session's top-level reasons."""

import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import FreshDaemonTestCase, main, shift  # noqa: E402

FACTS = ("at", "session_id", "depth_mm", "limit_mm", "product_id",
         "product", "category", "checkin_id", "condition", "redness",
         "swelling", "infection_signs", "interval_h", "skin_factor",
         "device_id", "device")


class Base(FreshDaemonTestCase):

    def zone(self, name):
        p = self.d.call("PATCH", "/profile", {"time_zone": name})
        self.assertEqual(p["time_zone"], name)
        return p

    def facts(self, x):
        """The fact members of a reason or warning."""
        return {k: v for k, v in x.items() if k in FACTS}

    def reason(self, r, code):
        rs = [x for x in r["reasons"] if x["code"] == code]
        self.assertEqual(len(rs), 1, r["reasons"])
        return rs[0]


class TimeZone(Base):

    def test_profile_shows_the_zone_in_effect(self):
        host = self.d.get("/profile")["time_zone"]
        self.assertIsInstance(host, str)
        self.assertTrue(host, "no zone in effect")
        self.zone("Australia/Brisbane")
        self.assertEqual(self.d.get("/profile")["time_zone"],
                         "Australia/Brisbane")
        # other fields are kept by a PATCH of the zone alone, and back
        p = self.d.call("PATCH", "/profile", {"sensitive": True})
        self.assertEqual(p["time_zone"], "Australia/Brisbane")
        self.zone("UTC")
        # "" goes back to the host's zone
        p = self.d.call("PATCH", "/profile", {"time_zone": ""})
        self.assertEqual(p["time_zone"], host)
        self.assertIs(p["sensitive"], True)

    def test_unknown_zone_is_422_and_changes_nothing(self):
        self.zone("Europe/London")
        before = self.d.get("/profile")
        for bad in ("Mars/Olympus", "Europe", "../etc/passwd", "utc+1",
                    "Europe//Paris", "x" * 70):
            body = self.assertProblem(self.d.request(
                "PATCH", "/profile", {"time_zone": bad, "name": "Z"}), 422,
                "time_zone")
            msg = [e["message"] for e in body["errors"]
                   if e["field"] == "time_zone"][0]
            if len(bad) < 64:
                self.assertIn("'%s' is not a time zone" % bad, msg)
                self.assertIn("IANA name such as Europe/Paris", msg)
        self.assertProblem(self.d.request("PATCH", "/profile",
                                          {"time_zone": 7}), 422,
                           "time_zone")
        self.assertEqual(self.d.get("/profile"), before)

    def test_brisbane_session_warning_and_healing_reason(self):
        self.zone("Australia/Brisbane")
        # 20:00 UTC is 06:00 the next day in Brisbane (UTC+10, no DST)
        t = "2026-07-01T20:00:00Z"
        s1 = self.d.session("forehead", 0.5, at=t)
        s2 = self.d.session("forehead", 0.25, at=shift(t, days=2))
        w = self.warning(s2, "early_session", "forehead")
        self.assertEqual(w["until"], "2026-07-15T20:00:00Z")
        self.assertEqual(w["message"],
                         "forehead is healing until 16 Jul 06:00 AEST")
        h = w["reasons"][0]
        self.assertEqual(h["code"], "healing")
        self.assertEqual(h["message"], "0.5 mm on 2 Jul: 14 days to heal")
        # the warning carries the facts of the reason it names
        self.assertEqual(self.facts(w), self.facts(h))
        self.assertEqual(self.facts(h), {
            "at": t, "session_id": s1["id"], "depth_mm": 0.5,
            "interval_h": 336, "skin_factor": 1})
        self.assertEqual(h["count"], 1)
        # the same in UTC: the date is the UTC one, the time labelled UTC
        self.zone("UTC")
        r = self.d.readiness("forehead", at=shift(t, days=3))
        self.assertEqual(r["reasons"][0]["message"],
                         "0.5 mm on 1 Jul: 14 days to heal")

    def test_london_winter_and_summer(self):
        self.zone("Europe/London")
        s = self.d.session("chin", 0.5, at="2026-01-10T09:00:00Z")
        s = self.d.session("chin", 0.25, at="2026-01-11T09:00:00Z")
        self.assertEqual(self.warning(s, "early_session")["message"],
                         "chin is healing until 24 Jan 09:00 GMT")
        s = self.d.session("nose", 0.25, at="2026-07-10T09:00:00Z")
        s = self.d.session("nose", 0.25, at="2026-07-11T09:00:00Z")
        self.assertEqual(self.warning(s, "early_session")["message"],
                         "nose is healing until 13 Jul 10:00 BST")

    def test_zone_change_reaches_next_session_at_once(self):
        self.zone("Australia/Brisbane")
        p = self.d.create_product("retinoid", name="Night Retinol")
        self.d.session("forehead", 0.25, at="2026-07-01T09:00:00Z")
        self.d.apply(p["id"], "forehead", at="2026-07-04T09:00:00Z")
        at = "2026-07-05T00:00:00Z"
        r1 = self.d.request("GET", "/next-session?at=" + at)
        m = self.reason(r1.body, "product")["message"]
        self.assertEqual(m, "Night Retinol (Retinoid) on 4 Jul 19:00 AEST: "
                         "stop 7 days before needling")
        self.zone("America/New_York")
        r2 = self.d.request("GET", "/next-session?at=" + at)
        m = self.reason(r2.body, "product")["message"]
        self.assertEqual(m, "Night Retinol (Retinoid) on 4 Jul 05:00 EDT: "
                         "stop 7 days before needling")
        self.assertNotEqual(r1.headers["ETag"], r2.headers["ETag"])
        # the same answer from /areas/{slug}
        r = self.d.area_readiness("forehead", at=at)
        self.assertEqual(self.reason(r, "product")["message"], m)

    def test_vitamin_c_at_local_0730(self):
        self.zone("Australia/Brisbane")
        vc = self.d.create_product("vitamin_c", name="C Serum")
        # 07:30 on 11 Jul in Brisbane
        applied = "2026-07-10T21:30:00Z"
        self.d.session("cheeks", 0.25, at="2026-07-01T09:00:00Z")
        self.d.apply(vc["id"], "cheeks", at=applied)
        r = self.d.readiness("cheeks", at="2026-07-11T00:00:00Z")
        x = self.reason(r, "product")
        self.assertEqual(x["message"], "C Serum (Vitamin C (L-ascorbic "
                         "acid)) on 11 Jul 07:30 AEST: stop 1 day before "
                         "needling")
        self.assertIn("07:30", x["message"])
        self.assertEqual(x["until"], shift(applied, hours=24))
        self.assertEqual(self.facts(x), {
            "at": applied, "product_id": vc["id"], "product": "C Serum",
            "category": "vitamin_c", "interval_h": 24})

    def test_product_too_soon_labelled_with_ids(self):
        self.zone("Australia/Brisbane")
        s = self.d.session("cheeks", 0.5, at="2026-07-10T00:00:00Z")
        p = self.d.create_product("retinoid", name="Night Retinol")
        a = self.d.apply(p["id"], "cheeks", at="2026-07-11T00:00:00Z")
        w = self.warning(a, "product_too_soon", "cheeks")
        self.assertEqual(w["until"], "2026-07-20T00:00:00Z")
        self.assertEqual(w["message"], "Night Retinol on cheeks 24 h after "
                         "needling: wait until 20 Jul 10:00 AEST")
        self.assertEqual(self.facts(w), {
            "at": "2026-07-10T00:00:00Z", "session_id": s["id"],
            "depth_mm": 0.5, "product_id": p["id"],
            "product": "Night Retinol", "category": "retinoid",
            "interval_h": 240})
        # listed in the session: the new session's own id
        s = self.d.session("chin", 0.25, at="2026-08-01T00:00:00Z",
                           products=[p["id"]])
        w = self.warning(s, "product_too_soon", "chin")
        self.assertEqual(w["session_id"], s["id"])
        self.assertEqual(w["depth_mm"], 0.25)
        self.assertEqual(w["message"], "Night Retinol on chin during "
                         "needling: wait until 11 Aug 10:00 AEST")

    def test_systemic_product_too_soon_names_the_latest_session(self):
        self.zone("UTC")
        self.d.session("chin", 0.25, at="2026-07-01T00:00:00Z")
        s = self.d.session(["nose", "arms"], 0.25,
                           at="2026-07-02T00:00:00Z",
                           treatments=[{"area": "nose", "depth_mm": 0.25},
                                       {"area": "arms", "depth_mm": 1.0}])
        p = self.d.create_product("oral_isotretinoin", name="Iso",
                                  avoid_after_h=48)
        a = self.d.apply(p["id"], "hands", at="2026-07-03T00:00:00Z")
        w = self.warning(a, "product_too_soon", "hands")
        self.assertEqual(w["session_id"], s["id"])
        self.assertEqual(w["depth_mm"], 1.0)
        self.assertEqual(w["at"], "2026-07-02T00:00:00Z")


class Facts(Base):

    def test_inflammation_and_condition_reasons(self):
        self.zone("Europe/London")
        c = self.d.checkin("chin", at="2026-01-12T09:00:00Z", redness=2,
                           swelling=1, conditions=["cold_sore"])
        r = self.d.readiness("chin", at="2026-01-13T00:00:00Z")
        x = self.reason(r, "inflammation")
        self.assertEqual(x["message"], "redness 2, swelling 1 at check-in "
                         "12 Jan 09:00 GMT: wait for a clear check-in")
        self.assertEqual(self.facts(x), {
            "at": c["at"], "checkin_id": c["id"], "redness": 2,
            "swelling": 1, "infection_signs": False})
        x = self.reason(r, "condition")
        self.assertEqual(x["message"], "cold sore at check-in 12 Jan: "
                         "wait until it has cleared")
        self.assertEqual(self.facts(x), {
            "at": c["at"], "checkin_id": c["id"], "condition": "cold_sore"})
        # the rest after it: the first clear check-in
        c2 = self.d.checkin("chin", at="2026-01-14T09:00:00Z")
        self.d.checkin("chin", at="2026-01-14T10:00:00Z")
        r = self.d.readiness("chin", at="2026-01-15T00:00:00Z")
        x = self.reason(r, "condition")
        self.assertEqual(x["message"], "cold sore cleared 14 Jan: rest 14 "
                         "days")
        self.assertEqual(self.facts(x), {
            "at": c2["at"], "checkin_id": c2["id"],
            "condition": "cold_sore", "interval_h": 336})
        self.assertEqual(x["until"], shift(c2["at"], days=14))

    def test_blocked_area_carries_the_check_in(self):
        self.zone("UTC")
        c = self.d.checkin("nose", at="2026-01-14T09:00:00Z", redness=3)
        s = self.d.session("nose", 0.25, at="2026-01-15T00:00:00Z")
        w = self.warning(s, "blocked_area", "nose")
        self.assertIn("redness 3", w["message"])
        self.assertEqual(w["checkin_id"], c["id"])
        self.assertEqual(w["redness"], 3)
        self.assertEqual(self.facts(w), self.facts(w["reasons"][0]))

    def test_depth_warnings(self):
        self.zone("UTC")
        self.d.call("PATCH", "/profile", {"fitzpatrick": 5})
        s = self.d.session("neck", 1.0, at="2026-02-01T09:00:00Z")
        w = self.warning(s, "too_deep", "neck")
        self.assertEqual(w["message"],
                         "1 mm is deeper than the 0.5 mm home limit for neck")
        self.assertEqual(self.facts(w), {"depth_mm": 1, "limit_mm": 0.5})
        s = self.d.session("arms", 0.75, at="2026-02-01T09:00:00Z")
        w = self.warning(s, "pigmentation_risk", "arms")
        self.assertIn("0.75 mm", w["message"])
        self.assertEqual(self.facts(w), {"depth_mm": 0.75, "limit_mm": 0.5,
                                         "skin_factor": 1.5})

    def test_device_warnings(self):
        self.zone("UTC")
        pen = self.d.create_device("pen", name="Dr Pen")
        s = self.d.session("neck", 0.25, at="2026-02-01T09:00:00Z",
                           device_id=pen["id"], new_cartridge=False)
        w = self.warning(s, "cartridge_reused")
        self.assertTrue(w["message"].startswith("Dr Pen: "), w)
        self.assertEqual(self.facts(w), {"session_id": s["id"],
                                         "device_id": pen["id"],
                                         "device": "Dr Pen"})
        st = self.d.create_device("stamp", 0.25, name="Stamp A")
        first = "2026-02-01T09:00:00Z"
        self.d.session("hands", at=first, device_id=st["id"])
        s = self.d.session("chin", at="2026-03-20T09:00:00Z",
                           device_id=st["id"])
        w = self.warning(s, "device_worn")
        self.assertEqual(w["message"], "Stamp A is worn: first used 1 Feb, "
                         "more than 42 days ago; replace it")
        self.assertEqual(self.facts(w), {"at": first, "session_id": s["id"],
                                         "device_id": st["id"],
                                         "device": "Stamp A"})
        # a PATCH keeps the session's id
        p = self.d.call("PATCH", "/sessions/%d" % s["id"],
                        {"notes": "again"})
        self.assertEqual(self.warning(p, "device_worn")["session_id"],
                         s["id"])

    def test_checkin_warnings(self):
        self.zone("America/New_York")
        s = self.d.session("forehead", 0.5, at="2026-07-03T09:00:00Z")
        c = self.d.checkin("forehead", at="2026-07-12T09:00:00Z",
                           redness=2, infection_signs=True)
        w = self.warning(c, "prolonged_inflammation", "forehead")
        self.assertEqual(w["message"], "forehead still inflamed more than "
                         "3 days after needling on 3 Jul: let it settle")
        self.assertEqual(self.facts(w), {
            "at": s["started_at"], "session_id": s["id"],
            "checkin_id": c["id"], "redness": 2, "swelling": 0,
            "infection_signs": True, "interval_h": 72})
        w = self.warning(c, "see_clinician", "forehead")
        self.assertEqual(w["message"], "forehead shows signs of infection "
                         "at check-in 12 Jul 05:00 EDT: see a clinician")
        self.assertEqual(self.facts(w), {
            "at": c["at"], "checkin_id": c["id"], "redness": 2,
            "swelling": 0, "infection_signs": True})
        # standing warnings of the area carry the same facts
        r = self.d.readiness("forehead", at="2026-07-13T00:00:00Z")
        self.assertEqual(
            self.facts(self.warning(r, "see_clinician", "forehead")),
            self.facts(w))


class Merging(Base):

    def test_two_sessions_at_once_one_reason_count_2(self):
        self.zone("UTC")
        t = "2026-03-01T09:00:00Z"
        s1 = self.d.session("forehead", 0.5, at=t)
        s2 = self.d.session("forehead", 0.5, at=t)
        self.assertLess(s1["id"], s2["id"])
        ns = self.d.next_session(at=shift(t, days=1), area="forehead")
        r = ns["areas"][0]
        self.assertEqual(len(r["reasons"]), 1, r["reasons"])
        x = r["reasons"][0]
        self.assertEqual(x["count"], 2)
        self.assertEqual(x["session_id"], s1["id"])
        self.assertEqual(x["message"], "0.5 mm on 1 Mar: 14 days to heal")
        # the top level repeats the chosen area's reasons
        self.assertEqual(ns["reasons"], r["reasons"])
        # a third, deeper, is not folded in
        self.d.session("forehead", 0.75, at=t)
        r = self.d.readiness("forehead", at=shift(t, days=1))
        self.assertEqual(sorted(x["count"] for x in r["reasons"]), [1, 2])

    def test_top_level_reasons(self):
        ns = self.d.next_session()
        self.assertEqual(ns["reasons"], [])
        self.d.session("chin", 0.25, at="2026-03-01T09:00:00Z")
        self.d.session("nose", 0.5, at="2026-03-01T09:00:00Z")
        ns = self.d.next_session(at="2026-03-02T00:00:00Z")
        self.assertEqual(ns["area"], ns["areas"][0]["area"])
        self.assertEqual(ns["reasons"], ns["areas"][0]["reasons"])
        self.assertEqual(ns["area"], "chin")
        self.assertEqual(ns["reasons"][0]["depth_mm"], 0.25)

    def test_sensitive_skin_spelled_out(self):
        self.zone("UTC")
        self.d.call("PATCH", "/profile", {"sensitive": True})
        t = "2026-01-10T09:00:00Z"
        self.d.session("forehead", 0.5, at=t)
        r = self.d.readiness("forehead", at=shift(t, days=1))
        x = r["reasons"][0]
        self.assertEqual(x["message"], "0.5 mm on 10 Jan: 14 days × 1.5 for "
                         "sensitive skin = 21 days")
        self.assertIn("× 1.5 for sensitive skin", x["message"])
        self.assertEqual(x["until"], shift(t, days=21))
        self.assertEqual((x["interval_h"], x["skin_factor"]), (336, 1.5))


if __name__ == "__main__":
    main()
