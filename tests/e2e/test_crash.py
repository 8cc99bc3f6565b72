#!/usr/bin/env python3
"""Crash safety: several clients write sessions, applications and check-ins
as fast as they can while needled is SIGKILLed at random moments.  After
every kill:

  - a copy of the database as the kill left it (main file and WAL) passes
    PRAGMA integrity_check and foreign_key_check, holds every write that
    was answered 2xx, with the content that was sent, holds nothing that
    was refused, nothing twice and nothing half-written (a session without
    treatments, an application without areas, a session's products without
    their application);
  - needled restarts on the real files and answers GET for every write
    acknowledged before the kill.

At the end needled is stopped with SIGTERM and the real file is checked the
same way with Python's sqlite3.

Also: SIGKILL during the creation and migration of a new database leaves
a whole number of migrations, which the next start-up accepts; and the
checks themselves report a database damaged on purpose.

As a test (make check) it runs 10 kills.  As a command it is the long
version (tests/long/crash.sh):

    test_crash.py --kills 100 [--workers 4] [--seed N] [--max-delay 0.5]

and prints one summary line:
    crash: kills=100 acknowledged=... lost=0 ...
exiting 0 only when nothing was lost, refused writes stayed out and every
check passed.
"""

import argparse
import http.client
import json
import os
import random
import shutil
import signal
import sqlite3
import sys
import threading
import time
import unittest

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import Needled  # noqa: E402

AREAS = ["forehead", "under-eye", "nose", "upper-lip", "cheeks", "chin",
         "jawline", "neck", "decolletage", "scalp", "hands", "arms",
         "abdomen", "thighs", "buttocks", "back"]
# 0.25 mm is within every seeded area's home depth: no danger warnings.
DEPTH = 0.25
HTTP_TIMEOUT = 5.0


class CrashError(AssertionError):
    pass


class Ledger(object):
    """What the clients sent and what the server said, shared by threads.

    Every write carries a unique token in its notes ("r3w1n17": round 3,
    worker 1, 17th request); a session's products become applications
    with the session's id and the notes "", so they are keyed by that id.
    """

    def __init__(self):
        self.lock = threading.Lock()
        self.attempted = {}     # token -> (kind, body)
        self.acked = {}         # token -> (kind, id, body)
        self.refused = {}       # token -> (kind, status, reply)
        self.statuses = {}      # status (or "error") -> count
        self.round_acked = []   # tokens acknowledged in the current round

    def attempt(self, token, kind, body):
        with self.lock:
            self.attempted[token] = (kind, body)

    def ack(self, token, kind, ident, body):
        with self.lock:
            self.acked[token] = (kind, ident, body)
            self.round_acked.append(token)

    def refuse(self, token, kind, status, reply):
        with self.lock:
            self.refused[token] = (kind, status, reply)

    def count(self, status):
        with self.lock:
            self.statuses[status] = self.statuses.get(status, 0) + 1


