#!/usr/bin/env python3
"""Access is open by default; with `token` in the config file every request
but /health needs "Authorization: Bearer <token>" (API.md: a token is
opt-in)."""

import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import Needled, main  # noqa: E402
import unittest  # noqa: E402

TOKEN = "s3cret-token-0123456789"


class OpenByDefault(unittest.TestCase):

    def test_no_token_needed(self):
        d = Needled()
        self.addCleanup(d.cleanup)
        d.start()
        self.addCleanup(d.stop)
        self.assertEqual(d.request("GET", "/areas").status, 200)


class TokenRequired(unittest.TestCase):

    def setUp(self):
        self.d = Needled()
        self.addCleanup(self.d.cleanup)
        self.d.start(config_text="token = %s\n" % TOKEN)
        self.addCleanup(self.d.stop)

    def test_missing_or_wrong_token_is_401_and_changes_nothing(self):
        for headers in ({}, {"Authorization": "Bearer wrong-token-0123456789"},
                        {"Authorization": "Basic " + TOKEN},
                        {"Authorization": "Bearer " + TOKEN[:-1]}):
            r = self.d.request("POST", "/areas", {"slug": "knees"},
                               headers=headers)
            self.assertEqual(r.status, 401, headers)
            self.assertEqual(r.headers["Content-Type"],
                             "application/problem+json")
            self.assertIn("Bearer", r.headers["WWW-Authenticate"])
            self.assertEqual(r.body["status"], 401)
        auth = {"Authorization": "Bearer " + TOKEN}
        r = self.d.request("GET", "/areas/knees", headers=auth)
        self.assertEqual(r.status, 404)

    def test_right_token_works(self):
        auth = {"Authorization": "Bearer " + TOKEN}
        r = self.d.request("POST", "/areas", {"slug": "knees"}, headers=auth)
        self.assertEqual(r.status, 201)
        r = self.d.request("GET", "/next-session", headers=auth)
        self.assertEqual(r.status, 200)

    def test_health_stays_open(self):
        self.assertEqual(self.d.request("GET", "/health").status, 200)


if __name__ == "__main__":
    main()
