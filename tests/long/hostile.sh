#!/bin/sh
# tests/long/hostile.sh [seconds]
#
# The long form of tests/e2e/test_hostile.py: 1,000 idle connections
# (reopened as needled closes them), slowloris headers, dribbled bodies,
# oversized headers, pipelined garbage and smuggling attempts for SECONDS
# (default 60), while a normal client reads and writes.  Prints one line:
#
#   hostile: 60 s, 1000 idle + 60 slow/garbage connections, ... p99 ...,
#   needled peak RSS ... MB
#
# needled is $NEEDLED, else build/src/needled.  Exit 0 when the normal
# client saw no failure, its p99 stayed under a second and RSS bounded.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
secs=${1:-60}
case $secs in ''|*[!0-9]*) echo "usage: $0 [seconds]" >&2; exit 2;; esac
NEEDLED=${NEEDLED:-$top/build/src/needled}
export NEEDLED
HOSTILE_SECONDS=$secs exec python3 "$top/tests/e2e/test_hostile.py"