class Worker(threading.Thread):
    """POSTs until told to stop or until the server goes away."""

    def __init__(self, host, port, rnd, rnd_id, wid, product_id, ledger,
                 stop):
        threading.Thread.__init__(self, daemon=True)
        self.host, self.port = host, port
        self.rnd = random.Random(rnd.random())
        self.round, self.wid = rnd_id, wid
        self.product_id = product_id
        self.ledger = ledger
        self.stop = stop
        self.n = 0
        self.problems = []      # replies that no valid body should get

    def body(self, token):
        r = self.rnd
        kind = r.choice(("session", "application", "checkin"))
        if kind == "session":
            areas = r.sample(AREAS, r.randint(1, 3))
            body = {"treatments": [{"area": a, "depth_mm": DEPTH}
                                   for a in areas], "notes": token}
            if r.random() < 0.3:
                body["products"] = [{"product_id": self.product_id}]
            return kind, "/sessions", body
        if kind == "application":
            return kind, "/applications", {
                "product_id": self.product_id,
                "areas": r.sample(AREAS, r.randint(1, 3)), "notes": token}
        return kind, "/checkins", {"area": r.choice(AREAS), "notes": token,
                                   "redness": r.randint(0, 3)}

    def run(self):
        conn = None
        try:
            while not self.stop.is_set():
                self.n += 1
                token = "r%dw%dn%d" % (self.round, self.wid, self.n)
                kind, path, body = self.body(token)
                self.ledger.attempt(token, kind, body)
                if conn is None:
                    conn = http.client.HTTPConnection(self.host, self.port,
                                                      timeout=HTTP_TIMEOUT)
                try:
                    conn.request("POST", path, body=json.dumps(body),
                                 headers={"Content-Type": "application/json"})
                    resp = conn.getresponse()
                    raw = resp.read()
                    loc = resp.getheader("Location")
                    status = resp.status
                    if resp.will_close:
                        conn.close()
                        conn = None
                except (OSError, http.client.HTTPException):
                    # The server died under us (or never answered):
                    # the write may or may not be there.
                    self.ledger.count("error")
                    return
                self.ledger.count(str(status))
                if 200 <= status < 300:
                    self.acknowledged(token, kind, path, body, status, loc,
                                      raw)
                else:
                    self.ledger.refuse(token, kind, status, raw[:300])
                    if status < 500:
                        # Every body is valid: a 4xx is a defect.
                        self.problems.append("%s %s -> %d %r" % (
                            path, json.dumps(body), status, raw[:300]))
        finally:
            if conn is not None:
                conn.close()

    def acknowledged(self, token, kind, path, body, status, loc, raw):
        try:
            reply = json.loads(raw.decode("utf-8"))
            ident = reply["id"]
        except (ValueError, KeyError, TypeError):
            self.problems.append("%s -> %d without an id: %r"
                                 % (path, status, raw[:300]))
            return
        if status != 201 or loc != "%s/%d" % (path, ident):
            self.problems.append("%s -> %d Location %r for id %r"
                                 % (path, status, loc, ident))
        if reply.get("notes") != token:
            self.problems.append("%s -> reply notes %r, sent %r"
                                 % (path, reply.get("notes"), token))
        self.ledger.ack(token, kind, ident, body)


# ------------------------------------------------------------ the database

def read_db(path):
    """Everything the checks need from a database file, read with sqlite3
    (which recovers a WAL left by a crash)."""
    con = sqlite3.connect(path, timeout=10)
    try:
        db = {}
        db["integrity"] = [r[0] for r in
                           con.execute("PRAGMA integrity_check")]
        db["fk"] = con.execute("PRAGMA foreign_key_check").fetchall()
        db["sessions"] = {r[0]: {"notes": r[1], "treatments": {}}
                          for r in con.execute(
                              "SELECT id, notes FROM session")}
        for sid, slug, depth in con.execute(
                "SELECT t.session_id, a.slug, t.depth_mm FROM treatment t "
                "JOIN area a ON a.id = t.area_id"):
            if sid in db["sessions"]:
                db["sessions"][sid]["treatments"][slug] = depth
        db["applications"] = {r[0]: {"product_id": r[1], "session_id": r[2],
                                     "notes": r[3], "areas": set()}
                              for r in con.execute(
                                  "SELECT id, product_id, session_id, notes "
                                  "FROM application")}
        for aid, slug in con.execute(
                "SELECT x.application_id, a.slug FROM application_area x "
                "JOIN area a ON a.id = x.area_id"):
            if aid in db["applications"]:
                db["applications"][aid]["areas"].add(slug)
        db["checkins"] = {r[0]: {"area": r[1], "notes": r[2],
                                 "redness": r[3]}
                          for r in con.execute(
                              "SELECT c.id, a.slug, c.notes, c.redness "
                              "FROM checkin c JOIN area a "
                              "ON a.id = c.area_id")}
        db["orphan_treatments"] = con.execute(
            "SELECT count(*) FROM treatment WHERE session_id NOT IN "
            "(SELECT id FROM session)").fetchone()[0]
        db["orphan_application_areas"] = con.execute(
            "SELECT count(*) FROM application_area WHERE application_id "
            "NOT IN (SELECT id FROM application)").fetchone()[0]
        db["products"] = {r[0] for r in con.execute("SELECT id FROM product")}
        return db
    finally:
        con.close()


