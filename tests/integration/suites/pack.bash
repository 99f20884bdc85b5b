# SPDX-License-Identifier: Apache-2.0
# fipsrock pack, end to end: the built binary drives a stand-in rockcraft (first on PATH) that
# prints rockcraft's progress and writes a real .rock (a Go binary built here, in an OCI image
# made with umoci and archived with skopeo), or fails the way the real one does.

source "$TESTS_DIR/integration/rock.bash"

probe() {
  if rock_tools_missing; then return 1; fi
  command -v python3 >/dev/null || { echo "python3 is needed"; return 1; }
}

suite_setup() {
  build_go_binary "$SUITE/controller"
  make_rock metallb-controller v0.16.1 amd64 controller "$SUITE/controller" "$SUITE/artifact.rock"
}

PLATFORM=amd64

# A rendered project in $T/build and the stand-in rockcraft with BEHAVIOUR (one line per attempt).
rendered() {
  standins rockcraft
  ln -sf "$TESTS_DIR/standins/rockcraft" "$T/bin/rockcraft"
  cp "$SUITE/artifact.rock" "$T/answers/rockcraft/artifact.rock" 2>/dev/null || {
    mkdir -p "$T/answers/rockcraft"
    cp "$SUITE/artifact.rock" "$T/answers/rockcraft/artifact.rock"
  }
  answer rockcraft --version -- --text "rockcraft 1.20.0"
  printf '%s\n' "$@" >"$T/answers/rockcraft/behaviour"
  cp -r "$TESTS_DIR/../rockcraft" "$T/rockcraft"
  (cd "$T" && "$FIPSROCK_BIN" render --out build metallb-controller >/dev/null)
}

pack() {
  local dir=$PWD
  cd "$T"
  fipsrock pack --platform "$PLATFORM" --retry-delay 0.05 "$@"
  cd "$dir"
}

record() {
  python3 -c "import json,sys; d=json.load(open('$T/build/metallb-controller/pack.json')); print($1)"
}

test_success_records_the_artifact() {
  rendered success
  pack metallb-controller
  expect_exit 0
  local rock="$T/build/metallb-controller/metallb-controller_v0.16.1_amd64.rock"
  [ -s "$rock" ] || die "no artifact"
  [ "$(record 'd["status"]')" = pass ] || die "status"
  [ "$(record 'd["artifact"]["sha256"]')" = "$(sha256sum "$rock" | cut -d' ' -f1)" ] || die "sha256"
  [ "$(record 'd["artifact"]["size"]')" = "$(stat -c %s "$rock")" ] || die "size"
  [ "$(record '" ".join(d["argv"])')" = "rockcraft pack --pro=fips-updates --platform amd64" ] || die "argv: $(record 'd["argv"]')"
  [ "$(record 'd["rockcraft"]["version"]')" = 1.20.0 ] || die "rockcraft version"
  grep -q "Packed metallb-controller_v0.16.1_amd64.rock" "$T/build/metallb-controller/pack.log" || die "no log"
  expect_contains "$out" "packed build/metallb-controller/metallb-controller_v0.16.1_amd64.rock"
  # not a terminal: prefixed lines
  expect_contains "$err" "metallb-controller/amd64 | Building controller"
  expect_called rockcraft pack --pro=fips-updates --platform amd64
}

test_json_report() {
  rendered success
  pack --json
  expect_exit 0
  python3 - "$T/stdout" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["command"] == "pack" and doc["status"] == "pass", doc
assert doc["packs"][0]["artifact"]["path"].endswith("metallb-controller_v0.16.1_amd64.rock")
PY
}

test_secrets_in_the_environment_are_redacted() {
  rendered success
  export UBUNTU_PRO_TOKEN=hunter2-very-secret
  pack
  unset UBUNTU_PRO_TOKEN
  expect_exit 0
  [ "$(record 'd["environment"]["UBUNTU_PRO_TOKEN"]')" = "***" ] || die "token not redacted"
  ! grep -q hunter2 "$T/build/metallb-controller/pack.json" || die "the secret is in the record"
  [ "$(record 'd["environment"]["STANDIN_DIR"]')" = "$T/answers" ] || die "plain values are kept"
}

# failure CLASS ID REMEDIATION: one classified failure, not retried when permanent.
failure() {
  rendered "fail-$1"
  pack
  expect_exit 1
  expect_contains "$err" "[$2]"
  expect_contains "$err" "fipsrock: hint: $3"
  [ "$(record 'd["status"]')" = fail ] || die "status"
  [ "$(record 'd["failure"]["id"]')" = "$2" ] || die "failure id"
  [ "$(record 'd["artifact"]')" = None ] || die "a failed pack names an artifact"
}

