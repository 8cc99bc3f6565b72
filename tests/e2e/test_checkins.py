#!/usr/bin/env python3
"""Check-ins: create with defaults, every score and condition, validation,
read, list order and filters, delete; conditions[] is bounded."""

import datetime
import os
import sys
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import (DaemonTestCase, FreshDaemonTestCase, main,  # noqa: E402
                     parse_time, utcnow, fmt_time, qs)

CONDITIONS = ["active_acne", "cold_sore", "sunburn", "open_wound",
              "eczema_flare"]


class Checkins(DaemonTestCase):

    def test_defaults(self):
        before = utcnow()
        r = self.d.request("POST", "/checkins", {"area": "cheeks"})
        after = utcnow()
        self.assertEqual(r.status, 201, r)
        c = r.body
        self.assertIsInstance(c["id"], int)
        self.assertEqual(r.headers.get("Location"), "/checkins/%d" % c["id"])
        self.assertEqual(c["area"], "cheeks")
        t = parse_time(c["at"])
        self.assertTrue(before <= t <= after, (before, t, after))
        self.assertEqual((c["redness"], c["swelling"], c["pain"]), (0, 0, 0))
        self.assertIs(c["infection_signs"], False)
        self.assertEqual(c["conditions"], [])
        self.assertEqual(c["notes"], "")
        self.assertEqual(c["warnings"], [])

    def test_full(self):
        body = {"area": "chin", "at": "2026-11-10T07:00:00Z", "redness": 1,
                "swelling": 2, "pain": 3, "infection_signs": False,
                "conditions": ["active_acne", "eczema_flare"],
                "notes": "itchy"}
        c = self.d.call("POST", "/checkins", body, expect=201)
        for k, v in body.items():
            self.assertEqual(c[k], v, k)
        g = self.d.get("/checkins/%d" % c["id"])
        for k, v in body.items():
            self.assertEqual(g[k], v, k)
        self.assertEqual(g["id"], c["id"])

    def test_unicode_notes_round_trip(self):
        notes = "\u00e4\u00f6\u00fc \u65e5\u672c \U0001F600 \"q\" \\ \n\t end"
        c = self.d.checkin("jawline", at="2026-10-05T07:00:00Z", notes=notes)
        self.assertEqual(c["notes"], notes)
        self.assertEqual(self.d.get("/checkins/%d" % c["id"])["notes"],
                         notes)

    def test_every_condition_accepted(self):
        for cond in CONDITIONS:
            c = self.d.checkin("hands", at="2026-10-01T07:00:00Z",
                               conditions=[cond])
            self.assertEqual(c["conditions"], [cond])

    def test_scores_0_to_3(self):
        for v in range(4):
            c = self.d.checkin("arms", at="2026-10-02T07:00:00Z", redness=v,
                               swelling=v, pain=v)
            self.assertEqual((c["redness"], c["swelling"], c["pain"]),
                             (v, v, v))

    def test_null_optionals_mean_default(self):
        c = self.d.call("POST", "/checkins",
                        {"area": "neck", "at": "2026-10-03T07:00:00Z",
                         "redness": None, "swelling": None, "pain": None,
                         "infection_signs": None, "conditions": None,
                         "notes": None}, expect=201)
        self.assertEqual((c["redness"], c["swelling"], c["pain"],
                          c["infection_signs"], c["conditions"], c["notes"]),
                         (0, 0, 0, False, [], ""))

    def test_validation(self):
        n = self.d.count("/checkins", "checkins")
        future = fmt_time(utcnow() + datetime.timedelta(minutes=6))
        cases = [({}, "area"),
                 ({"area": None}, "area"),
                 ({"area": "knees"}, "area"),
                 ({"area": 7}, "area"),
                 ({"area": "nose", "redness": 4}, "redness"),
                 ({"area": "nose", "redness": -1}, "redness"),
                 ({"area": "nose", "redness": 1.5}, "redness"),
                 ({"area": "nose", "redness": "1"}, "redness"),
                 ({"area": "nose", "redness": True}, "redness"),
                 ({"area": "nose", "swelling": 9}, "swelling"),
                 ({"area": "nose", "pain": -2}, "pain"),
                 ({"area": "nose", "pain": 2.5}, "pain"),
                 ({"area": "nose", "infection_signs": 1}, "infection_signs"),
                 ({"area": "nose", "infection_signs": "true"},
                  "infection_signs"),
                 ({"area": "nose", "conditions": ["acne"]}, "conditions[0]"),
                 ({"area": "nose", "conditions": ["sunburn", "rash"]},
                  "conditions[1]"),
                 ({"area": "nose", "conditions": "sunburn"}, "conditions"),
                 ({"area": "nose", "conditions": [1]}, "conditions[0]"),
                 ({"area": "nose", "at": future}, "at"),
                 ({"area": "nose", "at": "2026-11-31T10:00:00Z"}, "at"),
                 ({"area": "nose", "at": "2026-11-01T10:00:00"}, "at"),
                 ({"area": "nose", "notes": ["x"]}, "notes"),
                 ({"area": "nose", "itch": 2}, "itch")]
        for body, field in cases:
            self.assertProblem(self.d.request("POST", "/checkins", body),
                               422, field)
        self.assertEqual(self.d.count("/checkins", "checkins"), n)

    def test_delete(self):
        c = self.d.checkin("back", at="2026-10-01T07:00:00Z")
        self.assertEqual(self.d.request(
            "DELETE", "/checkins/%d" % c["id"]).status, 204)
        self.assertProblem(self.d.request("GET", "/checkins/%d" % c["id"]),
                           404)
        self.assertProblem(self.d.request(
            "DELETE", "/checkins/%d" % c["id"]), 404)


