# SPDX-License-Identifier: Apache-2.0
# fipsrock doctor, end to end: the built binary against stand-in host tools (real Pro and
# snap outputs from shared/fixtures) and a --root host tree.

source "$TESTS_DIR/integration/host.bash"

probe() {
  command -v python3 >/dev/null || { echo "python3 is needed to read the JSON reports"; return 1; }
}

doctor() {
  fipsrock doctor --json --root "$T/root" --snapd-socket "$T/no-snapd.socket" "$@"
}

test_ready_guest_attach_host() {
  ready_guest_attach_host
  doctor
  expect_exit 0
  expect_json mode guest-attach
  expect_json status pass
  expect_no_status fail
  expect_no_status error
  for id in host.os host.pro.client host.pro.api host.pro.attached host.pro.fips-updates \
    host.pro.guest-attach host.rockcraft host.lxd host.fips-kernel; do
    expect_finding "$id" pass
  done
  expect_finding host.rockcraft pass "rockcraft 1.20.0"
  expect_finding host.privileges info
  expect_called pro api u.pro.status.is_attached.v1
  expect_called pro status --format json --all
}

test_human_output_is_grouped_with_a_verdict() {
  ready_guest_attach_host
  answer pro config show lxd_guest_attach -- --fixture pro/config-show-lxd_guest_attach.default-off.txt
  fipsrock doctor --root "$T/root" --snapd-socket "$T/no-snapd.socket"
  expect_exit 1
  expect_contains "$out" "pro
  pass   host.pro.client"
  expect_contains "$out" "fix: sudo pro config set lxd_guest_attach=available && sudo snap restart lxd"
  expect_contains "$out" "doctor: this host is NOT ready to build FIPS rocks (guest-attach mode)"
  case "$out" in *$'\033'*) die "colour codes without a terminal" ;; esac
}

test_ready_pro_sources_host_through_snapd_socket() {
  ready_guest_attach_host
  mkdir -p "$T/snapd"
  cp "$FIXTURES/snap/v2-snaps-rockcraft.edge-pro-sources.json" "$T/snapd/rockcraft.json"
  cp "$FIXTURES/snap/v2-snaps-lxd.select-enabled.5.21-stable.json" "$T/snapd/lxd.json"
  python3 "$TESTS_DIR/standins/snapd.py" "$T/snapd.socket" "$T/snapd" --chunked &
  local server=$!
  for _ in $(seq 50); do [ -S "$T/snapd.socket" ] && break; sleep 0.1; done
  answer pro api u.pro.status.enabled_services.v1 -- --fixture pro/api-enabled-services.attached.fips-updates-enabled.json
  answer pro status --format json --all -- --fixture pro/status-all.attached.fips-updates-enabled.reboot-required.json
  fipsrock doctor --json --root "$T/root" --snapd-socket "$T/snapd.socket"
  kill "$server"
  expect_exit 0
  expect_json mode pro-sources
  expect_finding host.rockcraft pass "tracking latest/edge/pro-sources"
  expect_finding host.pro.fips-updates pass "Reboot to FIPS kernel required"
  expect_finding host.privileges pass "running as root"
  expect_finding host.pro.guest-attach info
  expect_not_called snap list rockcraft
}

test_pro_sources_mode_needs_fips_updates_enabled() {
  ready_guest_attach_host
  doctor --mode pro-sources
  expect_exit 1
  expect_finding host.pro.fips-updates fail "sudo pro enable fips-updates"
  expect_finding host.rockcraft fail "sudo snap refresh rockcraft --channel latest/edge/pro-sources"
}

test_not_attached() {
  ready_guest_attach_host
  answer pro api u.pro.status.is_attached.v1 -- --fixture pro/api-is-attached.unattached.json
  answer pro api u.pro.status.enabled_services.v1 -- --fixture pro/api-enabled-services.unattached.json
  doctor
  expect_exit 1
  expect_finding host.pro.attached fail "sudo pro attach <token>"
  expect_finding host.pro.fips-updates info "not attached"
  # a detached `pro status` would ask the contract server: it must not be run
  expect_not_called pro status --format json --all
}

test_contract_expired_is_a_warning() {
  ready_guest_attach_host
  answer pro api u.pro.status.is_attached.v1 -- --fixture pro/api-is-attached.attached.contract-expired.json
  doctor
  expect_exit 0
  expect_finding host.pro.attached warn "expired"
}

test_not_entitled() {
  ready_guest_attach_host
  answer pro status --format json --all -- --fixture pro/status-all.attached.fips-not-entitled.json
  doctor
  expect_exit 1
  expect_finding host.pro.fips-updates fail "does not entitle"
}

test_guest_attach_off() {
  ready_guest_attach_host
  answer pro config show lxd_guest_attach -- --fixture pro/config-show-lxd_guest_attach.default-off.txt
  doctor
  expect_exit 1
  expect_finding host.pro.guest-attach fail "sudo pro config set lxd_guest_attach=available && sudo snap restart lxd"
}

test_lxd_too_old() {
  ready_guest_attach_host
  answer lxd version -- --text "5.0.3"
  doctor
  expect_exit 1
  expect_finding host.lxd fail "sudo snap refresh lxd --channel 5.21/stable"
}

test_lxd_not_initialised() {
  ready_guest_attach_host
  answer lxc profile show default -- --text "$PROFILE_EMPTY"
  doctor
  expect_exit 1
  expect_finding host.lxd fail "sudo lxd init --auto"
}

