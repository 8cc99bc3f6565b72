#!/usr/bin/env python3
"""Persistence and start-up: SIGTERM/SIGINT exit 0, a restart on the same
file keeps everything acknowledged (even after SIGKILL), and start-up
errors exit 1 with one line on stderr, leaving a foreign file untouched."""

import os
import signal
import sqlite3
import sys
import unittest

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import (Needled, NeedledAsserts, free_port_socket,  # noqa: E402
                     main, run_once)

STATE = [("/areas", "areas"), ("/devices", "devices"),
         ("/products", "products"),
         ("/product-categories", "product_categories"),
         ("/sessions", "sessions"), ("/applications", "applications"),
         ("/checkins", "checkins")]


def snapshot(d):
    snap = {}
    for path, key in STATE:
        snap[path] = d.list_all(path, key, limit=500)
    snap["/profile"] = d.get("/profile")
    snap["/rules/intervals"] = d.get("/rules/intervals")
    snap["next"] = d.next_session(at="2026-11-30T00:00:00Z")
    return snap


def populate(d):
    """One of everything; returns the objects."""
    objs = {}
    objs["area"] = d.create_area("knees", name="Knees",
                                 max_home_depth_mm=0.5)
    objs["roller"] = d.create_device("roller", 0.5, name="Roller")
    objs["pen"] = d.create_device("pen", name="Pen")
    objs["retinoid"] = d.create_product("retinoid", name="Retinol",
                                        stop_before_h=100)
    objs["serum"] = d.create_product("hyaluronic_acid", name="HA serum")
    objs["s1"] = d.session(["forehead", "knees"], at="2026-11-01T09:00:00Z",
                           device_id=objs["roller"]["id"],
                           products=[objs["serum"]["id"]], notes="one")
    objs["s2"] = d.session("cheeks", 1.0, at="2026-11-10T09:00:00Z",
                           device_id=objs["pen"]["id"], setting="clinic",
                           new_cartridge=True)
    objs["app"] = d.apply(objs["retinoid"]["id"], ["chin", "neck"],
                          at="2026-11-20T21:00:00Z", notes="pm")
    objs["chk"] = d.checkin("cheeks", at="2026-11-11T09:00:00Z", redness=1,
                            conditions=["sunburn"], notes="hot")
    d.call("PATCH", "/profile", {"name": "Persist", "fitzpatrick": 2,
                                 "melasma": True})
    d.call("PUT", "/rules/intervals", {
        "bands": [{"max_depth_mm": 0.5, "interval_h": 100},
                  {"max_depth_mm": 3.0, "interval_h": 700}],
        "skin_factor": 1.25})
    d.call("PATCH", "/product-categories/makeup", {"avoid_after_h": 36})
    d.call("PATCH", "/areas/back", {"archived": True})
    return objs