class CheckinLists(FreshDaemonTestCase):

    def setUp(self):
        super().setUp()
        self.c = {}
        for key, area, at in (("c", "nose", "2026-08-03T08:00:00Z"),
                              ("a", "chin", "2026-08-01T08:00:00Z"),
                              ("d", "chin", "2026-08-04T08:00:00Z"),
                              ("b", "nose", "2026-08-02T08:00:00Z")):
            self.c[key] = self.d.checkin(area, at=at)["id"]

    def ids(self, **params):
        return [x["id"] for x in self.d.list_all("/checkins", "checkins",
                                                 **params)]

    def test_newest_first(self):
        c = self.c
        self.assertEqual(self.ids(), [c["d"], c["c"], c["b"], c["a"]])

    def test_filters(self):
        c = self.c
        self.assertEqual(self.ids(area="chin"), [c["d"], c["a"]])
        self.assertEqual(self.ids(area="nose", since="2026-08-03T08:00:00Z"),
                         [c["c"]])
        self.assertEqual(self.ids(until="2026-08-02T08:00:00Z"),
                         [c["b"], c["a"]])
        self.assertEqual(self.ids(area="forehead"), [])

    def test_unknown_area_filter_422(self):
        self.assertProblem(self.d.request("GET", "/checkins" +
                                          qs(area="knees")), 422, "area")


MAX_CONDITIONS = 16     # API_MAX_CONDITIONS: README "Limits", needled.8


class ConditionsBounded(FreshDaemonTestCase):
    """A check-in lists each condition once, so at most 16 of them; a
    longer list is 422 naming conditions, at once, without a look-up per
    element."""

    def test_17_conditions_is_422(self):
        r = self.d.request("POST", "/checkins", {
            "area": "nose", "conditions": (CONDITIONS * 4)[:17]})
        self.assertProblem(r, 422, "conditions")
        self.assertIn("at most %d" % MAX_CONDITIONS, r.body["detail"])
        self.assertEqual(self.d.count("/checkins", "checkins"), 0)

    def test_huge_list_is_refused_fast(self):
        # Just under the 64 KiB default body limit.
        body = {"area": "nose", "conditions": ["sunburn"] * 5000}
        t0 = time.monotonic()
        r = self.d.request("POST", "/checkins", body)
        elapsed = time.monotonic() - t0
        self.assertProblem(r, 422, "conditions")
        self.assertLess(elapsed, 1.0)
        self.assertEqual(len(r.body["errors"]), 1, r.body["errors"][:3])

    def test_duplicates_within_the_limit(self):
        r = self.d.request("POST", "/checkins", {
            "area": "nose", "conditions": ["sunburn", "cold_sore",
                                           "sunburn"]})
        self.assertProblem(r, 422, "conditions[2]")


if __name__ == "__main__":
    main()
