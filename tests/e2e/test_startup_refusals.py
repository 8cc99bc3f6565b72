#!/usr/bin/env python3
"""Start-up refusals that test_persistence.py does not cover: a foreign or
newer database with a WAL still beside it, a schema exactly one version
newer, corrupt files (a damaged b-tree page, a truncated file, a damaged
schema page, a zeroed header), a read-only database file, an immutable
one, a directory that cannot be written (new and existing database) and a
missing parent directory that cannot be created.

Each must exit 1 within a few seconds with one line on stderr, and leave
every file it found byte-identical (sha256 before and after).

We run as root in CI, and root ignores file modes.  The read-only cases
therefore run needled as an unprivileged user (setpriv, else runuser, to
uid/gid 65534) on files that user owns with mode 0444 / 0555; as a
non-root user they simply chmod.  The immutable cases use chattr +i,
which binds root too (root only, and only on file systems that support
it).  A case that cannot run is skipped, and then the whole file exits 77
(SKIP in the automake summary), never a silent pass.
"""

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import unittest

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import Needled, binary, daemon_env  # noqa: E402

NOBODY = 65534
RUN_TIMEOUT = 5.0


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def hashes(paths):
    """{path: sha256 or None when absent}."""
    return {p: (sha256(p) if os.path.exists(p) else None) for p in paths}


