"""
harness.py: start the real needled on an ephemeral loopback port with a
fresh temporary database and talk HTTP to it.

Python 3 standard library only.  The binary is $NEEDLED, else
<repo>/src/needled.  Every temporary file lives under tempfile's directory,
never in the source tree (which is read-only under make distcheck).
"""

import collections
import datetime
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.parse

sys.dont_write_bytecode = True

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
LISTEN_RE = re.compile(r"listening on (\S+):(\d+)")
START_TIMEOUT = 10.0
STOP_TIMEOUT = 10.0


def binary():
    """The needled binary under test."""
    return os.environ.get("NEEDLED") or os.path.join(REPO, "src", "needled")


def daemon_env(tmpdir):
    """A clean environment: no systemd sockets, data dirs inside tmpdir."""
    env = dict(os.environ)
    for k in ("LISTEN_FDS", "LISTEN_PID", "LISTEN_FDNAMES", "NOTIFY_SOCKET",
              "WATCHDOG_USEC", "WATCHDOG_PID", "STATE_DIRECTORY",
              "CONFIGURATION_DIRECTORY", "RUNTIME_DIRECTORY"):
        env.pop(k, None)
    env["XDG_DATA_HOME"] = os.path.join(tmpdir, "xdg-data")
    env["XDG_CONFIG_HOME"] = os.path.join(tmpdir, "xdg-config")
    return env


# ---------------------------------------------------------------- time

UTC = datetime.timezone.utc


def parse_time(s):
    """RFC 3339 string -> aware datetime."""
    if s.endswith("Z") or s.endswith("z"):
        s = s[:-1] + "+00:00"
    return datetime.datetime.fromisoformat(s)


def fmt_time(dt):
    """Aware datetime -> RFC 3339 UTC with Z, seconds precision."""
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def shift(s, days=0, hours=0, seconds=0, minutes=0):
    """The RFC 3339 time s shifted by the given amount (exact seconds)."""
    return fmt_time(parse_time(s) + datetime.timedelta(
        days=days, hours=hours, minutes=minutes, seconds=seconds))


def utcnow():
    return datetime.datetime.now(UTC).replace(microsecond=0)


def ago(days=0, hours=0, minutes=0, seconds=0):
    """Now minus the given amount, as RFC 3339."""
    return fmt_time(utcnow() - datetime.timedelta(
        days=days, hours=hours, minutes=minutes, seconds=seconds))


def qs(**params):
    """Query string (with leading '?') from the non-None params."""
    p = {k: v for k, v in params.items() if v is not None}
    return ("?" + urllib.parse.urlencode(p)) if p else ""


# ---------------------------------------------------------------- HTTP

class Headers(object):
    """Case-insensitive, read-only view of response headers."""

    def __init__(self, pairs):
        self._d = {}
        for k, v in pairs:
            lk = k.lower()
            if lk in self._d:
                self._d[lk] = (self._d[lk][0], self._d[lk][1] + ", " + v)
            else:
                self._d[lk] = (k, v)

    def __getitem__(self, k):
        return self._d[k.lower()][1]

    def get(self, k, default=None):
        e = self._d.get(k.lower())
        return e[1] if e else default

    def __contains__(self, k):
        return k.lower() in self._d

    def items(self):
        return [v for v in self._d.values()]

    def __repr__(self):
        return repr(dict(self.items()))


Response = collections.namedtuple("Response", "status headers body")


class ServerError(AssertionError):
    pass


def describe(method, path, body, resp):
    b = body
    if isinstance(b, (dict, list)):
        b = json.dumps(b)
    if isinstance(b, (bytes, str)) and len(b) > 300:
        b = b[:300] + (b"..." if isinstance(b, bytes) else "...")
    rb = resp.body
    if isinstance(rb, (dict, list)):
        rb = json.dumps(rb)
    return "%s %s %s -> %d %s" % (method, path, "" if b is None else b,
                                 resp.status, rb)


# ---------------------------------------------------------------- daemon