def check_db(db, ledger, product_id, where):
    """Compare a database read with read_db() against the ledger.
    Returns (lost tokens, list of problems)."""
    problems = []
    lost = []
    if db["integrity"] != ["ok"]:
        problems.append("%s: integrity_check %r" % (where, db["integrity"]))
    if db["fk"]:
        problems.append("%s: foreign_key_check %r" % (where, db["fk"][:5]))
    if product_id not in db["products"]:
        problems.append("%s: the product %d is gone" % (where, product_id))
    for what in ("orphan_treatments", "orphan_application_areas"):
        if db[what]:
            problems.append("%s: %d %s" % (where, db[what], what))
    # Nothing half-written.
    for sid, s in db["sessions"].items():
        if not s["treatments"]:
            problems.append("%s: session %d (%r) has no treatments"
                            % (where, sid, s["notes"]))
    session_apps = {}
    for aid, a in db["applications"].items():
        if not a["areas"]:
            problems.append("%s: application %d (%r) has no areas"
                            % (where, aid, a["notes"]))
        if a["session_id"] is not None:
            session_apps.setdefault(a["session_id"], []).append(a)
    # Everything stored was sent once and not refused.
    tables = (("session", db["sessions"]),
              ("application", db["applications"]),
              ("checkin", db["checkins"]))
    seen = {}
    for kind, rows in tables:
        for ident, row in rows.items():
            tok = row["notes"]
            if kind == "application" and row["session_id"] is not None:
                continue
            if tok not in ledger.attempted:
                problems.append("%s: %s %d has notes %r that no client sent"
                                % (where, kind, ident, tok))
                continue
            if tok in seen:
                problems.append("%s: %r stored twice (%s %d and %s %d)"
                                % (where, tok, seen[tok][0], seen[tok][1],
                                   kind, ident))
            seen[tok] = (kind, ident)
            if tok in ledger.refused:
                problems.append("%s: %s %d (%r) was refused with %r but "
                                "is stored" % (where, kind, ident, tok,
                                               ledger.refused[tok][:2]))
            sent_kind, body = ledger.attempted[tok]
            if sent_kind != kind:
                problems.append("%s: %r sent as a %s, stored as a %s"
                                % (where, tok, sent_kind, kind))
            elif kind == "session":
                want_apps = len(body.get("products", []))
                got_apps = session_apps.get(ident, [])
                if len(got_apps) != want_apps:
                    problems.append("%s: session %d (%r) has %d product "
                                    "applications, sent %d"
                                    % (where, ident, tok, len(got_apps),
                                       want_apps))
                for a in got_apps:
                    if a["areas"] != set(row["treatments"]):
                        problems.append("%s: session %d's application "
                                        "areas %r != treated %r"
                                        % (where, ident, a["areas"],
                                           set(row["treatments"])))
    # Every acknowledged write is there, as it was sent.
    for tok, (kind, ident, body) in ledger.acked.items():
        rows = dict(tables)[kind]
        row = rows.get(ident)
        if row is None or row["notes"] != tok:
            lost.append(tok)
            problems.append("%s: LOST %s %d (%r), acknowledged"
                            % (where, kind, ident, tok))
            continue
        want = expected(kind, body)
        got = stored(kind, row)
        if got != want:
            problems.append("%s: %s %d stored %r, sent %r"
                            % (where, kind, ident, got, want))
    return lost, problems


def expected(kind, body):
    if kind == "session":
        return {t["area"]: t["depth_mm"] for t in body["treatments"]}
    if kind == "application":
        return (body["product_id"], set(body["areas"]))
    return (body["area"], body["redness"])


def stored(kind, row):
    if kind == "session":
        return row["treatments"]
    if kind == "application":
        return (row["product_id"], row["areas"])
    return (row["area"], row["redness"])


def served(kind, reply):
    """The same shape as expected() from a GET reply."""
    if kind == "session":
        return {t["area"]: t["depth_mm"] for t in reply["treatments"]}
    if kind == "application":
        return (reply["product_id"], set(reply["areas"]))
    return (reply["area"], reply["redness"])


def snapshot(d, dest):
    """Copy the database and its WAL as they are after a kill; the copy
    is what a power cut would have left (the real files stay untouched for
    needled's own recovery)."""
    shutil.rmtree(dest, ignore_errors=True)
    os.makedirs(dest)
    copy = os.path.join(dest, "snap.db")
    for suffix in ("", "-wal"):
        if os.path.exists(d.db_path + suffix):
            shutil.copyfile(d.db_path + suffix, copy + suffix)
    return copy


