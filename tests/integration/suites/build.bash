# SPDX-License-Identifier: Apache-2.0
# fipsrock build, end to end: doctor -> render -> pack on a stand-in host (real Pro and snap
# outputs) with the stand-in rockcraft writing real .rock files.

source "$TESTS_DIR/integration/host.bash"
source "$TESTS_DIR/integration/rock.bash"

probe() {
  if rock_tools_missing; then return 1; fi
  command -v python3 >/dev/null || { echo "python3 is needed"; return 1; }
}

suite_setup() {
  build_go_binary "$SUITE/controller"
  build_go_binary "$SUITE/speaker"
  make_rock metallb-controller v0.16.1 amd64 controller "$SUITE/controller" "$SUITE/metallb-controller.rock"
  make_rock metallb-speaker v0.16.1 amd64 speaker "$SUITE/speaker" "$SUITE/metallb-speaker.rock"
}

# A ready guest-attach host whose rockcraft packs with BEHAVIOUR (one line per attempt).
ready_host_and_project() {
  ready_guest_attach_host
  ln -sf "$TESTS_DIR/standins/rockcraft" "$T/bin/rockcraft"
  cp "$SUITE/metallb-controller.rock" "$SUITE/metallb-speaker.rock" "$T/answers/rockcraft/"
  answer rockcraft --version -- --text "rockcraft 1.20.0"
  printf '%s\n' "${@:-success}" >"$T/answers/rockcraft/behaviour"
  cp -r "$TESTS_DIR/../rockcraft" "$T/rockcraft"
}

build() {
  local dir=$PWD
  cd "$T"
  fipsrock build --root "$T/root" --snapd-socket "$T/no-snapd.socket" --platform amd64 --retry-delay 0.05 "$@"
  cd "$dir"
}

test_a_build_packs_verifies_and_attests_every_rock() {
  ready_host_and_project
  build --keep-going
  # the stand-in's rocks hold binaries of Debian's Go, which has no OpenSSL backend: verify
  # must say they are not FIPS rocks, and the build fails with it
  expect_exit 1
  for rock in metallb-controller metallb-speaker; do
    [ -s "$T/build/$rock/${rock}_v0.16.1_amd64.rock" ] || die "$rock was not packed"
    [ -s "$T/build/$rock/pack.json" ] || die "$rock has no pack record"
    [ -s "$T/build/$rock/verify.json" ] || die "$rock has no verify record"
    [ -s "$T/build/$rock/attestation.intoto.json" ] || die "$rock has no attestation"
  done
  expect_contains "$out" "FAIL   go.crypto-backend"
  expect_contains "$out" "ROCK                 PLATFORM DOCTOR"
  expect_contains "$out" "metallb-speaker      amd64    pass"
  python3 - "$T/build/build.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
stages = {s["stage"]: s for s in doc["stages"]}
assert stages["doctor"]["status"] == "pass", stages["doctor"]["status"]
assert stages["render"]["status"] == "pass"
assert len(stages["pack"]["records"]) == 2
assert [v["status"] for v in stages["verify"]["results"]] == ["fail", "fail"], stages["verify"]
assert [a["status"] for a in stages["attest"]["results"]] == ["pass", "pass"], stages["attest"]
assert doc["summary"][1]["verify"].startswith("fail"), doc["summary"]
assert [r["rock"] for r in doc["summary"]] == ["metallb-controller", "metallb-speaker"]
assert doc["summary"][0]["artifact"].endswith("metallb-controller_v0.16.1_amd64.rock")
PY
}

test_one_rock_one_platform_for_a_ci_job() {
  ready_host_and_project
  build --rock metallb-speaker --json
  expect_exit 1
  python3 - "$T/stdout" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
assert [r["rock"] for r in doc["summary"]] == ["metallb-speaker"], doc["summary"]
assert doc["summary"][0]["platform"] == "amd64"
PY
  [ ! -e "$T/build/metallb-controller" ] || die "built a rock that was not asked for"
}

test_dry_run_on_a_host_that_is_not_ready() {
  ready_host_and_project
  answer pro api u.pro.status.is_attached.v1 -- --fixture pro/api-is-attached.unattached.json
  build --dry-run
  expect_exit 0
  expect_contains "$out" "FAIL   host.pro.attached"
  expect_contains "$out" "would run in build/metallb-controller: rockcraft pack --pro=fips-updates --platform amd64"
  expect_contains "$out" "would run in build/metallb-speaker: rockcraft pack --pro=fips-updates --platform amd64"
  expect_not_called rockcraft pack --pro=fips-updates --platform amd64
  [ -s "$T/build/metallb-speaker/rockcraft.yaml" ] || die "the dry run did not render"
}

test_a_failed_doctor_stops_before_any_pack() {
  ready_host_and_project
  answer pro config show lxd_guest_attach -- --fixture pro/config-show-lxd_guest_attach.default-off.txt
  build
  expect_exit 1
  expect_contains "$err" "build stopped before pack"
  expect_not_called rockcraft pack --pro=fips-updates --platform amd64
}

test_a_failed_pack_stops_the_build() {
  ready_host_and_project fail-checksum
  build
  expect_exit 1
  expect_contains "$err" "[pack.go-checksum]"
  [ ! -e "$T/build/metallb-speaker/pack.json" ] || die "the build went on after a failed rock"
}

test_keep_going_packs_the_next_rock() {
  ready_host_and_project fail-checksum success
  build --keep-going --retries 0
  expect_exit 1
  [ -s "$T/build/metallb-speaker/metallb-speaker_v0.16.1_amd64.rock" ] || die "--keep-going did not go on"
}

test_build_passes_the_doctor_mode_on_to_pack() {
  ready_host_and_project
  mkdir -p "$T/snapd"
  # rockcraft from the pro-sources branch: the doctor picks pro-sources, pack runs as root
  answer snap list rockcraft -- --fixture snap/snap-list-rockcraft.edge-pro-sources.non-tty.txt
  answer pro api u.pro.status.enabled_services.v1 -- --fixture pro/api-enabled-services.attached.fips-updates-enabled.json
  answer pro status --format json --all -- --fixture pro/status-all.attached.fips-updates-enabled.reboot-required.json
  build --sudo always --dry-run
  expect_exit 0
  # fipsrock runs as root here, so sudo is not needed even when asked for
  expect_contains "$out" "build: doctor (pro-sources mode)"
}
