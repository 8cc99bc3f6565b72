#!/usr/bin/env python3
"""Lists page with ?limit= and an opaque cursor (every item exactly once,
in order); every GET has an ETag and If-None-Match gives 304; readiness
endpoints use weak ETags that stay equal while the readiness does."""

import os
import sys
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import (DaemonTestCase, FreshDaemonTestCase, main,  # noqa: E402
                     qs, shift)


class Pagination(FreshDaemonTestCase):

    def pages(self, path, key, limit, **params):
        """Every page, following next until null."""
        out = []
        cursor = None
        for _ in range(1000):
            r = self.d.request("GET", path + qs(limit=limit, cursor=cursor,
                                                **params))
            self.assertEqual(r.status, 200, r)
            out.append(r.body[key])
            cursor = r.body["next"]
            if cursor is None:
                return out
            self.assertIsInstance(cursor, str)
        self.fail("no end")

    def test_sessions_pages_newest_first_exactly_once(self):
        base = "2026-01-01T10:00:00Z"
        want = []
        for i in (3, 0, 6, 1, 5, 2, 4):     # out of time order
            s = self.d.session(self.d.create_area()["slug"], 0.25,
                               at=shift(base, days=i))
            want.append((i, s["id"]))
        want = [sid for _, sid in sorted(want, reverse=True)]
        pages = self.pages("/sessions", "sessions", 2)
        self.assertEqual([len(p) for p in pages[:4]], [2, 2, 2, 1])
        self.assertTrue(all(len(p) == 0 for p in pages[4:]))
        got = [s["id"] for p in pages for s in p]
        self.assertEqual(got, want)
        # a page larger than the list: one page, next null
        page = self.d.get("/sessions" + qs(limit=100))
        self.assertEqual([s["id"] for s in page["sessions"]], want)
        self.assertIsNone(page["next"])

    def test_ties_on_time_each_exactly_once(self):
        t = "2026-02-01T10:00:00Z"
        ids = set()
        for _ in range(5):
            ids.add(self.d.session(self.d.create_area()["slug"], 0.25,
                                   at=t)["id"])
        for limit in (1, 2, 3):
            got = [s["id"] for p in self.pages("/sessions", "sessions",
                                               limit) for s in p]
            self.assertEqual(len(got), 5, (limit, got))
            self.assertEqual(set(got), ids)

    def test_insert_while_paging_repeats_nothing(self):
        base = "2026-01-10T10:00:00Z"
        old = [self.d.session(self.d.create_area()["slug"], 0.25,
                              at=shift(base, days=i))["id"]
               for i in range(6)]
        page = self.d.get("/sessions" + qs(limit=2))
        seen = [s["id"] for s in page["sessions"]]
        self.assertEqual(seen, [old[5], old[4]])
        # a newer session arrives between two pages
        self.d.session(self.d.create_area()["slug"], 0.25,
                       at=shift(base, days=10))
        cursor = page["next"]
        while cursor is not None:
            page = self.d.get("/sessions" + qs(limit=2, cursor=cursor))
            seen += [s["id"] for s in page["sessions"]]
            cursor = page["next"]
        self.assertEqual(seen, list(reversed(old)))

    def test_pages_with_filter(self):
        a = self.d.create_area()["slug"]
        b = self.d.create_area()["slug"]
        want = []
        for i in range(5):
            s = self.d.session(a, 0.25, at=shift("2026-03-01T00:00:00Z",
                                                 days=4 * i))
            want.insert(0, s["id"])
            self.d.session(b, 0.25, at=shift("2026-03-01T12:00:00Z",
                                             days=4 * i))
        got = [s["id"] for p in self.pages("/sessions", "sessions", 2,
                                           area=a) for s in p]
        self.assertEqual(got, want)

    def test_areas_default_limit_50(self):
        created = [self.d.create_area()["slug"] for _ in range(40)]
        page = self.d.get("/areas")
        self.assertEqual(len(page["areas"]), 50)
        self.assertIsInstance(page["next"], str)
        rest = self.d.get("/areas" + qs(cursor=page["next"]))
        self.assertEqual(len(rest["areas"]), 6)
        self.assertIsNone(rest["next"])
        slugs = [a["slug"] for a in page["areas"] + rest["areas"]]
        self.assertEqual(slugs[16:], created)
        self.assertEqual(len(set(slugs)), 56)
        # limit above 500 is served as 500
        big = self.d.get("/areas" + qs(limit=501))
        self.assertEqual(len(big["areas"]), 56)
        self.assertIsNone(big["next"])
        big = self.d.get("/areas" + qs(limit=100000))
        self.assertEqual(len(big["areas"]), 56)

    def test_limit_over_500_served_as_500(self):
        for _ in range(501):
            self.d.create_area()
        page = self.d.get("/areas" + qs(limit=1000))
        self.assertEqual(len(page["areas"]), 500)
        self.assertIsNotNone(page["next"])
        rest = self.d.get("/areas" + qs(limit=1000, cursor=page["next"]))
        self.assertEqual(len(rest["areas"]), 17)
        self.assertIsNone(rest["next"])

    def test_checkins_and_applications_page(self):
        p = self.d.create_product("other")
        cids, aids = [], []
        for i in range(5):
            at = shift("2026-04-01T00:00:00Z", hours=i)
            cids.insert(0, self.d.checkin("nose", at=at)["id"])
            aids.insert(0, self.d.apply(p["id"], "nose", at=at)["id"])
        self.assertEqual([c["id"] for pg in self.pages(
            "/checkins", "checkins", 2) for c in pg], cids)
        self.assertEqual([a["id"] for pg in self.pages(
            "/applications", "applications", 3) for a in pg], aids)

    def test_devices_and_products_page_in_creation_order(self):
        dids = [self.d.create_device("pen")["id"] for _ in range(5)]
        pids = [self.d.create_product("other")["id"] for _ in range(5)]
        self.assertEqual([x["id"] for pg in self.pages(
            "/devices", "devices", 2) for x in pg], dids)
        self.assertEqual([x["id"] for pg in self.pages(
            "/products", "products", 2) for x in pg], pids)
        cats = [c["slug"] for pg in self.pages(
            "/product-categories", "product_categories", 5) for c in pg]
        self.assertEqual(len(cats), 16)
        self.assertEqual(cats[0], "retinoid")
        self.assertEqual(cats[-1], "other")


