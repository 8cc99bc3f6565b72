#!/usr/bin/env python3
"""Every bad input: malformed bodies (400), oversized bodies (413), wrong
Content-Type (415), invalid fields (422 naming the field, nested with dots
and brackets), bad query parameters (400 / 422).  Every rejected write
changes nothing."""

import datetime
import json
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import DaemonTestCase, main, utcnow, fmt_time, qs  # noqa: E402

JSON = {"Content-Type": "application/json"}
LISTS = [("/sessions", "sessions"), ("/areas", "areas"),
         ("/devices", "devices"), ("/products", "products"),
         ("/applications", "applications"), ("/checkins", "checkins")]


class Validation(DaemonTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        d = cls.d
        cls.pen = d.create_device("pen")
        cls.roller = d.create_device("roller", 0.5)
        cls.stamp = d.create_device("stamp", 0.25)
        cls.prod = d.create_product("peptide")
        cls.sess = d.session("neck", 0.25, at="2026-10-01T10:00:00Z")

    def snapshot(self):
        snap = {path: self.d.list_all(path, key, limit=500)
                for path, key in LISTS}
        snap["profile"] = self.d.get("/profile")
        snap["rules"] = self.d.get("/rules/intervals")
        snap["categories"] = self.d.get("/product-categories")
        for dev in snap["/devices"]:
            dev.pop("worn", None)   # "as of now"
        return snap

    def setUp(self):
        self.before = self.snapshot()

    def tearDown(self):
        # every test here only sends rejected writes
        self.assertEqual(self.snapshot(), self.before,
                         "a rejected write changed something")

    def future(self, minutes=10):
        return fmt_time(utcnow() + datetime.timedelta(minutes=minutes))

    # -- whole-body problems

    def test_malformed_json_400(self):
        for path in ("/sessions", "/areas", "/devices", "/products",
                     "/applications", "/checkins"):
            for raw in ("{", "{\"area\": }", "nul", "{'area': 'nose'}",
                        "{\"area\": \"nose\",}", "", "\x00", "[1,"):
                r = self.d.request("POST", path, raw, JSON)
                self.assertProblem(r, 400, "body")

    def test_pathological_json_400(self):
        for raw in ("[" * 30000 + "]" * 30000,
                    '{"area": "nose", "notes": ' + "[" * 5000 +
                    "]" * 5000 + "}"):
            self.assertProblem(self.d.request("POST", "/checkins", raw,
                                              JSON), 400, "body")
        self.assertProblem(self.d.request(
            "POST", "/checkins", b'{"area": "nose", "notes": "\xff\xfe"}',
            JSON), 400, "body")
        self.assertEqual(self.d.get("/health")["status"], "ok")

    def test_trailing_garbage_400(self):
        for raw in ('{"area": "nose"} x', '{"area": "nose"}{}',
                    '{"area": "nose"} ]'):
            self.assertProblem(self.d.request("POST", "/checkins", raw, JSON),
                               400, "body")
        self.assertProblem(self.d.request(
            "PUT", "/rules/intervals",
            json.dumps(self.before["rules"]) + " 1", JSON), 400, "body")

    def test_body_over_64k_413(self):
        big = {"area": "nose", "notes": "x" * 70000}
        self.assertProblem(self.d.request("POST", "/checkins", big), 413,
                           "body")
        raw = '{"slug": "big", "name": "' + "n" * 65536 + '"}'
        self.assertProblem(self.d.request("POST", "/areas", raw, JSON), 413,
                           "body")
        # the daemon is still fine afterwards
        self.assertEqual(self.d.get("/health")["status"], "ok")

    def test_body_over_64k_413_on_put_and_patch(self):
        big = dict(self.before["rules"], padding="p" * 70000)
        self.assertProblem(self.d.request("PUT", "/rules/intervals", big),
                           413, "body")
        self.assertProblem(self.d.request(
            "PATCH", "/sessions/%d" % self.sess["id"],
            {"notes": "n" * 70000}), 413, "body")
        self.assertProblem(self.d.request(
            "PATCH", "/profile", {"name": "n" * 70000}), 413, "body")

    def test_body_just_under_64k_accepted_size(self):
        # 65536 bytes exactly is not over the limit: the reply is about the
        # content (here an unknown field, 422), not the size
        pad = 65536 - len('{"area": "nose", "zz": ""}')
        raw = '{"area": "nose", "zz": "' + "z" * pad + '"}'
        self.assertEqual(len(raw.encode()), 65536)
        self.assertProblem(self.d.request("POST", "/checkins", raw, JSON),
                           422, "zz")

    def test_wrong_content_type_415(self):
        body = json.dumps({"area": "nose"})
        for ct in ("text/plain", "application/x-www-form-urlencoded",
                   "application/jsonx", "text/json", None):
            h = {"Content-Type": ct}
            for method, path in (("POST", "/checkins"),
                                 ("PATCH", "/profile"),
                                 ("PATCH", "/areas/nose"),
                                 ("PUT", "/rules/intervals")):
                r = self.d.request(method, path, body, h)
                self.assertProblem(r, 415, "Content-Type")

    def test_charset_parameter_allowed(self):
        r = self.d.request("PATCH", "/profile", '{"name": 1}',
                           {"Content-Type":
                            "application/json; charset=utf-8"})
        self.assertProblem(r, 422, "name")   # got past the 415 check
        r = self.d.request("PATCH", "/profile", '{"name": 1}',
                           {"Content-Type":
                            "Application/JSON; charset=UTF-8"})
        self.assertProblem(r, 422, "name")

    def test_body_not_an_object(self):
        for raw in ("[]", "[{\"area\": \"nose\"}]", "\"nose\"", "3", "null",
                    "true"):
            r = self.d.request("POST", "/checkins", raw, JSON)
            self.assertIn(r.status, (400, 422), r)
            self.assertProblem(r, r.status)

    # -- sessions

    def test_session_fields(self):
        pen, roller, stamp, prod = (self.pen["id"], self.roller["id"],
                                    self.stamp["id"], self.prod["id"])
        t = "2026-10-10T10:00:00Z"
        ok_tr = [{"area": "chin", "depth_mm": 0.25}]
        cases = [
            ({"started_at": t}, "treatments"),
            ({"started_at": t, "treatments": None}, "treatments"),
            ({"started_at": t, "treatments": []}, "treatments"),
            ({"started_at": t, "treatments": {"area": "chin"}},
             "treatments"),
            ({"started_at": t, "treatments": ["chin"]}, "treatments[0]"),
            ({"started_at": t, "treatments": [{"depth_mm": 0.25}]},
             "treatments[0].area"),
            ({"started_at": t, "treatments": [{"area": None,
                                               "depth_mm": 0.25}]},
             "treatments[0].area"),
            ({"started_at": t, "treatments": [{"area": "knees",
                                               "depth_mm": 0.25}]},
             "treatments[0].area"),
            ({"started_at": t, "treatments": [{"area": "Chin",
                                               "depth_mm": 0.25}]},
             "treatments[0].area"),
            ({"started_at": t, "treatments": [
                {"area": "chin", "depth_mm": 0.25},
                {"area": "chin", "depth_mm": 0.5}]}, "treatments[1].area"),
            ({"started_at": t, "treatments": [
                {"area": "chin", "depth_mm": 0.25},
                {"area": "nose", "depth_mm": 0}]}, "treatments[1].depth_mm"),
            ({"started_at": t, "treatments": [
                {"area": "chin", "depth_mm": -0.5}]},
             "treatments[0].depth_mm"),
            ({"started_at": t, "treatments": [
                {"area": "chin", "depth_mm": 3.01}]},
             "treatments[0].depth_mm"),
            ({"started_at": t, "treatments": [
                {"area": "chin", "depth_mm": "0.5"}]},
             "treatments[0].depth_mm"),
            ({"started_at": t, "treatments": [{"area": "chin"}]},
             "treatments[0].depth_mm"),
            ({"started_at": t, "treatments": [
                {"area": "chin", "depth_mm": 0.25, "passes": "4"}]},
             "treatments[0].passes"),
            ({"started_at": t, "treatments": [
                {"area": "chin", "depth_mm": 0.25, "angle": 90}]},
             "treatments[0].angle"),
            ({"started_at": t, "treatments": ok_tr, "device_id": 999999},
             "device_id"),
            ({"started_at": t, "treatments": ok_tr, "device_id": str(pen)},
             "device_id"),
            ({"started_at": t, "treatments": ok_tr, "device_id": roller,
              "new_cartridge": True}, "new_cartridge"),
            ({"started_at": t, "treatments": ok_tr, "device_id": stamp,
              "new_cartridge": False}, "new_cartridge"),
            ({"started_at": t, "treatments": ok_tr, "new_cartridge": True},
             "new_cartridge"),
            ({"started_at": t, "treatments": ok_tr, "device_id": pen,
              "new_cartridge": "yes"}, "new_cartridge"),
            ({"started_at": t, "treatments": ok_tr, "products": [
                {"product_id": 999999}]}, "products[0].product_id"),
            ({"started_at": t, "treatments": ok_tr, "products": [
                {"product_id": prod}, {"product_id": 999999}]},
             "products[1].product_id"),
            ({"started_at": t, "treatments": ok_tr, "products": [{}]},
             "products[0].product_id"),
            ({"started_at": t, "treatments": ok_tr, "products": [
                {"product_id": prod, "amount": 1}]}, "products[0].amount"),
            ({"started_at": t, "treatments": ok_tr, "products": prod},
             "products"),
            ({"started_at": t, "treatments": ok_tr, "setting": "spa"},
             "setting"),
            ({"started_at": t, "treatments": ok_tr, "setting": 1},
             "setting"),
            ({"started_at": t, "treatments": ok_tr, "notes": 5}, "notes"),
            ({"started_at": t, "treatments": ok_tr, "mood": "ok"}, "mood"),
            ({"started_at": self.future(), "treatments": ok_tr},
             "started_at"),
            ({"started_at": "2026-10-10", "treatments": ok_tr},
             "started_at"),
            ({"started_at": "2026-10-10T10:00:00", "treatments": ok_tr},
             "started_at"),
            ({"started_at": "2026-02-30T10:00:00Z", "treatments": ok_tr},
             "started_at"),
            ({"started_at": "2026-10-10T25:00:00Z", "treatments": ok_tr},
             "started_at"),
            ({"started_at": "10/10/2026 10:00", "treatments": ok_tr},
             "started_at"),
            ({"started_at": 1791000000, "treatments": ok_tr},
             "started_at"),
        ]
        for body, field in cases:
            r = self.d.request("POST", "/sessions", body)
            self.assertProblem(r, 422, field)

    def test_session_strict_still_validates_first(self):
        r = self.d.request("POST", "/sessions",
                           {"treatments": [{"area": "knees",
                                            "depth_mm": 0.25}]},
                           {"Prefer": "handling=strict"})
        self.assertProblem(r, 422, "treatments[0].area")

    # -- other resources' future times and formats

    def test_future_times(self):
        pid = self.prod["id"]
        self.assertProblem(self.d.request(
            "POST", "/checkins", {"area": "nose", "at": self.future(6)}),
            422, "at")
        self.assertProblem(self.d.request(
            "POST", "/applications", {"product_id": pid, "areas": ["nose"],
                                      "applied_at": self.future(6)}),
            422, "applied_at")
        self.assertProblem(self.d.request(
            "POST", "/sessions", {"started_at": self.future(6),
                                  "treatments": [{"area": "nose",
                                                  "depth_mm": 0.25}]}),
            422, "started_at")
        self.assertProblem(self.d.request(
            "PATCH", "/sessions/%d" % self.sess["id"],
            {"started_at": self.future(60 * 24)}), 422, "started_at")

    # -- query parameters

    def test_bad_limit_400(self):
        for path, _ in LISTS + [("/product-categories", None)]:
            for v in ("0", "-1", "abc", "1.5", "", "1e2", " 5"):
                r = self.d.request("GET", path + "?limit=" +
                                   v.replace(" ", "%20"))
                self.assertProblem(r, 400, "limit")

    def test_bad_cursor_400(self):
        for path, _ in LISTS:
            for v in ("garbage", "!!!", "0" * 40):
                r = self.d.request("GET", path + qs(cursor=v))
                self.assertProblem(r, 400, "cursor")

    def test_bad_at_400(self):
        for path in ("/next-session", "/areas/forehead"):
            for v in ("yesterday", "2026-13-01T00:00:00Z",
                      "2026-11-01T00:00:00", "1700000000", ""):
                r = self.d.request("GET", path + "?at=" + v)
                self.assertProblem(r, 400, "at")

    def test_bad_since_until_400(self):
        for path in ("/sessions", "/applications", "/checkins"):
            for name in ("since", "until"):
                r = self.d.request("GET", path + qs(**{name: "last week"}))
                self.assertProblem(r, 400, name)

    def test_unknown_area_in_query_422(self):
        for path in ("/sessions", "/applications", "/checkins",
                     "/next-session"):
            r = self.d.request("GET", path + qs(area="knees"))
            self.assertProblem(r, 422, "area")
            r = self.d.request("GET", path + qs(area="Not A Slug"))
            self.assertIn(r.status, (400, 422), r)
            self.assertProblem(r, r.status, "area")


if __name__ == "__main__":
    main()