def check_served(d, ledger, tokens, where):
    """GET every write of tokens from the running daemon."""
    problems = []
    paths = {"session": "/sessions", "application": "/applications",
             "checkin": "/checkins"}
    for tok in tokens:
        kind, ident, body = ledger.acked[tok]
        r = d.request("GET", "%s/%d" % (paths[kind], ident))
        if r.status != 200:
            problems.append("%s: GET %s/%d (%r) -> %d %r"
                            % (where, paths[kind], ident, tok, r.status,
                               r.body))
            continue
        if r.body.get("notes") != tok or \
                served(kind, r.body) != expected(kind, body):
            problems.append("%s: GET %s/%d -> %r, sent %r"
                            % (where, paths[kind], ident, r.body, body))
    return problems


# ------------------------------------------------------------ the run

def crash_run(kills, workers=4, seed=None, max_delay=0.5, log=None):
    """Run kills rounds; returns a dict of figures and problems."""
    if seed is None:
        seed = random.SystemRandom().randrange(1 << 32)
    rnd = random.Random(seed)
    log = log or (lambda msg: None)
    ledger = Ledger()
    problems = []
    lost = set()
    d = Needled()
    t0 = time.monotonic()
    served_checks = 0
    try:
        d.start()
        product_id = d.call("POST", "/products",
                            {"name": "crash-test cream",
                             "category": "moisturizer"}, 201)["id"]
        snapdir = os.path.join(d.tmpdir, "snapshot")
        for k in range(kills):
            if k > 0:
                d.start(db_path=d.db_path)
                # Everything acknowledged before the last kill is served.
                p = check_served(d, ledger, ledger.round_acked,
                                 "after kill %d" % k)
                served_checks += len(ledger.round_acked)
                problems.extend(p)
            ledger.round_acked = []
            stop = threading.Event()
            ws = [Worker(d.host, d.port, rnd, k, w, product_id, ledger, stop)
                  for w in range(workers)]
            for w in ws:
                w.start()
            # A random moment: sometimes at once, mostly mid-stream.
            delay = 0.0 if rnd.random() < 0.1 else rnd.uniform(0, max_delay)
            time.sleep(delay)
            d.kill()
            stop.set()
            for w in ws:
                w.join(HTTP_TIMEOUT + 5)
                if w.is_alive():
                    problems.append("kill %d: a client did not finish"
                                    % (k + 1))
                problems.extend(w.problems)
            db = read_db(snapshot(d, snapdir))
            l, p = check_db(db, ledger, product_id, "kill %d" % (k + 1))
            lost.update(l)
            problems.extend(p)
            log("kill %d/%d after %.3f s: %d acknowledged this round, "
                "%d in all" % (k + 1, kills, delay, len(ledger.round_acked),
                               len(ledger.acked)))
        # The last restart, then an orderly stop and the real file.
        d.start(db_path=d.db_path)
        problems.extend(check_served(d, ledger, ledger.round_acked,
                                     "after the last kill"))
        served_checks += len(ledger.round_acked)
        rc = d.signal_stop(signal.SIGTERM)
        if rc != 0:
            problems.append("SIGTERM after the last restart: exit status "
                            "%r; stderr:\n%s" % (rc, d.stderr()))
        db = read_db(d.db_path)
        l, p = check_db(db, ledger, product_id, "final file")
        lost.update(l)
        problems.extend(p)
        stored_unacked = sum(
            1 for rows in (db["sessions"], db["applications"],
                           db["checkins"])
            for row in rows.values()
            if row["notes"] in ledger.attempted
            and row["notes"] not in ledger.acked)
    finally:
        d.cleanup()
    kinds = {}
    for kind, _, _ in ledger.acked.values():
        kinds[kind] = kinds.get(kind, 0) + 1
    return {
        "seed": seed, "kills": kills, "workers": workers,
        "attempted": len(ledger.attempted), "acknowledged": len(ledger.acked),
        "kinds": kinds, "refused": len(ledger.refused),
        "stored_unacknowledged": stored_unacked, "lost": len(lost),
        "served_checks": served_checks, "statuses": dict(ledger.statuses),
        "seconds": time.monotonic() - t0, "problems": problems,
    }