class ETags(DaemonTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        d = cls.d
        cls.dev = d.create_device("pen")
        cls.prod = d.create_product("retinoid")
        cls.sess = d.session("forehead", 0.5, at="2026-11-14T09:30:00Z",
                             device_id=cls.dev["id"])
        cls.app = d.apply(cls.prod["id"], "cheeks", at="2026-11-01T00:00:00Z")
        cls.chk = d.checkin("chin", at="2026-11-01T00:00:00Z")

    def gets(self):
        return ["/health", "/next-session", "/next-session?area=forehead",
                "/areas", "/areas/forehead", "/devices",
                "/devices/%d" % self.dev["id"], "/products",
                "/products/%d" % self.prod["id"], "/product-categories",
                "/product-categories/retinoid", "/rules/intervals",
                "/sessions", "/sessions/%d" % self.sess["id"],
                "/applications", "/applications/%d" % self.app["id"],
                "/checkins", "/checkins/%d" % self.chk["id"], "/profile"]

    def test_every_get_has_etag(self):
        for path in self.gets():
            r = self.d.request("GET", path)
            self.assertEqual(r.status, 200, (path, r))
            self.assertTrue(r.headers.get("ETag"), "%s: no ETag" % path)
            et = r.headers["ETag"]
            self.assertRegex(et, r'^(W/)?"[^"]*"$', path)

    def test_if_none_match_304(self):
        for path in self.gets():
            if path == "/health":
                continue        # uptime_s changes
            et = self.d.request("GET", path).headers["ETag"]
            r = self.d.request("GET", path, headers={"If-None-Match": et})
            self.assertEqual(r.status, 304, (path, r))
            self.assertEqual(r.body, b"", path)
            self.assertEqual(r.headers.get("ETag"), et, path)

    def test_if_none_match_list_and_mismatch(self):
        path = "/sessions/%d" % self.sess["id"]
        et = self.d.request("GET", path).headers["ETag"]
        r = self.d.request("GET", path,
                           headers={"If-None-Match": '"nope", ' + et})
        self.assertEqual(r.status, 304, r)
        r = self.d.request("GET", path, headers={"If-None-Match": '"nope"'})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.body["id"], self.sess["id"])

    def test_etag_changes_after_write(self):
        d = self.d
        s = d.session("nose", 0.25, at="2026-10-01T10:00:00Z")
        path = "/sessions/%d" % s["id"]
        et1 = d.request("GET", path).headers["ETag"]
        lst1 = d.request("GET", "/sessions").headers["ETag"]
        d.call("PATCH", path, {"notes": "changed"})
        r = d.request("GET", path, headers={"If-None-Match": et1})
        self.assertEqual(r.status, 200, r)
        self.assertNotEqual(r.headers["ETag"], et1)
        self.assertEqual(r.body["notes"], "changed")
        r = d.request("GET", "/sessions", headers={"If-None-Match": lst1})
        self.assertEqual(r.status, 200)
        et = d.request("GET", "/profile").headers["ETag"]
        d.call("PATCH", "/profile", {"name": d.unique("name")})
        self.assertEqual(d.request("GET", "/profile", headers={
            "If-None-Match": et}).status, 200)

    def test_readiness_weak_etag_stable_while_readiness_is(self):
        d = self.d
        at = "2026-11-21T10:00:00Z"
        r1 = d.request("GET", "/next-session")
        self.assertTrue(r1.headers["ETag"].startswith('W/"'), r1.headers)
        time.sleep(1.1)     # "now" moves, the readiness does not
        r2 = d.request("GET", "/next-session")
        self.assertNotEqual(r1.body["now"], r2.body["now"])
        self.assertEqual(r1.headers["ETag"], r2.headers["ETag"])
        r3 = d.request("GET", "/next-session",
                       headers={"If-None-Match": r1.headers["ETag"]})
        self.assertEqual(r3.status, 304)
        # ?at= answers: equal for equal readiness
        a1 = d.request("GET", "/next-session" + qs(at=at))
        a2 = d.request("GET", "/next-session" +
                       qs(at="2026-11-21T11:00:00Z"))
        self.assertTrue(a1.headers["ETag"].startswith('W/"'))
        self.assertEqual(a1.body["areas"], a2.body["areas"])
        self.assertEqual(a1.headers["ETag"], a2.headers["ETag"])
        # a different readiness: a different ETag
        a3 = d.request("GET", "/next-session" +
                       qs(at="2026-11-29T00:00:00Z"))
        self.assertNotEqual(a3.body["areas"], a1.body["areas"])
        self.assertNotEqual(a3.headers["ETag"], a1.headers["ETag"])

    def test_readiness_etag_changes_when_history_does(self):
        d = self.d
        area = d.create_area()["slug"]
        path = "/next-session" + qs(area=area)
        before = d.request("GET", path)
        d.checkin(area, redness=2)
        r = d.request("GET", path,
                      headers={"If-None-Match": before.headers["ETag"]})
        self.assertEqual(r.status, 200)
        self.assertIs(r.body["areas"][0]["blocked"], True)
        self.assertNotEqual(r.headers["ETag"], before.headers["ETag"])


if __name__ == "__main__":
    main()
