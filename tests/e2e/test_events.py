#!/usr/bin/env python3
"""GET /events, the change feed: every committed write leaves one event in
the same transaction (a refused write none), ids rise by exactly one, types
filter, events survive a restart, and a since older than what is kept is
410 Gone."""

import os
import signal
import statistics
import sys
import threading
import time

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


class LongPoll(FreshDaemonTestCase):
    """With nothing newer than since, /events waits on a suspended
    connection (no thread, no polling) until a write or its timeout."""

    def poll(self, out, since, timeout=10, types=None, key=0):
        path = "/events?since=%d&timeout=%d" % (since, timeout)
        if types:
            path += "&types=" + types
        r = self.d.request("GET", path, timeout=timeout + 10)
        out[key] = (time.monotonic(), r)

    def start_poll(self, out, since, **kw):
        t = threading.Thread(target=self.poll, args=(out, since),
                             kwargs=kw, daemon=True)
        t.start()
        return t

    def test_a_write_wakes_a_waiting_poll(self):
        latencies = []
        for i in range(5):
            out = {}
            t = self.start_poll(out, since=i)
            time.sleep(0.2)
            self.assertTrue(t.is_alive(), "the poll did not wait")
            self.d.checkin("chin")
            done = time.monotonic()
            t.join(5)
            self.assertFalse(t.is_alive())
            at, r = out[0]
            self.assertEqual(r.status, 200)
            self.assertEqual([e["id"] for e in r.body], [i + 1])
            latencies.append(at - done)
        # The reply follows the write's own reply within 100 ms.
        self.assertLess(statistics.median(latencies), 0.1, latencies)

    def test_timeout_answers_empty(self):
        t0 = time.monotonic()
        r = self.d.request("GET", "/events?since=0&timeout=1")
        elapsed = time.monotonic() - t0
        self.assertEqual((r.status, r.body), (200, []))
        self.assertGreaterEqual(elapsed, 0.95)
        self.assertLess(elapsed, 3)
        # timeout=0 never waits.
        t0 = time.monotonic()
        self.assertEqual(self.d.get("/events?since=0&timeout=0"), [])
        self.assertLess(time.monotonic() - t0, 0.5)

    def test_other_types_keep_it_waiting(self):
        out = {}
        t = self.start_poll(out, since=0, types="checkin.*")
        time.sleep(0.2)
        self.d.session(["cheeks"], depth=0.25)
        time.sleep(0.3)
        self.assertTrue(t.is_alive(), "a session woke a check-in poll")
        self.d.checkin("cheeks")
        t.join(5)
        self.assertEqual([e["type"] for e in out[0][1].body],
                         ["checkin.created"])

    def test_many_waiters_one_write(self):
        out = {}
        threads = [self.start_poll(out, since=0, timeout=20, key=i)
                   for i in range(100)]
        time.sleep(1.0)
        self.d.create_device()
        for t in threads:
            t.join(10)
        self.assertEqual(len(out), 100)
        for _, r in out.values():
            self.assertEqual([e["type"] for e in r.body],
                             ["device.created"])

    def test_shutdown_answers_waiting_polls(self):
        out = {}
        t = self.start_poll(out, since=0, timeout=60)
        time.sleep(0.3)
        t0 = time.monotonic()
        self.assertEqual(self.d.signal_stop(signal.SIGTERM), 0)
        self.assertLess(time.monotonic() - t0, 2.0)
        t.join(5)
        self.assertEqual((out[0][1].status, out[0][1].body), (200, []))


if __name__ == "__main__":
    main()