class Restart(unittest.TestCase, NeedledAsserts):

    maxDiff = None

    def setUp(self):
        self.d = Needled()
        self.addCleanup(self.d.cleanup)

    def test_sigterm_restart_keeps_everything(self):
        d = self.d
        d.start()
        objs = populate(d)
        before = snapshot(d)
        d.restart()
        after = snapshot(d)
        self.assertEqual(after, before)
        # spot checks, independent of the snapshot code
        s1 = d.get("/sessions/%d" % objs["s1"]["id"])
        self.assertEqual(s1["notes"], "one")
        self.assertEqual(s1["started_at"], "2026-11-01T09:00:00Z")
        self.assertEqual(sorted(t["area"] for t in s1["treatments"]),
                         ["forehead", "knees"])
        self.assertEqual(d.get("/areas/knees")["max_home_depth_mm"], 0.5)
        self.assertEqual(d.get("/profile")["name"], "Persist")
        self.assertEqual(d.get("/rules/intervals")["skin_factor"], 1.25)
        self.assertEqual(d.get("/product-categories/makeup")
                         ["avoid_after_h"], 36)
        self.assertEqual(len(after["/areas"]), 17, "seeds duplicated?")
        self.assertEqual(len(after["/product-categories"]), 16)
        # and again: migrations and seeds are idempotent
        d.restart()
        self.assertEqual(snapshot(d), before)
        # new ids do not collide with old ones
        s3 = d.session("nose", 0.25, at="2026-11-25T09:00:00Z")
        self.assertNotIn(s3["id"], [objs["s1"]["id"], objs["s2"]["id"]])
        d.stop()

    def test_deletes_persist(self):
        d = self.d
        d.start()
        s = d.session("nose", 0.25, at="2026-11-25T09:00:00Z")
        a = d.create_area("temp")
        d.call("DELETE", "/sessions/%d" % s["id"], expect=204)
        d.call("DELETE", "/areas/temp", expect=204)
        d.restart()
        self.assertProblem(d.request("GET", "/sessions/%d" % s["id"]), 404)
        self.assertProblem(d.request("GET", "/areas/" + a["slug"]), 404)
        d.stop()

    def test_sigint_exits_0(self):
        d = self.d
        d.start()
        d.create_area("sigint")
        d.stop(signal.SIGINT)
        d.start()
        self.assertEqual(d.get("/areas/sigint")["slug"], "sigint")
        d.stop()

    def test_sigterm_right_after_listening(self):
        # once it says it is listening, SIGTERM is a clean shutdown
        for _ in range(8):
            self.d.start()
            self.d.stop()

    def test_sigterm_finishes_the_request_in_flight(self):
        # The body is still arriving when SIGTERM comes: the request is
        # answered and stored, then needled exits 0.
        import socket
        import time
        d = self.d
        d.start()
        body = b'{"area": "nose", "notes": "in flight"}'
        s = socket.create_connection((d.host, d.port), timeout=10)
        self.addCleanup(s.close)
        s.sendall(b"POST /checkins HTTP/1.1\r\nHost: t\r\n"
                  b"Content-Type: application/json\r\n"
                  b"Content-Length: %d\r\n\r\n" % len(body) + body[:9])
        time.sleep(0.2)
        d.proc.send_signal(signal.SIGTERM)
        time.sleep(0.2)
        self.assertIsNone(d.proc.poll(), "exited with a request in flight")
        s.sendall(body[9:])
        reply = s.recv(65536).decode()
        self.assertTrue(reply.startswith("HTTP/1.1 201"), reply)
        # (a second SIGTERM during the shutdown changes nothing)
        self.assertEqual(d.signal_stop(signal.SIGTERM), 0)
        d.start()
        notes = [c["notes"] for c in d.get("/checkins")["checkins"]]
        self.assertEqual(notes, ["in flight"])
        d.stop()

    def test_second_sigterm_during_shutdown_is_harmless(self):
        d = self.d
        for i in range(5):
            d.start()
            d.create_area("twice-%d" % i)
            d.proc.send_signal(signal.SIGTERM)
            self.assertEqual(d.signal_stop(signal.SIGTERM), 0)
        d.start()
        for i in range(5):
            self.assertEqual(d.get("/areas/twice-%d" % i)["slug"],
                             "twice-%d" % i)
        d.stop()

    def test_idle_keepalive_does_not_delay_shutdown(self):
        import http.client
        import time
        d = self.d
        d.start()
        c = http.client.HTTPConnection(d.host, d.port, timeout=10)
        self.addCleanup(c.close)
        c.request("GET", "/health")
        c.getresponse().read()
        t = time.monotonic()
        d.stop()
        self.assertLess(time.monotonic() - t, 2.0)

    def test_acknowledged_write_survives_sigkill(self):
        d = self.d
        d.start()
        s = d.session("chin", 0.5, at="2026-11-02T09:00:00Z", notes="crash")
        d.kill()
        d.start()
        g = d.get("/sessions/%d" % s["id"])
        self.assertEqual(g["notes"], "crash")
        self.assertEqual(g["treatments"][0]["depth_mm"], 0.5)
        d.stop()

    def test_rejected_write_not_persisted(self):
        d = self.d
        d.start()
        n = d.count("/sessions", "sessions")
        r = d.request("POST", "/sessions",
                      {"started_at": "2026-11-02T09:00:00Z",
                       "treatments": [{"area": "chin", "depth_mm": 0.25},
                                      {"area": "knees", "depth_mm": 0.25}]})
        self.assertProblem(r, 422, "treatments[1].area")
        d.restart()
        self.assertEqual(d.count("/sessions", "sessions"), n)
        self.assertEqual(d.list_all("/sessions", "sessions",
                                    area="chin"), [])
        d.stop()