def summary(res):
    return ("crash: kills=%d acknowledged=%d lost=%d problems=%d "
            "(sessions=%d applications=%d checkins=%d; attempted=%d "
            "refused=%d stored-but-unacknowledged=%d; GET-checked after "
            "restart=%d; workers=%d seed=%d; %.1f s)"
            % (res["kills"], res["acknowledged"], res["lost"],
               len(res["problems"]), res["kinds"].get("session", 0),
               res["kinds"].get("application", 0),
               res["kinds"].get("checkin", 0), res["attempted"],
               res["refused"], res["stored_unacknowledged"],
               res["served_checks"], res["workers"], res["seed"],
               res["seconds"]))


def seed_from_env():
    s = os.environ.get("CRASH_SEED")
    return int(s) if s else None


class Crash(unittest.TestCase):

    maxDiff = None

    def test_sigkill_loses_no_acknowledged_write(self):
        res = crash_run(10, workers=4, seed=seed_from_env())
        print(summary(res), file=sys.stderr)
        self.assertEqual(res["problems"], [], "%s\n%s" % (
            summary(res), "\n".join(res["problems"][:40])))
        self.assertEqual(res["lost"], 0)
        # The test proves something only if writes were acknowledged
        # (and some were cut off) in most rounds.
        self.assertGreater(res["acknowledged"], 10 * 4, summary(res))
        self.assertGreater(res["statuses"].get("error", 0), 0,
                           "no request was ever cut off by a kill")


class KillDuringStartUp(unittest.TestCase):
    """SIGKILL while a new database is being created and migrated (before
    'listening'): every state it leaves is a whole number of migrations,
    and the next start-up accepts it and finishes the job."""

    SEEDED_AREAS = 16
    NDLD = 0x4e444c44

    def test_kill_during_migration(self):
        import subprocess
        from harness import binary, daemon_env
        d = Needled()
        self.addCleanup(d.cleanup)
        rnd = random.Random(seed_from_env())
        states = {}
        final = None
        for i in range(12):
            db = os.path.join(d.tmpdir, "start-%d.db" % i)
            p = subprocess.Popen(
                [binary(), "-d", db, "-l", "127.0.0.1:0"],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL, cwd=d.tmpdir,
                env=daemon_env(d.tmpdir))
            time.sleep(rnd.uniform(0, 0.08))
            p.kill()
            p.wait(10)
            state = ("no file",)
            if os.path.exists(db):
                d.db_path = db
                con = sqlite3.connect(snapshot(d, os.path.join(d.tmpdir,
                                                               "snap")))
                try:
                    self.assertEqual(con.execute(
                        "PRAGMA integrity_check").fetchall(), [("ok",)])
                    version = con.execute(
                        "PRAGMA user_version").fetchone()[0]
                    appid = con.execute(
                        "PRAGMA application_id").fetchone()[0]
                    tables = con.execute(
                        "SELECT count(*) FROM sqlite_schema "
                        "WHERE type = 'table'").fetchone()[0]
                    areas = (con.execute("SELECT count(*) FROM area")
                             .fetchone()[0] if tables else None)
                finally:
                    con.close()
                state = (version, appid == self.NDLD, tables > 0, areas)
            states[state] = states.get(state, 0) + 1
            # The next start-up accepts whatever was left.
            d.start(db_path=db)
            self.assertEqual(d.count("/areas", "areas"), self.SEEDED_AREAS,
                             "after a kill that left %r" % (state,))
            d.stop()
            con = sqlite3.connect(db)
            final = con.execute("PRAGMA user_version").fetchone()[0]
            con.close()
        # A whole number of migrations, never part of one: nothing, or
        # schema v (1 <= v <= final) with needled's application_id, and
        # the seeded areas once 002-defaults is in.
        for state in states:
            if len(state) == 1:
                continue
            version, ours, tables, areas = state
            where = "state %r of %r" % (state, states)
            self.assertTrue(0 <= version <= final, where)
            if version == 0:
                self.assertEqual((ours, tables), (False, False), where)
            else:
                self.assertEqual((ours, tables), (True, True), where)
                self.assertEqual(areas, self.SEEDED_AREAS if version >= 2
                                 else 0, where)
        print("kill during start-up: states (user_version, ours, tables, "
              "areas) -> count: %r" % states, file=sys.stderr)