test_failure_pro_detached() {
  failure detached pack.pro-detached "sudo pro attach <token>"
  [ "$(record 'len(d["attempts"])')" = 1 ] || die "a permanent failure was retried"
}
test_failure_incorrect_services() { failure services pack.pro-services "rockcraft clean"; }
test_failure_guest_attach() { failure guest-attach pack.guest-attach "sudo pro config set lxd_guest_attach=available"; }
test_failure_lxd() { failure lxd pack.lxd "sudo snap install lxd"; }
test_failure_go_checksum() { failure checksum pack.go-checksum "check go.msgo in rockcraft/pins.yaml"; }
test_failure_apt_downgrade() { failure downgrade pack.apt-downgrade "sudo snap refresh rockcraft"; }
test_failure_disk_full() { failure disk pack.disk-full "free space"; }
test_failure_unknown() {
  failure unknown pack.failed "read the log"
  expect_contains "$err" "Something nobody has seen before went wrong."
}

test_transient_failure_is_retried() {
  rendered fail-network success
  pack
  expect_exit 0
  [ "$(record 'len(d["attempts"])')" = 2 ] || die "attempts"
  [ "$(record 'd["attempts"][0]["failure"]["id"]')" = pack.network ] || die "first attempt"
  expect_contains "$err" "pack.network"
}

test_transient_failure_gives_up_after_the_retries() {
  rendered fail-network
  pack --retries 1
  expect_exit 1
  [ "$(record 'len(d["attempts"])')" = 2 ] || die "attempts: $(record 'len(d["attempts"])')"
  [ "$(record 'd["failure"]["id"]')" = pack.network ] || die "failure"
}

test_missing_artifact() {
  rendered no-artifact
  pack
  expect_exit 1
  expect_contains "$err" "[pack.artifact-missing]"
}

test_unexpected_artifact() {
  rendered wrong-artifact
  pack
  expect_exit 1
  expect_contains "$err" "[pack.artifact-unexpected]"
}

test_timeout_kills_rockcraft_and_its_children() {
  rendered hang
  local start=$SECONDS
  pack --pack-timeout 2
  expect_exit 1
  [ $((SECONDS - start)) -lt 15 ] || die "the timeout did not stop the pack"
  expect_contains "$err" "[pack.timeout]"
  local child
  child=$(cat "$T/answers/rockcraft/hang.child")
  expect_gone "$child" "rockcraft's child"
}

# interrupt SIGNAL: the signal reaches fipsrock during a pack.
interrupt() {
  rendered hang
  (cd "$T" && exec env PATH="$T/bin:/usr/bin:/bin" STANDIN_DIR="$T/answers" STANDIN_LOG="$T/standin.log" \
    "$FIPSROCK_BIN" pack --platform amd64 >"$T/stdout" 2>"$T/stderr") &
  local pid=$!
  for _ in $(seq 100); do [ -s "$T/answers/rockcraft/hang.child" ] && break; sleep 0.1; done
  [ -s "$T/answers/rockcraft/hang.child" ] || die "the stand-in never started"
  kill "-$1" "$pid"
  set +e
  wait "$pid"
  rc=$?
  set -e
  err=$(cat "$T/stderr")
  expect_exit 130
  local child stand_in
  child=$(cat "$T/answers/rockcraft/hang.child")
  stand_in=$(cat "$T/answers/rockcraft/hang.pid")
  expect_gone "$stand_in" "rockcraft"
  expect_gone "$child" "rockcraft's child"
  [ ! -e "$T/build/metallb-controller/pack.json" ] || die "an interrupted pack left a record"
  expect_contains "$err" "interrupted"
}

test_sigint_stops_rockcraft_and_records_nothing() { interrupt INT; }
test_sigterm_stops_rockcraft_and_records_nothing() { interrupt TERM; }

test_huge_output_does_not_hurt() {
  rendered huge
  pack --quiet
  expect_exit 0
  [ "$(stat -c %s "$T/build/metallb-controller/pack.log")" -gt 100000000 ] || die "the log lost output"
}

test_a_stale_record_is_removed() {
  rendered success fail-detached
  pack
  expect_exit 0
  pack
  expect_exit 1
  [ "$(record 'd["status"]')" = fail ] || die "the old success record survived"
}

test_not_rendered() {
  standins rockcraft
  pack metallb-controller
  expect_exit 2
  expect_contains "$err" "run \`fipsrock render metallb-controller --out build\` first"
}

test_platform_not_in_the_project() {
  rendered success
  PLATFORM=s390x pack
  expect_exit 2
  expect_contains "$err" "metallb-controller is not built for s390x"
}
