#!/usr/bin/env python3
"""Idempotency-Key on POST: a phone that retries after a lost reply gets
the first reply again (byte for byte), not a second session; the same key
with another body is 422; keys survive a restart."""

import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import FreshDaemonTestCase, main  # noqa: E402

BODY = {"treatments": [{"area": "cheeks", "depth_mm": 0.5}],
        "notes": "retried"}


class Idempotency(FreshDaemonTestCase):

    def post(self, body, key, path="/sessions"):
        return self.d.request("POST", path, body,
                              headers={"Idempotency-Key": key})

    def test_retry_gets_the_first_reply(self):
        a = self.post(BODY, "k-1")
        self.assertEqual(a.status, 201)
        b = self.post(BODY, "k-1")
        self.assertEqual(b.status, 201)
        self.assertEqual(b.body, a.body)
        self.assertEqual(b.headers["Location"], a.headers["Location"])
        self.assertEqual(self.d.count("/sessions", "sessions"), 1)
        # One event, not two.
        self.assertEqual(len(self.d.get("/events?timeout=0")), 1)
        # A quoted key (structured-field form) is the same key.
        c = self.post(BODY, '"k-1"')
        self.assertEqual(c.body["id"], a.body["id"])

    def test_warnings_replayed_too(self):
        self.d.session(["cheeks"], depth=0.5)
        a = self.post(BODY, "early")
        self.assertIn("early_session",
                      [w["code"] for w in a.body["warnings"]])
        b = self.post(BODY, "early")
        self.assertEqual(b.body, a.body)
        self.assertEqual(self.d.count("/sessions", "sessions"), 2)

    def test_other_body_same_key_is_422(self):
        self.post(BODY, "k-2")
        r = self.post(dict(BODY, notes="different"), "k-2")
        self.assertProblem(r, 422, field="Idempotency-Key")
        self.assertEqual(self.d.count("/sessions", "sessions"), 1)

    def test_other_key_other_write(self):
        self.post(BODY, "k-3")
        self.post(BODY, "k-4")
        self.assertEqual(self.d.count("/sessions", "sessions"), 2)

    def test_key_is_per_path(self):
        self.post({"area": "chin"}, "same", "/checkins")
        r = self.post(BODY, "same")
        self.assertEqual(r.status, 201)
        self.assertIn("treatments", r.body)

    def test_failed_write_is_not_kept(self):
        r = self.post({"treatments": []}, "k-5")
        self.assertEqual(r.status, 422)
        r = self.post(BODY, "k-5")
        self.assertEqual(r.status, 201)

    def test_bad_keys(self):
        for key in ("", "with space", "x" * 256, '"'):
            r = self.post(BODY, key)
            self.assertProblem(r, 400, field="Idempotency-Key")
        self.assertEqual(self.d.count("/sessions", "sessions"), 0)

    def test_survives_a_restart(self):
        a = self.post(BODY, "k-6")
        self.d.restart()
        b = self.post(BODY, "k-6")
        self.assertEqual(b.body, a.body)
        self.assertEqual(self.d.count("/sessions", "sessions"), 1)


if __name__ == "__main__":
    main()
