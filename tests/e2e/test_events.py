#!/usr/bin/env python3
"""GET /events, the change feed: every committed write leaves one event in
the same transaction (a refused write none), ids rise by exactly one, types
filter, events survive a restart, and a since older than what is kept is
410 Gone."""

import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import FreshDaemonTestCase, main, parse_time  # noqa: E402


def events(d, since=0, **params):
    q = "&".join("%s=%s" % kv for kv in sorted(params.items()))
    return d.get("/events?since=%d&timeout=0%s" % (since,
                                                     "&" + q if q else ""))


class Feed(FreshDaemonTestCase):

    def test_empty(self):
        self.assertEqual(events(self.d), [])

    def test_every_write_leaves_one_event(self):
        d = self.d
        sid = d.session(["cheeks"], depth=0.25)["id"]
        pid = d.create_product(category="moisturizer")["id"]
        aid = d.apply(pid, ["cheeks"])["id"]
        cid = d.checkin("cheeks")["id"]
        dev = d.create_device()["id"]
        d.create_area("knees")
        d.call("PATCH", "/areas/knees", {"name": "Knees"})
        d.call("PATCH", "/profile", {"sensitive": True})
        d.call("PATCH", "/sessions/%d" % sid, {"notes": "n"})
        d.call("DELETE", "/checkins/%d" % cid, expect=204)
        d.call("DELETE", "/applications/%d" % aid, expect=204)
        d.call("DELETE", "/sessions/%d" % sid, expect=204)
        d.call("DELETE", "/devices/%d" % dev, expect=204)
        got = events(d)
        want = [("session.created", {"id": sid}),
                ("product.created", {"id": pid}),
                ("application.created", {"id": aid}),
                ("checkin.created", {"id": cid}),
                ("device.created", {"id": dev}),
                ("area.created", {"slug": "knees"}),
                ("area.updated", {"slug": "knees"}),
                ("profile.updated", {}),
                ("session.updated", {"id": sid}),
                ("checkin.deleted", {"id": cid}),
                ("application.deleted", {"id": aid}),
                ("session.deleted", {"id": sid}),
                ("device.deleted", {"id": dev})]
        self.assertEqual([(e["type"], e["data"]) for e in got], want)
        self.assertEqual([e["id"] for e in got],
                         list(range(1, len(want) + 1)))
        for e in got:
            self.assertEqual(set(e), {"id", "type", "at", "data"})
            parse_time(e["at"])
        # since: only what came after.
        self.assertEqual([e["id"] for e in events(d, since=10)],
                         [11, 12, 13])
        self.assertEqual(events(d, since=13), [])

    def test_refused_writes_leave_none(self):
        d = self.d
        d.call("POST", "/sessions", {"treatments": []}, expect=422)
        d.call("POST", "/areas", {"slug": "forehead"}, expect=409)
        d.call("DELETE", "/sessions/99", expect=404)
        d.session(["cheeks"], depth=0.5)
        r = d.request("POST", "/sessions",
                      {"treatments": [{"area": "cheeks", "depth_mm": 0.5}]},
                      headers={"Prefer": "handling=strict"})
        self.assertEqual(r.status, 409)
        self.assertEqual([e["type"] for e in events(d)], ["session.created"])

    def test_types_filter(self):
        d = self.d
        d.session(["cheeks"], depth=0.25)
        d.checkin("cheeks")
        d.create_device()
        self.assertEqual([e["type"] for e in events(d, types="checkin.created")],
                         ["checkin.created"])
        self.assertEqual([e["type"] for e in
                          events(d, types="device.*,session.created")],
                         ["session.created", "device.created"])
        for bad in ("nope", "session", "", "session.created,,x"):
            r = d.request("GET", "/events?timeout=0&types=" + bad)
            self.assertProblem(r, 400, field="types")

    def test_bad_parameters(self):
        for q in ("since=-1", "since=x", "timeout=-1", "timeout=1.5",
                  "limit=0"):
            r = self.d.request("GET", "/events?" + q)
            self.assertEqual(r.status, 400, q)

    def test_events_survive_a_restart(self):
        sid = self.d.session(["cheeks"], depth=0.25)["id"]
        self.d.restart()
        self.assertEqual([(e["id"], e["type"], e["data"])
                          for e in events(self.d)],
                         [(1, "session.created", {"id": sid})])
        self.d.checkin("cheeks")
        self.assertEqual([e["id"] for e in events(self.d)], [1, 2])


class Pruned(FreshDaemonTestCase):

    def setUp(self):
        self.d = None
        from harness import Needled
        self.d = Needled()
        self.addCleanup(self.d.cleanup)
        self.d.start(config_text="events_keep = 3\n")
        self.addCleanup(lambda: self.d.proc and self.d.stop())

    def test_410_when_since_is_older_than_kept(self):
        d = self.d
        for _ in range(5):
            d.checkin("chin")
        self.assertEqual([e["id"] for e in events(d, since=2)], [3, 4, 5])
        r = d.request("GET", "/events?since=1&timeout=0")
        self.assertProblem(r, 410, field="since")
        self.assertEqual((r.body["oldest"], r.body["latest"]), (3, 5))
        r = d.request("GET", "/events?since=0&timeout=0")
        self.assertEqual(r.status, 410)
        # A since from another database's history is told too.
        r = d.request("GET", "/events?since=99&timeout=0")
        self.assertEqual(r.status, 410)


if __name__ == "__main__":
    main()
