#!/usr/bin/env python3
"""Send exactly N requests of one kind to needled, one after another on
one keep-alive connection, and fail on any answer but the expected one.

usage: drive.py PORT KIND N

KIND: nextat (GET /next-session?at=<a new second each request>, as
next-at.lua), next (GET /next-session), health (GET /health), post
(POST /sessions, as post-sessions.lua).  Prints "<N> <seconds>".
Used by profile.sh, where exact counts matter (statements and system
calls per request); wrk measures throughput.
"""
import http.client
import sys
import time

AREAS = ["forehead", "cheeks", "chin", "jawline", "neck", "decolletage",
         "hands", "arms", "abdomen", "thighs"]
DEPTHS = ["0.25", "0.5", "0.75", "1.0"]


def main():
    port, kind, n = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    con = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    base = int(time.time()) - 86400
    pbase = int(time.time()) - 4 * 86400
    t0 = time.monotonic()
    for i in range(1, n + 1):
        body, headers, want = None, {}, 200
        if kind == "nextat":
            at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(base - i))
            method, path = "GET", "/next-session?at=" + at
        elif kind == "next":
            method, path = "GET", "/next-session"
        elif kind == "health":
            method, path = "GET", "/health"
        elif kind == "post":
            at = time.strftime("%Y-%m-%dT%H:%M:%SZ",
                               time.gmtime(pbase - i * 7919))
            body = ('{"started_at":"%s","treatments":[{"area":"%s",'
                    '"depth_mm":%s,"passes":4}]}'
                    % (at, AREAS[i % 10], DEPTHS[i % 4]))
            headers = {"Content-Type": "application/json"}
            method, path, want = "POST", "/sessions", 201
        else:
            sys.exit("drive.py: unknown kind " + kind)
        con.request(method, path, body=body, headers=headers)
        r = con.getresponse()
        r.read()
        if r.status != want:
            sys.exit("drive.py: %s %s: %d" % (method, path, r.status))
    print(n, "%.3f" % (time.monotonic() - t0))


if __name__ == "__main__":
    main()