class CheckerCatchesDamage(unittest.TestCase):
    """The checks above can fail: a lost write, a half-written session or
    application, a refused write that was stored and a duplicate are each
    reported, on a database damaged on purpose."""

    def setUp(self):
        self.d = Needled()
        self.addCleanup(self.d.cleanup)

    def test_damage_is_reported(self):
        d = self.d
        d.start()
        ledger = Ledger()
        pid = d.call("POST", "/products", {"name": "x",
                                           "category": "moisturizer"},
                     201)["id"]
        bodies = [
            ("s1", "session", "/sessions",
             {"treatments": [{"area": "chin", "depth_mm": DEPTH}],
              "notes": "s1"}),
            ("s2", "session", "/sessions",
             {"treatments": [{"area": "nose", "depth_mm": DEPTH}],
              "notes": "s2", "products": [{"product_id": pid}]}),
            ("a1", "application", "/applications",
             {"product_id": pid, "areas": ["neck"], "notes": "a1"}),
            ("c1", "checkin", "/checkins",
             {"area": "back", "redness": 2, "notes": "c1"}),
            ("c2", "checkin", "/checkins",
             {"area": "back", "redness": 0, "notes": "c2"}),
        ]
        ids = {}
        for tok, kind, path, body in bodies:
            ledger.attempt(tok, kind, body)
            ids[tok] = d.call("POST", path, body, 201)["id"]
            ledger.ack(tok, kind, ids[tok], body)
        d.stop()
        lost, problems = check_db(read_db(d.db_path), ledger, pid, "intact")
        self.assertEqual((lost, problems), ([], []))

        con = sqlite3.connect(d.db_path)
        con.execute("PRAGMA foreign_keys = OFF")
        con.execute("DELETE FROM treatment WHERE session_id = ?",
                    (ids["s1"],))
        con.execute("DELETE FROM application WHERE session_id = ?",
                    (ids["s2"],))
        con.execute("DELETE FROM application_area WHERE application_id = ?",
                    (ids["a1"],))
        con.execute("DELETE FROM checkin WHERE id = ?", (ids["c1"],))
        con.execute("UPDATE checkin SET notes = 's1' WHERE id = ?",
                    (ids["c2"],))
        con.commit()
        con.close()
        ledger.refuse("s1", "session", 500, b"")
        lost, problems = check_db(read_db(d.db_path), ledger, pid, "damaged")
        text = "\n".join(problems)
        self.assertEqual(sorted(lost), ["c1", "c2"], text)
        for want in ("session %d ('s1') has no treatments" % ids["s1"],
                     "session %d ('s2') has 0 product applications, sent 1"
                     % ids["s2"],
                     "application %d ('a1') has no areas" % ids["a1"],
                     "LOST checkin %d ('c1')" % ids["c1"],
                     "LOST checkin %d ('c2')" % ids["c2"],
                     "('s1') was refused with ('session', 500) but is stored",
                     "'s1' stored twice",
                     "'s1' sent as a session, stored as a checkin"):
            self.assertIn(want, text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--kills", type=int, help="run this many kills and "
                    "print a summary (without it: the unit test)")
    ap.add_argument("--workers", type=int, default=4)
    ap.add_argument("--seed", type=int, default=seed_from_env())
    ap.add_argument("--max-delay", type=float, default=0.5,
                    help="longest time between a start and its kill (s)")
    ap.add_argument("-v", "--verbose", action="store_true")
    args, rest = ap.parse_known_args()
    if args.kills is None:
        unittest.main(argv=[sys.argv[0]] + rest,
                      verbosity=int(os.environ.get("E2E_VERBOSITY", "1")))
        return
    log = (lambda m: print(m, file=sys.stderr, flush=True)) \
        if args.verbose else None
    res = crash_run(args.kills, args.workers, args.seed, args.max_delay, log)
    for p in res["problems"][:100]:
        print(p)
    print("statuses: %s" % json.dumps(res["statuses"], sort_keys=True))
    print(summary(res))
    sys.exit(0 if not res["problems"] and res["lost"] == 0 else 1)


if __name__ == "__main__":
    main()