def unprivileged_prefix():
    """A command prefix that runs as uid/gid 65534, [] when we are not
    root, or None when no tool for it exists."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv"):
        return ["setpriv", "--reuid=%d" % NOBODY, "--regid=%d" % NOBODY,
                "--clear-groups"]
    if shutil.which("runuser"):
        return ["runuser", "-u", "nobody", "--"]
    return None


# The binary the unprivileged user runs: a copy in a directory anyone may
# enter when the build tree is not (a checkout under /root).
_exe_copy = None


def exe_for(prefix):
    global _exe_copy
    if not prefix:
        return binary()
    if _exe_copy is None:
        if subprocess.run(list(prefix) + ["test", "-x", binary()]).returncode == 0:
            _exe_copy = binary()
        else:
            d = tempfile.mkdtemp(prefix="needled-exe-")
            os.chmod(d, 0o755)
            _exe_copy = os.path.join(d, "needled")
            shutil.copy2(binary(), _exe_copy)
            os.chmod(_exe_copy, 0o755)
    return _exe_copy


def run_needled(args, cwd, prefix=(), timeout=RUN_TIMEOUT):
    """Run needled to completion: (status, stderr lines).  If it is still
    running after timeout (it started serving instead of refusing), kill
    it and return (None, lines)."""
    cmd = list(prefix) + [exe_for(prefix)] + list(args)
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                         cwd=cwd, env=daemon_env(cwd))
    try:
        _, err = p.communicate(timeout=timeout)
        rc = p.returncode
    except subprocess.TimeoutExpired:
        p.kill()
        _, err = p.communicate()
        rc = None
    lines = [ln for ln in err.decode("utf-8", "replace").splitlines()
             if ln.strip()]
    return rc, lines


def set_immutable(path, on):
    """chattr +i / -i; returns whether it worked."""
    if not shutil.which("chattr"):
        return False
    r = subprocess.run(["chattr", "+i" if on else "-i", path],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return r.returncode == 0


class Refusals(unittest.TestCase):

    maxDiff = None

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="needled-refuse-")
        os.chmod(self.tmp, 0o755)     # traversable by the unprivileged user
        self.addCleanup(shutil.rmtree, self.tmp, True)
        self.immutable = []
        self.addCleanup(self._clear_immutable)

    def _clear_immutable(self):
        for p in reversed(self.immutable):
            set_immutable(p, False)

    # -- fixtures

    def needled_db(self, path, journal="wal"):
        """A real needled database at path, stopped cleanly, in the given
        journal mode; returns its schema version."""
        d = Needled()
        try:
            d.start(db_path=path)
            d.create_area("mine")
            d.session("mine", 0.25, at="2026-11-01T09:00:00Z")
            d.stop()
        finally:
            d.cleanup()     # its own directory; path lies elsewhere
        con = sqlite3.connect(path)
        try:
            if journal != "wal":
                con.execute("PRAGMA journal_mode = %s" % journal)
            return con.execute("PRAGMA user_version").fetchone()[0]
        finally:
            con.close()

    def with_pending_wal(self, src, dest, statements):
        """Copy src to dest with a WAL holding statements that were
        committed but not checkpointed (as a crash or a still-running
        writer leaves it)."""
        con = sqlite3.connect(src)
        con.execute("PRAGMA journal_mode = WAL")
        con.execute("PRAGMA wal_autocheckpoint = 0")
        for sql in statements:
            con.execute(sql)
        con.commit()
        shutil.copyfile(src, dest)
        shutil.copyfile(src + "-wal", dest + "-wal")
        con.close()
        self.assertGreater(os.path.getsize(dest + "-wal"), 0)

    def unprivileged(self):
        prefix = unprivileged_prefix()
        if prefix is None:
            self.skipTest("root, and neither setpriv nor runuser")
        if prefix:
            r = subprocess.run(prefix + ["test", "-x", exe_for(prefix)])
            if r.returncode != 0:
                self.skipTest("uid %d cannot run %s" % (NOBODY,
                                                       exe_for(prefix)))
        return prefix

    def own(self, *paths):
        """Give paths to the unprivileged user (when we are root)."""
        if os.geteuid() == 0:
            for p in paths:
                os.chown(p, NOBODY, NOBODY)

    def immutable_or_skip(self, path):
        if os.geteuid() != 0:
            self.skipTest("chattr +i needs root")
        if not set_immutable(path, True):
            self.skipTest("chattr +i is not supported here")
        self.immutable.append(path)

    # -- the assertion

    def assertRefuses(self, db, watch=None, prefix=(), mention=None,
                      not_mention=None):
        """needled -d db exits 1 with one line; every file of watch (db,
        db-wal by default) is byte-identical afterwards and no file
        appears that was absent.  Returns the line."""
        watch = watch or [db, db + "-wal"]
        before = hashes(watch)
        rc, lines = run_needled(["-d", db, "-l", "127.0.0.1:0"], self.tmp,
                                prefix)
        after = hashes(watch)
        if rc is None:
            self.fail("needled started instead of refusing %s; stderr: %r"
                      % (db, lines))
        self.assertEqual(rc, 1, "exit status %r; stderr: %r" % (rc, lines))
        self.assertEqual(len(lines), 1, "want one line on stderr, got %d: "
                         "%r" % (len(lines), lines))
        changed = [p for p in watch if before[p] != after[p]]
        self.assertEqual(changed, [], "changed by the refusal (sha256 "
                         "before -> after): %r" % {
                             os.path.basename(p): (before[p], after[p])
                             for p in changed})
        line = lines[0]
        if mention is not None:
            want = mention if isinstance(mention, tuple) else (mention,)
            self.assertTrue(any(m in line for m in want),
                            "the line names none of %r: %r" % (want, line))
        if not_mention is not None:
            self.assertNotIn(not_mention, line)
        return line

    # -- a foreign or newer database with a WAL beside it

    def test_foreign_sqlite_with_pending_wal(self):
        src = os.path.join(self.tmp, "src.db")
        db = os.path.join(self.tmp, "recipes.db")
        self.with_pending_wal(src, db, [
            "CREATE TABLE recipes (id INTEGER PRIMARY KEY, title TEXT)",
            "INSERT INTO recipes (title) VALUES ('soup')"])
        self.assertRefuses(db, mention="not a needled database")

    def test_newer_schema_with_pending_wal(self):
        src = os.path.join(self.tmp, "src.db")
        db = os.path.join(self.tmp, "newer.db")
        v = self.needled_db(src)
        self.with_pending_wal(src, db, ["PRAGMA user_version = %d" % (v + 1),
                                        "CREATE TABLE future (x)"])
        self.assertRefuses(db, mention="newer")

    def test_schema_one_newer(self):
        # the boundary: the embedded migrations plus one
        db = os.path.join(self.tmp, "next.db")
        v = self.needled_db(db, journal="delete")
        con = sqlite3.connect(db)
        con.execute("PRAGMA user_version = %d" % (v + 1))
        con.commit()
        con.close()
        self.assertRefuses(db, mention=("newer", str(v + 1)))

    # -- corrupt files

    def corrupt(self, name, damage):
        db = os.path.join(self.tmp, name)
        self.needled_db(db, journal="delete")
        con = sqlite3.connect(db)
        root, = con.execute("SELECT rootpage FROM sqlite_schema "
                            "WHERE name = 'area'").fetchone()
        psize, = con.execute("PRAGMA page_size").fetchone()
        con.close()
        with open(db, "r+b") as f:
            damage(f, (root - 1) * psize, psize)
        return db

    def test_corrupt_btree_page(self):
        # the area table's page header: quick_check reports it (in two
        # lines of its own; needled must still say one)
        db = self.corrupt("btree.db", lambda f, off, ps: (
            f.seek(off), f.write(b"\xff" * 64)))
        self.assertRefuses(db, mention="corrupt")

    def test_truncated_file(self):
        def cut(f, off, ps):
            f.seek(0, os.SEEK_END)
            f.truncate(f.tell() // 2)
        db = self.corrupt("truncated.db", cut)
        self.assertRefuses(db, mention="corrupt")

    def test_corrupt_schema_page(self):
        db = self.corrupt("schema.db", lambda f, off, ps: (
            f.seek(100), f.write(bytes(range(256)) * 12)))
        self.assertRefuses(db, mention="corrupt")

    def test_zeroed_header(self):
        db = self.corrupt("header.db", lambda f, off, ps: (
            f.seek(0), f.write(b"\0" * 100)))
        self.assertRefuses(db)

    # -- read-only files and directories

    def test_read_only_database_file(self):
        # chmod 0444 on a file its user owns, in a directory it may write
        prefix = self.unprivileged()
        sub = os.path.join(self.tmp, "ro")
        os.mkdir(sub)
        db = os.path.join(sub, "needled.db")
        self.needled_db(db)
        self.own(sub, db)
        os.chmod(db, 0o444)
        self.assertRefuses(db, prefix=prefix, mention=("read-only",
                                                       "readonly"))

    def test_immutable_database_file(self):
        db = os.path.join(self.tmp, "immutable.db")
        self.needled_db(db)
        self.immutable_or_skip(db)
        self.assertRefuses(db, mention=("read-only", "readonly"))

    def test_unwritable_directory_new_database(self):
        prefix = self.unprivileged()
        sub = os.path.join(self.tmp, "locked")
        os.mkdir(sub)
        self.own(sub)
        os.chmod(sub, 0o555)
        db = os.path.join(sub, "needled.db")
        self.assertRefuses(db, prefix=prefix, mention=db)
        self.assertEqual(os.listdir(sub), [])

    def test_immutable_directory_new_database(self):
        sub = os.path.join(self.tmp, "frozen")
        os.mkdir(sub)
        self.immutable_or_skip(sub)
        db = os.path.join(sub, "needled.db")
        self.assertRefuses(db, mention=db)
        self.assertEqual(os.listdir(sub), [])

    def test_immutable_directory_existing_database(self):
        # A needled database (WAL mode, stopped cleanly) in a directory
        # where its -wal and -shm cannot be created: it cannot be used,
        # but it is a needled database, and the line must not say it
        # is not (that would send its owner looking for another file).
        sub = os.path.join(self.tmp, "frozen")
        os.mkdir(sub)
        db = os.path.join(sub, "needled.db")
        self.needled_db(db)
        self.assertEqual(sorted(os.listdir(sub)), ["needled.db"])
        self.immutable_or_skip(sub)
        self.assertRefuses(db, mention=db,
                           not_mention="not a needled database")
        self.assertEqual(sorted(os.listdir(sub)), ["needled.db"])

    def test_missing_parent_that_cannot_be_created(self):
        sub = os.path.join(self.tmp, "frozen")
        os.mkdir(sub)
        self.immutable_or_skip(sub)
        db = os.path.join(sub, "missing", "deeper", "needled.db")
        self.assertRefuses(db, watch=[db], mention=db)
        self.assertEqual(os.listdir(sub), [])

    def test_missing_parent_unprivileged(self):
        prefix = self.unprivileged()
        sub = os.path.join(self.tmp, "locked")
        os.mkdir(sub)
        os.chmod(sub, 0o555)     # owned by root (or by us, then 0555)
        db = os.path.join(sub, "missing", "needled.db")
        self.assertRefuses(db, watch=[db], prefix=prefix, mention=db)
        self.assertEqual(os.listdir(sub), [])


def main():
    """unittest, but a skipped case makes the file SKIP (77), not PASS."""
    prog = unittest.main(exit=False, verbosity=int(
        os.environ.get("E2E_VERBOSITY", "1")))
    r = prog.result
    if not r.wasSuccessful():
        sys.exit(1)
    if r.skipped:
        for case, why in r.skipped:
            print("SKIPPED %s: %s" % (case.id(), why), file=sys.stderr)
        sys.exit(77)
    sys.exit(0)


if __name__ == "__main__":
    main()
