#!/usr/bin/env python3
"""GET /calendar.ics: an RFC 5545 feed that a real iCalendar parser
(Debian's python3-icalendar) reads and a real calendar client (khal)
imports: one event per tracked, unblocked area at its ready_at, past
sessions with what they treated, stable UIDs, folded lines, ?token=."""

import os
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import (FreshDaemonTestCase, Needled, ago, main,  # noqa: E402
                     parse_time)

try:
    import icalendar
except ImportError:     # Debian's python3-icalendar (quickstart installs it)
    icalendar = None


def need_parser():
    if icalendar is None:
        raise unittest.SkipTest("python3-icalendar is not installed")


class Calendar(FreshDaemonTestCase):

    def seed(self):
        d = self.d
        self.s1 = d.session(["cheeks", "chin"], depth=0.5, at=ago(days=3),
                            notes="first; with, punctuation \\ and a long "
                                  "note that libical has to fold " * 3)
        self.s2 = d.session(["forehead"], depth=0.25, at=ago(days=1))
        d.checkin("chin", redness=2)            # chin: blocked

    def fetch(self, path="/calendar.ics", headers=None):
        r = self.d.request("GET", path, headers=headers)
        self.assertEqual(r.status, 200, r.body)
        return r

    def test_parses_with_a_real_parser(self):
        need_parser()
        self.seed()
        r = self.fetch()
        self.assertEqual(r.headers["Content-Type"],
                         "text/calendar; charset=utf-8")
        raw = r.body
        self.assertIsInstance(raw, bytes)
        # RFC 5545 §3.1: CRLF lines of at most 75 octets.
        self.assertTrue(raw.endswith(b"\r\n"))
        for line in raw.split(b"\r\n"):
            self.assertNotIn(b"\n", line)
            self.assertLessEqual(len(line), 75, line)
        cal = icalendar.Calendar.from_ical(raw)
        self.assertEqual(str(cal["VERSION"]), "2.0")
        self.assertEqual(str(cal["X-WR-CALNAME"]), "needled")
        events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
        nxt = {a["area"]: a for a in self.d.next_session()["areas"]}
        # Ready events: the unblocked tracked areas, at their ready_at.
        for slug in ("cheeks", "forehead"):
            ev = events["ready-%s@needled" % slug]
            self.assertEqual(str(ev["SUMMARY"]), "%s ready" % slug)
            self.assertEqual(ev["DTSTART"].dt,
                             parse_time(nxt[slug]["ready_at"]))
            self.assertIn(nxt[slug]["reasons"][0]["message"],
                          str(ev["DESCRIPTION"]))
        self.assertTrue(nxt["chin"]["blocked"])
        self.assertNotIn("ready-chin@needled", events)
        # Sessions: what they treated, escaping undone by the parser.
        ev = events["session-%d@needled" % self.s1["id"]]
        self.assertEqual(str(ev["SUMMARY"]),
                         "Micro-needling: cheeks 0.5 mm, chin 0.5 mm")
        self.assertIn(self.s1["notes"], str(ev["DESCRIPTION"]))
        self.assertEqual(ev["DTSTART"].dt, parse_time(self.s1["started_at"]))
        self.assertIn("session-%d@needled" % self.s2["id"], events)
        self.assertEqual(len(events), 4)

    def test_same_history_same_bytes(self):
        self.seed()
        a = self.fetch()
        b = self.fetch()
        self.assertEqual(a.body, b.body)
        self.assertEqual(a.headers["ETag"], b.headers["ETag"])
        r = self.d.request("GET", "/calendar.ics",
                           headers={"If-None-Match": a.headers["ETag"]})
        self.assertEqual(r.status, 304)
        self.d.session(["neck"], depth=0.25)
        c = self.fetch()
        self.assertNotEqual(c.headers["ETag"], a.headers["ETag"])

    def test_deleted_session_leaves_the_calendar(self):
        self.seed()
        self.d.call("DELETE", "/sessions/%d" % self.s2["id"], expect=204)
        self.assertNotIn(b"session-%d@needled" % self.s2["id"],
                         self.fetch().body)

    def test_khal_imports_it(self):
        khal = shutil.which("khal")
        if khal is None:
            raise unittest.SkipTest("khal is not installed")
        self.seed()
        tmp = tempfile.mkdtemp(prefix="needled-khal-")
        self.addCleanup(shutil.rmtree, tmp, True)
        vdir = os.path.join(tmp, "cal")
        os.makedirs(vdir)
        conf = os.path.join(tmp, "khal.conf")
        with open(conf, "w") as f:
            f.write("[calendars]\n[[needled]]\npath = %s\n"
                    "[locale]\ntimeformat = %%H:%%M\n"
                    "dateformat = %%Y-%%m-%%d\n"
                    "longdateformat = %%Y-%%m-%%d\n"
                    "datetimeformat = %%Y-%%m-%%d %%H:%%M\n"
                    "longdatetimeformat = %%Y-%%m-%%d %%H:%%M\n"
                    "default_timezone = UTC\nlocal_timezone = UTC\n" % vdir)
        ics = os.path.join(tmp, "needled.ics")
        with open(ics, "wb") as f:
            f.write(self.fetch().body)
        env = dict(os.environ, XDG_DATA_HOME=os.path.join(tmp, "data"),
                   XDG_CONFIG_HOME=os.path.join(tmp, "config"))
        p = subprocess.run([khal, "-c", conf, "import", "--batch", ics],
                           env=env, capture_output=True, text=True,
                           timeout=60)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(sorted(os.listdir(vdir)), sorted(
            ["ready-cheeks@needled.ics", "ready-forehead@needled.ics",
             "session-%d@needled.ics" % self.s1["id"],
             "session-%d@needled.ics" % self.s2["id"]]))
        p = subprocess.run([khal, "-c", conf, "list", "2000-01-01",
                            "2099-12-31"], env=env, capture_output=True,
                           text=True, timeout=60)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("cheeks ready", p.stdout)
        self.assertIn("Micro-needling: forehead 0.25 mm", p.stdout)

    def test_empty_history_is_a_valid_calendar(self):
        need_parser()
        cal = icalendar.Calendar.from_ical(self.fetch().body)
        self.assertEqual(list(cal.walk("VEVENT")), [])


class CalendarToken(unittest.TestCase):
    """Calendar apps cannot send headers: ?token= works here, only here."""

    TOKEN = "calendar-token-0123456789"

    def setUp(self):
        self.d = Needled()
        self.addCleanup(self.d.cleanup)
        self.d.start(config_text="token = %s\n" % self.TOKEN)
        self.addCleanup(lambda: self.d.proc and self.d.stop())

    def test_query_token(self):
        d = self.d
        self.assertEqual(d.request("GET", "/calendar.ics").status, 401)
        self.assertEqual(d.request("GET", "/calendar.ics?token=wrong-"
                                   "token-0123456789").status, 401)
        self.assertEqual(d.request("GET", "/calendar.ics?token=" +
                                   self.TOKEN).status, 200)
        self.assertEqual(d.request("GET", "/calendar.ics", headers={
            "Authorization": "Bearer " + self.TOKEN}).status, 200)
        # Everywhere else the token goes in the header only.
        self.assertEqual(d.request("GET", "/sessions?token=" +
                                   self.TOKEN).status, 401)


if __name__ == "__main__":
    main()
