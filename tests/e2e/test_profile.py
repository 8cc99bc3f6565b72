#!/usr/bin/env python3
"""The profile: defaults, PATCH, validation, and its effect on the skin
factor (healing-model.md §1)."""

import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import FreshDaemonTestCase, main, shift  # noqa: E402


class Profile(FreshDaemonTestCase):

    def test_defaults(self):
        r = self.d.request("GET", "/profile")
        self.assertEqual(r.status, 200)
        self.assertIn("ETag", r.headers)
        p = r.body
        for k in ("name", "fitzpatrick", "sensitive", "melasma"):
            self.assertIn(k, p)
        self.assertIsNone(p["fitzpatrick"])
        self.assertIs(p["sensitive"], False)
        self.assertIs(p["melasma"], False)

    def test_patch(self):
        p = self.d.call("PATCH", "/profile", {"fitzpatrick": 5})
        self.assertEqual(p["fitzpatrick"], 5)
        self.assertIs(p["sensitive"], False)
        self.assertIs(p["melasma"], False)
        p = self.d.call("PATCH", "/profile", {"name": "Ana",
                                              "sensitive": True})
        self.assertEqual(p["name"], "Ana")
        self.assertIs(p["sensitive"], True)
        self.assertEqual(p["fitzpatrick"], 5)
        p = self.d.call("PATCH", "/profile", {"melasma": True})
        g = self.d.get("/profile")
        self.assertEqual((g["name"], g["fitzpatrick"], g["sensitive"],
                          g["melasma"]), ("Ana", 5, True, True))
        for k in ("name", "fitzpatrick", "sensitive", "melasma"):
            self.assertEqual(p[k], g[k], k)

    def test_every_fitzpatrick_type(self):
        for v in range(1, 7):
            p = self.d.call("PATCH", "/profile", {"fitzpatrick": v})
            self.assertEqual(p["fitzpatrick"], v)

    def test_validation_changes_nothing(self):
        self.d.call("PATCH", "/profile", {"fitzpatrick": 2, "name": "B"})
        before = self.d.get("/profile")
        for body, field in (({"fitzpatrick": 0}, "fitzpatrick"),
                            ({"fitzpatrick": 7}, "fitzpatrick"),
                            ({"fitzpatrick": "5"}, "fitzpatrick"),
                            ({"fitzpatrick": 2.5}, "fitzpatrick"),
                            ({"fitzpatrick": "V"}, "fitzpatrick"),
                            ({"sensitive": "yes"}, "sensitive"),
                            ({"sensitive": 1}, "sensitive"),
                            ({"melasma": "true"}, "melasma"),
                            ({"name": 3}, "name"),
                            ({"name": "C", "age": 40}, "age")):
            self.assertProblem(self.d.request("PATCH", "/profile", body),
                               422, field)
        self.assertEqual(self.d.get("/profile"), before)
        for bad in ("{", "[1,2", "{\"name\": \"x\"} trailing"):
            self.assertProblem(self.d.request(
                "PATCH", "/profile", bad,
                {"Content-Type": "application/json"}), 400, "body")
        self.assertProblem(self.d.request(
            "PATCH", "/profile", '{"name":"x"}',
            {"Content-Type": "text/plain"}), 415, "Content-Type")
        self.assertEqual(self.d.get("/profile"), before)

    def test_skin_factor_follows_profile(self):
        t = "2026-10-01T10:00:00Z"
        self.d.session("forehead", 0.5, at=t)
        at = "2026-10-02T00:00:00Z"
        normal = shift(t, days=14)
        slow = shift(t, hours=336 * 1.5)
        cases = [({}, normal),
                 ({"fitzpatrick": 3}, normal),
                 ({"fitzpatrick": 4}, slow),
                 ({"fitzpatrick": 6}, slow),
                 ({"fitzpatrick": 1, "sensitive": True}, slow),
                 ({"sensitive": False, "melasma": True}, slow),
                 ({"melasma": False}, normal)]
        for patch, want in cases:
            if patch:
                self.d.call("PATCH", "/profile", patch)
            r = self.d.readiness("forehead", at=at)
            self.assertEqual(r["ready_at"], want, (patch, r))


if __name__ == "__main__":
    main()