test_rockcraft_too_old_and_not_on_pro_sources() {
  ready_guest_attach_host
  answer snap list rockcraft -- --text 'Name       Version  Rev   Tracking       Publisher    Notes
rockcraft  1.17.0   3300  latest/stable  canonical**  classic'
  answer rockcraft pack --help -- --text "Usage:
    rockcraft pack [options]"
  doctor
  expect_exit 1
  expect_json mode guest-attach
  expect_finding host.rockcraft fail "Pro builds need rockcraft >= 1.18"
  expect_finding host.rockcraft fail "does not list --pro"
}

test_rockcraft_not_installed() {
  ready_guest_attach_host
  rm "$T/bin/rockcraft"
  answer snap list rockcraft -- --fixture snap/snap-list-rockcraft.not-installed.stderr.txt --rc 1
  mv "$T/answers/snap/list_rockcraft.out" "$T/answers/snap/list_rockcraft.err"
  doctor
  expect_exit 1
  expect_finding host.rockcraft fail "sudo snap install rockcraft --classic"
}

test_fips_kernel() {
  ready_guest_attach_host
  host_file proc/sys/crypto/fips_enabled "1
"
  host_file proc/sys/kernel/osrelease "5.15.0-1051-fips"
  answer pro status --format json --all -- --fixture pro/status-all.attached.fips-updates-enabled.fips-kernel.json
  doctor
  expect_exit 0
  expect_finding host.fips-kernel warn "canonical/rockcraft#901"
}

test_broken_pro_prints_garbage() {
  ready_guest_attach_host
  answer pro api u.pro.status.enabled_services.v1 -- --text "Traceback (most recent call last):" --rc 1
  answer pro api u.pro.status.is_attached.v1 -- --text "not json at all"
  doctor
  expect_exit 1
  expect_finding host.pro.api fail "every rockcraft run would fail"
  expect_finding host.pro.attached error "cannot read"
}

test_pro_api_error_envelope() {
  ready_guest_attach_host
  answer pro api u.pro.status.enabled_services.v1 -- --fixture pro/api-error.invalid-endpoint.exit1.json --rc 1
  doctor
  expect_exit 1
  expect_finding host.pro.api fail "api-invalid-endpoint"
}

test_pro_hangs_and_times_out() {
  ready_guest_attach_host
  answer pro api u.pro.status.enabled_services.v1 -- --text "{}" --sleep 30
  local start=$SECONDS
  doctor --timeout 1
  [ $((SECONDS - start)) -lt 10 ] || die "the doctor waited for a hanging pro"
  expect_exit 1
  expect_finding host.pro.api fail "did not finish in time"
}

test_pro_missing() {
  ready_guest_attach_host
  rm "$T/bin/pro"
  doctor
  expect_exit 1
  expect_finding host.pro.client fail "sudo apt-get install ubuntu-pro-client"
  expect_finding host.pro.attached info
}

test_unknown_pro_schema_version_cannot_be_decided() {
  ready_guest_attach_host
  sed 's/"_schema_version": "0.1"/"_schema_version": "0.2"/' \
    "$FIXTURES/pro/status-all.attached.fips-updates-disabled.json" >"$T/status.json"
  answer pro status --format json --all -- --text "$(cat "$T/status.json")"
  doctor
  expect_exit 2
  expect_finding host.pro.fips-updates error "schema version '0.2'"
}

test_debian_host() {
  ready_guest_attach_host
  host_file etc/os-release "$(cat "$FIXTURES/os-release/debian-12-bookworm.os-release")"
  doctor
  expect_exit 1
  expect_finding host.os fail "Ubuntu Pro builds need an Ubuntu host"
}

test_ubuntu_24_04_is_a_warning() {
  ready_guest_attach_host
  host_file etc/os-release "$(cat "$FIXTURES/os-release/ubuntu-24.04.3-noble.os-release")"
  doctor
  expect_exit 0
  expect_finding host.os warn "ubuntu 24.04"
}

test_truncated_os_release_cannot_be_decided() {
  ready_guest_attach_host
  host_file etc/os-release 'NAME="Ubuntu"
VERSION_ID="22.'
  doctor
  expect_exit 2
  expect_finding host.os error "line 2"
}

test_destructive_mode_needs_host_enablement_and_no_lxd() {
  ready_guest_attach_host
  answer pro api u.pro.status.enabled_services.v1 -- --fixture pro/api-enabled-services.attached.fips-updates-enabled.json
  answer pro status --format json --all -- --fixture pro/status-all.attached.fips-updates-enabled.reboot-required.json
  rm "$T/bin/lxd" "$T/bin/lxc"
  doctor --mode destructive
  expect_exit 0
  expect_json mode destructive
  expect_finding host.lxd info "not used in destructive mode"
  expect_finding host.pro.fips-updates pass
}

test_bad_mode_is_a_usage_error() {
  ready_guest_attach_host
  fipsrock doctor --mode sideways
  expect_exit 2
  expect_contains "$err" "--mode"
}

test_build_renders_but_stops_before_pack_after_a_failed_doctor() {
  ready_guest_attach_host
  cp -r "$TESTS_DIR/../rockcraft" "$T/rockcraft"
  answer pro api u.pro.status.is_attached.v1 -- --fixture pro/api-is-attached.unattached.json
  fipsrock build --json --root "$T/root" --snapd-socket "$T/no-snapd.socket" --out "$T/build"
  expect_exit 1
  python3 - "$T/stdout" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
stages = {s["stage"]: s["status"] for s in doc["stages"]}
assert doc["status"] == "fail", doc["status"]
assert stages["doctor"] == "fail", stages
assert stages["render"] == "pass", stages
assert stages["pack"] == "not-run", stages
PY
  [ -s "$T/build/metallb-speaker/rockcraft.yaml" ] || die "build did not render"
}