class StartupErrors(unittest.TestCase, NeedledAsserts):

    def setUp(self):
        self.d = Needled()      # for its temporary directory
        self.addCleanup(self.d.cleanup)

    def assertOneLineExit1(self, args):
        rc, out, err = run_once(args, env_dir=self.d.tmpdir)
        self.assertEqual(rc, 1, "exit status %s; stderr: %r" % (rc, err))
        lines = [ln for ln in err.splitlines() if ln.strip()]
        self.assertEqual(len(lines), 1, "stderr: %r" % err)
        return lines[0]

    def assertRefusesUnchanged(self, path):
        with open(path, "rb") as f:
            before = f.read()
        self.assertOneLineExit1(["-d", path, "-l", "127.0.0.1:0"])
        with open(path, "rb") as f:
            after = f.read()
        self.assertTrue(after == before, "the file was modified")
        self.assertFalse(os.path.exists(path + "-wal") and
                         os.path.getsize(path + "-wal") > 0,
                         "a WAL was written next to the foreign file")

    def migrated_db(self):
        """A needled database that already exists, so that start-up has
        nothing to migrate (and nothing else to say)."""
        self.d.start()
        self.d.get("/health")   # (the SIGTERM race has its own test)
        self.d.stop()
        return self.d.db_path

    def test_port_in_use(self):
        db = self.migrated_db()
        s = free_port_socket()
        self.addCleanup(s.close)
        port = s.getsockname()[1]
        line = self.assertOneLineExit1(["-d", db, "-l",
                                        "127.0.0.1:%d" % port])
        self.assertIn(str(port), line)

    def test_port_in_use_fresh_database(self):
        # nothing to migrate yet, or migrated first: still one line
        s = free_port_socket()
        self.addCleanup(s.close)
        port = s.getsockname()[1]
        line = self.assertOneLineExit1(["-d", self.d.db_path, "-l",
                                        "127.0.0.1:%d" % port])
        self.assertIn(str(port), line)

    def test_bad_listen_address(self):
        db = self.migrated_db()
        for addr in ("nonsense", "127.0.0.1:99999", "999.1.1.1:0",
                     "127.0.0.1:-5"):
            self.assertOneLineExit1(["-d", db, "-l", addr])

    def test_missing_config_file(self):
        db = self.migrated_db()
        self.assertOneLineExit1(["-c", os.path.join(self.d.tmpdir, "no.conf"),
                                 "-d", db, "-l", "127.0.0.1:0"])

    def test_unopenable_database_path(self):
        # a regular file where a directory should be
        blocker = os.path.join(self.d.tmpdir, "blocker")
        with open(blocker, "w") as f:
            f.write("x")
        path = os.path.join(blocker, "sub", "n.db")
        self.assertOneLineExit1(["-d", path, "-l", "127.0.0.1:0"])

    def test_random_bytes_file(self):
        path = os.path.join(self.d.tmpdir, "random.db")
        with open(path, "wb") as f:
            f.write(os.urandom(8192))
        self.assertRefusesUnchanged(path)

    def test_text_file(self):
        path = os.path.join(self.d.tmpdir, "notes.txt")
        with open(path, "w") as f:
            f.write("shopping list\nmilk\n" * 200)
        self.assertRefusesUnchanged(path)

    def test_foreign_sqlite_database(self):
        path = os.path.join(self.d.tmpdir, "other.db")
        con = sqlite3.connect(path)
        con.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY, "
                    "title TEXT)")
        con.execute("INSERT INTO recipes (title) VALUES ('soup')")
        con.commit()
        con.close()
        self.assertRefusesUnchanged(path)
        con = sqlite3.connect(path)
        tables = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")]
        con.close()
        self.assertEqual(tables, ["recipes"])

    def test_future_schema_version(self):
        path = os.path.join(self.d.tmpdir, "future.db")
        # a needled database from a future version
        d = Needled()
        self.addCleanup(d.cleanup)
        d.start(db_path=path)
        d.create_area("future")
        d.stop()
        con = sqlite3.connect(path)
        con.execute("PRAGMA journal_mode = DELETE")
        con.execute("PRAGMA user_version = 9999")
        con.commit()
        con.close()
        self.assertRefusesUnchanged(path)
        con = sqlite3.connect(path)
        v = con.execute("PRAGMA user_version").fetchone()[0]
        con.close()
        self.assertEqual(v, 9999)

    def test_future_schema_version_empty_db(self):
        path = os.path.join(self.d.tmpdir, "future-empty.db")
        con = sqlite3.connect(path)
        con.execute("CREATE TABLE t (x)")
        con.execute("PRAGMA user_version = 9999")
        con.commit()
        con.close()
        self.assertRefusesUnchanged(path)


if __name__ == "__main__":
    main()
