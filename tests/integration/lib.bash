# SPDX-License-Identifier: Apache-2.0
# Helpers of the integration suites. A test works in $T: $T/bin holds the stand-ins (first on
# PATH), $T/answers their prepared answers, $T/root the host tree passed as --root.

die() { echo "$*" >&2; return 1; }

# standins TOOL...: put these stand-ins first on PATH (a tool not listed is absent).
standins() {
  mkdir -p "$T/bin" "$T/answers"
  local tool
  for tool in "$@"; do
    ln -sf "$TESTS_DIR/standins/standin" "$T/bin/$tool"
  done
}

# answer TOOL ARGS... -- [--fixture REL | --text TEXT] [--err TEXT] [--rc N] [--sleep S]
answer() {
  local tool=$1
  shift
  local args=()
  while [ $# -gt 0 ] && [ "$1" != -- ]; do
    args+=("$1")
    shift
  done
  shift
  local key
  key=$(IFS=_; echo "${args[*]}")
  [ -n "$key" ] || key=_
  local base="$T/answers/$tool/$key"
  mkdir -p "$T/answers/$tool"
  : >"$base.out"
  while [ $# -gt 0 ]; do
    case $1 in
    --fixture) cp "$FIXTURES/$2" "$base.out" ;;
    --text) printf '%s\n' "$2" >"$base.out" ;;
    --err) printf '%s\n' "$2" >"$base.err" ;;
    --rc) echo "$2" >"$base.rc" ;;
    --sleep) echo "$2" >"$base.sleep" ;;
    *) die "answer: unknown option $1" ;;
    esac
    shift 2
  done
}

# host_file REL TEXT: write a file of the --root tree.
host_file() {
  mkdir -p "$(dirname "$T/root/$1")"
  printf '%s' "$2" >"$T/root/$1"
}

# fipsrock ARGS...: run the binary with the stand-ins first on PATH. Sets $out, $err, $rc.
fipsrock() {
  set +e
  out=$(env PATH="$T/bin:/usr/bin:/bin" STANDIN_DIR="$T/answers" STANDIN_LOG="$T/standin.log" \
    "$FIPSROCK_BIN" "$@" 2>"$T/stderr")
  rc=$?
  set -e
  err=$(cat "$T/stderr")
  printf '%s\n' "$out" >"$T/stdout"
}

expect_exit() {
  [ "$rc" -eq "$1" ] || die "expected exit $1, got $rc
--- stdout
$out
--- stderr
$err"
}

# expect_finding ID STATUS [SUBSTRING]: some finding with ID has STATUS (and its message or
# remediation contains SUBSTRING).
expect_finding() {
  python3 - "$T/stdout" "$@" <<'PY' || die "$(cat "$T/stdout")"
import json, sys
path, fid, status = sys.argv[1:4]
needle = sys.argv[4] if len(sys.argv) > 4 else ""
doc = json.load(open(path))
hits = [f for f in doc["findings"] if f["id"] == fid]
ok = [f for f in hits if f["status"] == status and
      (needle in f["message"] or needle in f["remediation"])]
if not ok:
    sys.exit(f"no finding {fid} with status {status} containing {needle!r}; got: "
             + json.dumps(hits, indent=1))
PY
}

# expect_no_status STATUS: no finding at all has STATUS.
expect_no_status() {
  python3 - "$T/stdout" "$1" <<'PY' || die "$(cat "$T/stdout")"
import json, sys
doc = json.load(open(sys.argv[1]))
bad = [f for f in doc["findings"] if f["status"] == sys.argv[2]]
if bad:
    sys.exit("unexpected findings: " + json.dumps(bad, indent=1))
PY
}

# expect_json KEY VALUE: top-level KEY of the JSON on stdout equals VALUE.
expect_json() {
  python3 - "$T/stdout" "$1" "$2" <<'PY' || die "$(cat "$T/stdout")"
import json, sys
doc = json.load(open(sys.argv[1]))
if str(doc.get(sys.argv[2])) != sys.argv[3]:
    sys.exit(f"{sys.argv[2]} is {doc.get(sys.argv[2])!r}, expected {sys.argv[3]!r}")
PY
}

expect_contains() {
  case "$1" in
  *"$2"*) ;;
  *) die "expected to find: $2
in: $1" ;;
  esac
}

# expect_called TOOL ARGS: the stand-in log has this exact call.
expect_called() {
  grep -qxF "$*" "$T/standin.log" || die "not called: $*
calls: $(cat "$T/standin.log" 2>/dev/null)"
}

expect_not_called() {
  ! grep -qxF "$*" "$T/standin.log" 2>/dev/null || die "unexpectedly called: $*"
}

# expect_gone PID WHAT: the process ends within 3 s (a killed orphan stays a zombie until init
# reaps it, and kill -0 still finds a zombie).
expect_gone() {
  local i
  for i in $(seq 30); do
    kill -0 "$1" 2>/dev/null || return 0
    [ "$(ps -o stat= -p "$1" 2>/dev/null | cut -c1)" = Z ] && return 0
    sleep 0.1
  done
  die "$2 ($1) survived"
}