class Needled(object):
    """One needled process with its own temporary directory."""

    def __init__(self):
        self.tmpdir = tempfile.mkdtemp(prefix="needled-e2e-")
        self.db_path = os.path.join(self.tmpdir, "needled.db")
        self.proc = None
        self.stderr_lines = []
        self.host = None
        self.port = None
        self._cond = threading.Condition()
        self._eof = False
        self._thread = None
        self._args = []
        self._config_text = None
        self._long = False
        self._counter = 0

    # -- process control

    def command(self, db_path=None, args=(), config_path=None,
                long_options=False, listen="127.0.0.1:0"):
        cmd = [binary()]
        if config_path is not None:
            cmd += ["--config" if long_options else "-c", config_path]
        cmd += ["--database" if long_options else "-d",
                db_path or self.db_path,
                "--listen" if long_options else "-l", listen]
        cmd += list(args)
        return cmd

    def start(self, db_path=None, args=(), config_text=None,
              long_options=False):
        """Start the daemon and wait for 'listening on HOST:PORT'."""
        assert self.proc is None, "already running"
        if not os.path.exists(binary()):
            raise AssertionError("needled binary not found: %s (set NEEDLED)" % binary())
        if db_path is not None:
            self.db_path = db_path
        self._args = list(args)
        self._config_text = config_text
        self._long = long_options
        cfg = None
        if config_text is not None:
            cfg = os.path.join(self.tmpdir, "needled.conf")
            with open(cfg, "w") as f:
                f.write(config_text)
        cmd = self.command(self.db_path, args, cfg, long_options)
        self.stderr_lines = []
        self._eof = False
        self.proc = subprocess.Popen(
            cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE, cwd=self.tmpdir,
            env=daemon_env(self.tmpdir))
        self._thread = threading.Thread(target=self._drain, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + START_TIMEOUT
        seen = 0
        while True:
            with self._cond:
                if seen >= len(self.stderr_lines) and not self._eof:
                    self._cond.wait(0.1)
                lines = self.stderr_lines[seen:]
                eof = self._eof
            seen += len(lines)
            for line in lines:
                m = LISTEN_RE.search(line)
                if m:
                    self.host = m.group(1).strip("[]")
                    self.port = int(m.group(2))
                    return self
            if eof or self.proc.poll() is not None:
                try:
                    rc = self.proc.wait(5)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    rc = self.proc.wait()
                self._thread.join(5)
                self.proc.stderr.close()
                self.proc = None
                raise AssertionError(
                    "needled exited (status %s) before listening; "
                    "command %s; stderr:\n%s"
                    % (rc, cmd, self.stderr()))
            if time.monotonic() > deadline:
                self.proc.kill()
                self.proc.wait()
                self._thread.join(5)
                self.proc.stderr.close()
                self.proc = None
                raise AssertionError(
                    "needled did not log 'listening on' within %.0f s; "
                    "command %s; stderr so far:\n%s"
                    % (START_TIMEOUT, cmd, self.stderr()))

    def _drain(self):
        stream = self.proc.stderr
        for raw in iter(stream.readline, b""):
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            with self._cond:
                self.stderr_lines.append(line)
                self._cond.notify_all()
        with self._cond:
            self._eof = True
            self._cond.notify_all()

    def stderr(self):
        with self._cond:
            return "\n".join(self.stderr_lines)

    def signal_stop(self, sig=signal.SIGTERM):
        """Send sig and return the exit status (None if it did not exit)."""
        assert self.proc is not None, "not running"
        self.proc.send_signal(sig)
        try:
            rc = self.proc.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            rc = None
        if self._thread:
            self._thread.join(5)
        self.proc.stderr.close()
        self.proc = None
        return rc

    def stop(self, sig=signal.SIGTERM):
        """SIGTERM; assert exit status 0 within 10 s."""
        rc = self.signal_stop(sig)
        if rc != 0:
            raise AssertionError(
                "needled did not exit 0 within %.0f s after signal %d "
                "(status %s); stderr:\n%s"
                % (STOP_TIMEOUT, sig, rc, self.stderr()))

    def kill(self):
        """SIGKILL (a crash); no assertion."""
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            if self._thread:
                self._thread.join(5)
            self.proc.stderr.close()
            self.proc = None

    def restart(self):
        """Stop (asserting a clean exit) and start again on the same db."""
        self.stop()
        return self.start(db_path=self.db_path, args=self._args,
                          config_text=self._config_text,
                          long_options=self._long)

    def cleanup(self):
        self.kill()
        shutil.rmtree(self.tmpdir, ignore_errors=True)

    # -- HTTP

    def request(self, method, path, body=None, headers=None, timeout=10):
        """(status, headers (case-insensitive), parsed JSON or raw bytes)."""
        hdrs = {}
        data = None
        if isinstance(body, (dict, list)):
            data = json.dumps(body).encode("utf-8")
            hdrs["Content-Type"] = "application/json"
        elif isinstance(body, str):
            data = body.encode("utf-8")
        elif isinstance(body, bytes):
            data = body
        for k, v in (headers or {}).items():
            for old in [h for h in hdrs if h.lower() == k.lower()]:
                del hdrs[old]
            if v is not None:
                hdrs[k] = v
        conn = http.client.HTTPConnection(self.host, self.port,
                                          timeout=timeout)
        try:
            try:
                conn.request(method, path, body=data, headers=hdrs)
            except (BrokenPipeError, ConnectionResetError):
                pass    # the server may answer before reading it all
            resp = conn.getresponse()
            raw = resp.read()
            h = Headers(resp.getheaders())
            status = resp.status
        finally:
            conn.close()
        parsed = raw
        ct = h.get("Content-Type", "")
        if raw and "json" in ct.lower():
            try:
                parsed = json.loads(raw.decode("utf-8"))
            except ValueError:
                parsed = raw
        return Response(status, h, parsed)

    def call(self, method, path, body=None, expect=200, headers=None):
        """request() and assert the status; return the parsed body."""
        r = self.request(method, path, body, headers)
        if expect is not None and r.status != expect:
            raise ServerError("expected %d: %s"
                              % (expect, describe(method, path, body, r)))
        return r.body

    def get(self, path, expect=200):
        return self.call("GET", path, expect=expect)

    # -- fixtures

    def unique(self, prefix="x"):
        self._counter += 1
        return "%s-%d" % (prefix, self._counter)

    def create_area(self, slug=None, expect=201, **fields):
        body = {"slug": slug or self.unique("area")}
        body.update(fields)
        return self.call("POST", "/areas", body, expect)

    def create_device(self, kind="roller", needle_length_mm=0.5, name=None,
                      expect=201, **fields):
        body = {"name": name or self.unique(kind), "kind": kind}
        if kind != "pen" and needle_length_mm is not None:
            body["needle_length_mm"] = needle_length_mm
        body.update(fields)
        return self.call("POST", "/devices", body, expect)

    def create_product(self, category="retinoid", name=None, expect=201,
                       **fields):
        body = {"name": name or self.unique(category), "category": category}
        body.update(fields)
        return self.call("POST", "/products", body, expect)

    def session(self, areas, depth=None, at=None, expect=201, headers=None,
                products=None, **fields):
        """POST /sessions treating each of areas (a slug or a list) at depth
        (None: no depth_mm, the device's); products: list of ids."""
        if isinstance(areas, str):
            areas = [areas]
        tr = []
        for a in areas:
            t = {"area": a}
            if depth is not None:
                t["depth_mm"] = depth
            tr.append(t)
        body = {"treatments": tr}
        if at is not None:
            body["started_at"] = at
        if products is not None:
            body["products"] = [{"product_id": p} for p in products]
        body.update(fields)
        return self.call("POST", "/sessions", body, expect, headers)

    def apply(self, product_id, areas, at=None, expect=201, headers=None,
              **fields):
        if isinstance(areas, str):
            areas = [areas]
        body = {"product_id": product_id, "areas": areas}
        if at is not None:
            body["applied_at"] = at
        body.update(fields)
        return self.call("POST", "/applications", body, expect, headers)

    def checkin(self, area, at=None, expect=201, headers=None, **fields):
        body = {"area": area}
        if at is not None:
            body["at"] = at
        body.update(fields)
        return self.call("POST", "/checkins", body, expect, headers)

    def next_session(self, at=None, area=None):
        return self.get("/next-session" + qs(area=area, at=at))

    def readiness(self, area, at=None):
        """The one areas[] element of /next-session?area=&at=."""
        ns = self.next_session(at=at, area=area)
        assert len(ns["areas"]) == 1, ns
        return ns["areas"][0]

    def area_readiness(self, area, at=None):
        return self.get("/areas/%s%s" % (area, qs(at=at)))["readiness"]

    def list_all(self, path, key, limit=None, **params):
        """Follow next until null; return every item."""
        items = []
        cursor = None
        for _ in range(10000):
            page = self.get(path + qs(limit=limit, cursor=cursor, **params))
            items.extend(page[key])
            cursor = page["next"]
            if cursor is None:
                return items
        raise AssertionError("pagination did not end")

    def count(self, path, key):
        return len(self.list_all(path, key, limit=500))


def run_once(args, timeout=10, env_dir=None):
    """Run needled with args (no -d/-l added) to completion:
    (exit status, stdout, stderr).  Fails if it does not exit in time."""
    if not os.path.exists(binary()):
        raise AssertionError("needled binary not found: %s (set NEEDLED)" % binary())
    d = env_dir or tempfile.gettempdir()
    try:
        p = subprocess.run([binary()] + list(args), stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=timeout, cwd=d, env=daemon_env(d))
    except subprocess.TimeoutExpired as e:
        raise AssertionError("needled %s did not exit within %d s; stderr: %s"
                             % (args, timeout, e.stderr))
    return (p.returncode, p.stdout.decode("utf-8", "replace"),
            p.stderr.decode("utf-8", "replace"))


def free_port_socket():
    """A listening socket on 127.0.0.1 holding an ephemeral port."""
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    s.listen(1)
    return s


# ---------------------------------------------------------------- test cases

class NeedledAsserts(object):
    """Assertions shared by the test cases (mixed into TestCase)."""

    def assertProblem(self, resp, status, field=None, fields_empty=False):
        """resp is a problem+json reply with this status (naming field)."""
        st, h, body = resp
        self.assertEqual(st, status, "expected %d, got %d: %r"
                         % (status, st, body))
        ct = h.get("Content-Type", "")
        self.assertTrue(ct.startswith("application/problem+json"),
                        "Content-Type %r for a %d" % (ct, st))
        self.assertIsInstance(body, dict, body)
        for k in ("type", "title", "status", "detail", "errors"):
            self.assertIn(k, body, "problem without %r: %r" % (k, body))
        self.assertEqual(body["status"], status)
        self.assertIsInstance(body["errors"], list)
        for e in body["errors"]:
            self.assertIn("field", e, body)
            self.assertIn("message", e, body)
        if fields_empty:
            self.assertEqual(body["errors"], [])
        if field is not None:
            # field: a name, or a tuple of acceptable names
            names = [e["field"] for e in body["errors"]]
            want = field if isinstance(field, tuple) else (field,)
            self.assertTrue(any(f in names for f in want),
                            "problem does not name %r: %r" % (field, body))
        return body

    def assertWarnings(self, body, codes):
        """The reply's warnings have exactly these codes (any order)."""
        self.assertIn("warnings", body, body)
        got = sorted(w["code"] for w in body["warnings"])
        self.assertEqual(got, sorted(codes), body["warnings"])
        for w in body["warnings"]:
            self.assertIn(w["severity"], ("info", "warning", "danger"), w)
            self.assertIsInstance(w.get("message"), str, w)
            self.assertTrue(w["message"], w)

    def warning(self, body, code, area=None):
        ws = [w for w in body["warnings"] if w["code"] == code
              and (area is None or w.get("area") == area)]
        self.assertEqual(len(ws), 1, "want one %s (%s) in %r"
                         % (code, area, body["warnings"]))
        return ws[0]

    def assertAllow(self, resp, methods, not_methods=()):
        allow = resp.headers.get("Allow")
        self.assertIsNotNone(allow, "no Allow header: %r" % (resp,))
        got = {m.strip().upper() for m in allow.split(",") if m.strip()}
        for m in methods:
            self.assertIn(m, got, "Allow %r lacks %s" % (allow, m))
        for m in not_methods:
            self.assertNotIn(m, got, "Allow %r has %s" % (allow, m))


class DaemonTestCase(unittest.TestCase, NeedledAsserts):
    """One daemon shared by every test of the class (setUpClass)."""

    daemon_args = ()
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        cls.d = Needled()
        try:
            cls.d.start(args=cls.daemon_args)
        except BaseException:
            cls.d.cleanup()
            raise

    @classmethod
    def tearDownClass(cls):
        try:
            cls.d.stop()
        finally:
            cls.d.cleanup()


class FreshDaemonTestCase(unittest.TestCase, NeedledAsserts):
    """A fresh daemon on a fresh database for every test."""

    daemon_args = ()
    maxDiff = None

    def setUp(self):
        self.d = Needled()
        self.addCleanup(self.d.cleanup)
        self.d.start(args=self.daemon_args)
        self.addCleanup(self._stop)

    def _stop(self):
        if self.d.proc is not None:
            self.d.stop()


def main():
    unittest.main(verbosity=int(os.environ.get("E2E_VERBOSITY", "1")))
