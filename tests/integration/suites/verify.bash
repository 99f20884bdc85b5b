# SPDX-License-Identifier: Apache-2.0
# fipsrock verify, end to end, on rocks made by real producers: Go binaries built here by the
# installed `go`, OCI images assembled by `umoci` in rockcraft's layer shape (payload, Pebble
# layer, .rock/metadata.yaml) and archived by `skopeo copy ... oci-archive:` exactly as
# rockcraft does. Malicious archives nobody's tools would write come from
# tests/verify/craft_rock.py (python3 tarfile).

probe() {
  local tool
  for tool in umoci skopeo go gcc python3; do
    command -v "$tool" >/dev/null || { echo "$tool is needed (apt-get install umoci skopeo golang-go gcc python3)"; return 1; }
  done
  [ -f "/usr/lib/$(triplet)/libcrypto.so.3" ] || { echo "the host's libcrypto.so.3 is needed (libssl3)"; return 1; }
}

triplet() { gcc -dumpmachine | sed 's/-pc-/-/; s/-unknown-/-/'; }
goarch() { go env GOARCH; }

# Shared by the tests of one run (the harness removes the folder when all pass).
cache() { echo "$(dirname "$T")/.verify-cache"; }

# go_program NAME: the path of a Go test program, built once per run. Variants:
#   controller (cgo), controller-boring (cgo + GOEXPERIMENT=boringcrypto), controller-static
#   (CGO_ENABLED=0), pebble-fips / pebble (version v1.18.0-fips / v1.18.0, stamped by -X).
go_program() {
  local name=$1 dir
  dir=$(cache)/go
  if [ ! -x "$dir/bin/$name" ]; then
    mkdir -p "$dir/src" "$dir/bin"
    printf 'module example.com/fipstest\n\ngo 1.18\n' >"$dir/src/go.mod"
    cat >"$dir/src/main.go" <<'GO'
package main

import (
	"crypto/sha256"
	"fmt"
	"net"
)

var version = "dev"

func main() {
	fmt.Println("version", version, sha256.Sum256([]byte(version)), net.IPv4len, cgoValue())
}
GO
    printf '//go:build cgo\n\npackage main\n\n// int fipstest_value(void) { return 42; }\nimport "C"\n\nfunc cgoValue() int { return int(C.fipstest_value()) }\n' >"$dir/src/cgo.go"
    printf '//go:build !cgo\n\npackage main\n\nfunc cgoValue() int { return 0 }\n' >"$dir/src/nocgo.go"
    local env=(env HOME="$dir" GOCACHE="$dir/cache" GOPATH="$dir/gopath" GOFLAGS=-mod=mod
      GOTOOLCHAIN=local GOPROXY=off CGO_ENABLED=1)
    local args=()
    case $name in
    controller) ;;
    controller-boring) env+=(GOEXPERIMENT=boringcrypto) ;;
    controller-static) env+=(CGO_ENABLED=0) ;;
    pebble-fips) args=(-ldflags "-X main.version=v1.18.0-fips") ;;
    pebble) args=(-ldflags "-X main.version=v1.18.0") ;;
    controller-pie) env+=(GOEXPERIMENT=boringcrypto)
      args=(-buildmode=pie -ldflags '-X "main.version=v1 2"') ;;
    *) die "go_program: unknown program $name" ;;
    esac
    (cd "$dir/src" && "${env[@]}" go build -o "$dir/bin/$name" "${args[@]}" .) >&2 ||
      die "go build of $name failed"
  fi
  echo "$dir/bin/$name"
}

# fips_payload DIR [CONTROLLER]: the primed files of a MetalLB-like FIPS rock. The Ubuntu FIPS
# provider cannot be downloaded without Ubuntu Pro, so fips.so is the host's OpenSSL legacy
# provider with the FIPS module's name and version strings appended; libcrypto.so.3 is the
# host's (its MODULESDIR decides where fips.so must be).
fips_payload() {
  local dir=$1 controller=${2:-controller-boring} t
  t=$(triplet)
  mkdir -p "$dir/usr/bin" "$dir/usr/lib/$t/ossl-modules"
  cp "$(go_program "$controller")" "$dir/controller"
  cp "$(go_program pebble-fips)" "$dir/usr/bin/pebble"
  ln -s usr/bin "$dir/bin"
  ln -s usr/lib "$dir/lib"
  cp "/usr/lib/$t/libcrypto.so.3" "$dir/usr/lib/$t/libcrypto.so.3.0.99"
  ln -s libcrypto.so.3.0.99 "$dir/usr/lib/$t/libcrypto.so.3"
  local modules
  modules=$(strings_in "/usr/lib/$t/libcrypto.so.3" | { grep -E '^/.*ossl-modules(-3)?$' || true; } |
    sed -n 1p)
  [ -n "$modules" ] || modules="/usr/lib/$t/ossl-modules"
  mkdir -p "$dir$modules"
  { cat "/usr/lib/$t/ossl-modules/legacy.so" 2>/dev/null || printf '\177ELF'
    printf '\0Ubuntu 22.04 OpenSSL Cryptographic Module\0003.0.5-0ubuntu0.1+Fips2.1\0'; } \
    >"$dir$modules/fips.so"
}

# strings_in FILE: printable runs of FILE, one a line (binutils' strings may be missing).
strings_in() {
  python3 - "$1" <<'PY'
import re, sys
for run in re.findall(rb"[\x20-\x7e]{6,}", open(sys.argv[1], "rb").read()):
    print(run.decode())
PY
}

# layer_tar DIR OUT: a layer tar of DIR's content, names without "./", as rockcraft's are.
layer_tar() {
  (cd "$1" && tar --sort=name --owner=0 --group=0 --numeric-owner -cf "$2" $(ls -A))
}

# build_rock NAME VERSION PLATFORM PAYLOAD [--zstd] [--layer DIR]... [--env K=V]...
# Writes $T/NAME_VERSION_PLATFORM.rock in rockcraft's shape (umoci + skopeo) and prints its path.
build_rock() {
  local name=$1 version=$2 platform=$3 payload=$4
  shift 4
  local img="$T/oci-$name-$version-$platform" zstd=0 extra=() envs=()
  while [ $# -gt 0 ]; do
    case $1 in
    --zstd) zstd=1; shift ;;
    --layer) extra+=("$2"); shift 2 ;;
    --env) envs+=("--config.env=$2"); shift 2 ;;
    *) die "build_rock: unknown option $1" ;;
    esac
  done
  local tag="$img:$version"
  rm -rf "$img"
  umoci init --layout "$img" >&2
  umoci new --image "$tag" >&2
  umoci config --image "$tag" --architecture "$(goarch)" --os linux >&2
  layer_tar "$payload" "$T/payload.tar"
  umoci raw add-layer --image "$tag" --history.comment "Add primed payload" "$T/payload.tar" >&2
  local i=0 dir
  for dir in "${extra[@]}"; do
    i=$((i + 1))
    layer_tar "$dir" "$T/extra-$i.tar"
    umoci raw add-layer --image "$tag" "$T/extra-$i.tar" >&2
  done
  mkdir -p "$T/pebble-layer/var/lib/pebble/default/layers" "$T/meta-layer/.rock"
  cat >"$T/pebble-layer/var/lib/pebble/default/layers/001-rockcraft-$name.yaml" <<EOF
summary: Rockcraft-generated layer
description: the services of $name
services:
  controller:
    override: replace
    command: /controller [ -h ]
    startup: enabled
EOF
  cat >"$T/meta-layer/.rock/metadata.yaml" <<EOF
architecture: $(goarch)
base: bare
created: '2026-01-01T00:00:00.000000+00:00'
name: $name
summary: a test rock
title: $name
version: $version
EOF
  layer_tar "$T/pebble-layer" "$T/pebble.tar"
  umoci raw add-layer --image "$tag" --history.comment "Add Pebble layer file" "$T/pebble.tar" >&2
  layer_tar "$T/meta-layer" "$T/meta.tar"
  umoci raw add-layer --image "$tag" --history.comment "Add rock control metadata" "$T/meta.tar" >&2
  umoci config --image "$tag" --config.entrypoint /bin/pebble --config.entrypoint enter \
    --config.entrypoint=--args --config.entrypoint controller --config.cmd=-h \
    --config.label "org.opencontainers.image.version=$version" \
    --config.env "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    "${envs[@]}" >&2
  local rock="$T/${name}_${version}_${platform}.rock"
  local compress=()
  [ "$zstd" = 1 ] && compress=(--dest-compress-format zstd)
  skopeo --insecure-policy copy "${compress[@]}" "oci:$tag" "oci-archive:$rock:$version" >&2
  echo "$rock"
}

# A policy that lets GOEXPERIMENT=boringcrypto stand in for Microsoft Go's systemcrypto, which
# cannot be installed here: the crypto-backend rule's positive path on a real binary.
boring_policy() {
  cat >"$T/policy.yaml" <<'EOF'
go:
  accept-boringcrypto: true
EOF
  echo "$T/policy.yaml"
}

# craft OUT <<PY: runs the Python on stdin with craft_rock imported and OUT as sys.argv[1].
craft() {
  python3 - "$1" "$TESTS_DIR/verify" <<PY
import sys
sys.path.insert(0, sys.argv[2])
from craft_rock import *
$(cat)
PY
}

verify_json() { fipsrock verify --json "$@"; }

# expect_subject_absent SUBSTRING: no finding's subject contains SUBSTRING.
expect_subject_absent() {
  python3 - "$T/stdout" "$1" <<'PY' || die "$(cat "$T/stdout")"
import json, sys
doc = json.load(open(sys.argv[1]))
bad = [f for f in doc["findings"] if sys.argv[2] in f["subject"]]
if bad:
    sys.exit("unexpected findings: " + json.dumps(bad, indent=1))
PY
}

# expect_finding_on ID STATUS SUBJECT-SUBSTRING: a finding with ID and STATUS on that subject.
expect_finding_on() {
  python3 - "$T/stdout" "$@" <<'PY' || die "$(cat "$T/stdout")"
import json, sys
path, fid, status, subject = sys.argv[1:5]
doc = json.load(open(path))
hits = [f for f in doc["findings"] if f["id"] == fid and subject in f["subject"]]
if not [f for f in hits if f["status"] == status]:
    sys.exit(f"no {fid} {status} on {subject!r}; got: " + json.dumps(hits, indent=1))
PY
}

# --- real producers ---------------------------------------------------------------------------

test_fips_rock_passes_with_boringcrypto_policy() {
  fips_payload "$T/payload"
  rock=$(build_rock metallb-controller v0.14.9 "$(goarch)" "$T/payload")
  verify_json "$rock" --policy "$(boring_policy)" --expect-name metallb-controller \
    --expect-version v0.14.9 --expect-platform "$(goarch)"
  expect_exit 0
  expect_json status pass
  expect_no_status fail
  for id in oci.layout oci.index oci.blob-digest oci.blob-size oci.media-type oci.rootfs-type \
    oci.diff-ids archive.budget archive.path-traversal archive.link-escape rock.metadata \
    rock.name rock.version rock.platform rock.entrypoint rock.pebble-layer openssl.libcrypto \
    openssl.shadow openssl.fips-provider go.binaries pebble.fips; do
    expect_finding "$id" pass
  done
  expect_finding_on go.crypto-backend pass /controller
  expect_finding_on go.cgo-enabled pass /controller
  expect_finding_on go.dynamic pass /controller
  expect_finding openssl.fips-provider pass "Ubuntu 22.04 OpenSSL Cryptographic Module 3.0.5-0ubuntu0.1+Fips2.1"
  expect_finding openssl.libcrypto pass "libcrypto.so.3.0.99"
  expect_finding pebble.fips pass "v1.18.0-fips"
  expect_finding oci.media-type pass "tar+gzip"
}

test_default_policy_rejects_boringcrypto() {
  fips_payload "$T/payload"
  rock=$(build_rock metallb-controller v0.14.9 "$(goarch)" "$T/payload")
  verify_json "$rock"
  expect_exit 1
  expect_finding_on go.crypto-backend fail /controller
}

test_plain_go_binary_fails_crypto_backend() {
  fips_payload "$T/payload" controller
  rock=$(build_rock metallb-controller v0.14.9 "$(goarch)" "$T/payload")
  verify_json "$rock" --policy "$(boring_policy)"
  expect_exit 1
  expect_finding_on go.crypto-backend fail /controller
  expect_finding_on go.cgo-enabled pass /controller
}

test_static_go_binary_fails_cgo_and_dynamic() {
  fips_payload "$T/payload" controller-static
  rock=$(build_rock metallb-controller v0.14.9 "$(goarch)" "$T/payload")
  verify_json "$rock" --policy "$(boring_policy)"
  expect_exit 1
  expect_finding_on go.cgo-enabled fail /controller
  expect_finding_on go.dynamic fail /controller
}

test_pie_binary_with_quoted_ldflags_passes() {
  fips_payload "$T/payload" controller-pie
  rock=$(build_rock metallb-controller v0.14.9 "$(goarch)" "$T/payload")
  verify_json "$rock" --policy "$(boring_policy)"
  expect_exit 0
  expect_finding_on go.crypto-backend pass /controller
  expect_finding_on go.dynamic pass /controller
  expect_finding_on go.cgo-enabled pass /controller
}

test_go_binary_with_damaged_build_info_fails() {
  fips_payload "$T/payload"
  # Clear the header's inline-strings flag: Go's own reader would refuse this binary too.
  python3 - "$T/payload/controller" <<'PY'
import sys
data = bytearray(open(sys.argv[1], "rb").read())
at = data.find(b"\xff Go buildinf:")
assert at >= 0, "no build info in the Go binary"
data[at + 15] = 0
open(sys.argv[1], "wb").write(bytes(data))
PY
  rock=$(build_rock metallb-controller v0.14.9 "$(goarch)" "$T/payload")
  verify_json "$rock" --policy "$(boring_policy)"
  expect_exit 1
  expect_finding_on go.buildinfo fail /controller
  expect_finding go.buildinfo fail "pointer format of Go < 1.18"
}

test_pebble_that_is_not_a_fips_build_warns_or_fails_by_policy() {
  fips_payload "$T/payload"
  cp "$(go_program pebble)" "$T/payload/usr/bin/pebble"
  rock=$(build_rock metallb-controller v0.14.9 "$(goarch)" "$T/payload")
  verify_json "$rock" --policy "$(boring_policy)"
  expect_exit 0
  expect_finding pebble.fips warn "not a FIPS build"
  printf 'go:\n  accept-boringcrypto: true\npebble:\n  require-fips: true\n' >"$T/strict.yaml"
  verify_json "$rock" --policy "$T/strict.yaml"
  expect_exit 1
  expect_finding pebble.fips fail "not a FIPS build"
}

test_go_toolchain_against_the_pinned_version() {
  fips_payload "$T/payload"
  rock=$(build_rock metallb-controller v0.14.9 "$(goarch)" "$T/payload")
  local version
  version=$(go env GOVERSION)
  printf 'go:\n  accept-boringcrypto: true\n  expected-version: go1.99.1\n' >"$T/pinned.yaml"
  verify_json "$rock" --policy "$T/pinned.yaml"
  expect_exit 1
  expect_finding_on go.toolchain fail /controller
  printf 'go:\n  accept-boringcrypto: true\n  expected-version: %s\n' "$version" >"$T/pinned.yaml"
  verify_json "$rock" --policy "$T/pinned.yaml"
  expect_exit 0
  expect_finding_on go.toolchain pass /controller
}

test_whiteout_of_fips_provider_in_later_layer_fails() {
  fips_payload "$T/payload"
  modules=$(cd "$T/payload" && find . -name fips.so -printf '%h\n' | sed 's|^\./||')
  mkdir -p "$T/delete/$modules"
  : >"$T/delete/$modules/.wh.fips.so"
  rock=$(build_rock metallb-controller v0.14.9 "$(goarch)" "$T/payload" --layer "$T/delete")
  verify_json "$rock" --policy "$(boring_policy)"
  expect_exit 1
  expect_finding openssl.fips-provider fail "no FIPS provider"
  expect_finding archive.whiteout pass
  expect_finding openssl.libcrypto pass
}

test_opaque_whiteout_hides_lower_directory() {
  fips_payload "$T/payload"
  modules=$(cd "$T/payload" && find . -name fips.so -printf '%h\n' | sed 's|^\./||')
  mkdir -p "$T/opaque/$modules"
  : >"$T/opaque/$modules/.wh..wh..opq"
  : >"$T/opaque/$modules/legacy.so"
  rock=$(build_rock metallb-controller v0.14.9 "$(goarch)" "$T/payload" --layer "$T/opaque")
  verify_json "$rock" --policy "$(boring_policy)"
  expect_exit 1
  expect_finding openssl.fips-provider fail
}

test_binary_deleted_by_later_layer_is_not_reported() {
  fips_payload "$T/payload"
  cp "$(go_program controller-static)" "$T/payload/old-controller"
  mkdir -p "$T/delete"
  : >"$T/delete/.wh.old-controller"
  rock=$(build_rock metallb-controller v0.14.9 "$(goarch)" "$T/payload" --layer "$T/delete")
  verify_json "$rock" --policy "$(boring_policy)"
  expect_exit 0
  expect_subject_absent /old-controller
}

test_zstd_layers_verify() {
  fips_payload "$T/payload"
  rock=$(build_rock metallb-controller v0.14.9 "$(goarch)" "$T/payload" --zstd)
  verify_json "$rock" --policy "$(boring_policy)"
  expect_exit 0
  expect_finding oci.media-type pass "tar+zstd"
  expect_finding oci.diff-ids pass
}

test_identity_mismatches_fail() {
  fips_payload "$T/payload"
  rock=$(build_rock metallb-controller v0.14.9 "$(goarch)" "$T/payload")
  verify_json "$rock" --policy "$(boring_policy)" --expect-version v0.15.0 --expect-name speaker
  expect_exit 1
  expect_finding rock.version fail "--expect-version says 'v0.15.0'"
  expect_finding rock.name fail "speaker"
  cp "$rock" "$T/metallb-controller_v0.14.9_s390x.rock"
  verify_json "$T/metallb-controller_v0.14.9_s390x.rock" --policy "$(boring_policy)"
  expect_exit 1
  expect_finding rock.platform fail "file name says 's390x'"
}

test_ld_library_path_libcrypto_shadows_the_fips_one() {
  fips_payload "$T/payload"
  mkdir -p "$T/payload/opt/lib"
  cp "/usr/lib/$(triplet)/libcrypto.so.3" "$T/payload/opt/lib/libcrypto.so.3"
  printf 'not the same file' >>"$T/payload/opt/lib/libcrypto.so.3"
  rock=$(build_rock metallb-controller v0.14.9 "$(goarch)" "$T/payload" --env LD_LIBRARY_PATH=/opt/lib)
  verify_json "$rock" --policy "$(boring_policy)"
  expect_exit 1
  expect_finding openssl.shadow fail "/opt/lib/libcrypto.so.3 shadows"
}

test_waiver_is_recorded_with_its_reason() {
  fips_payload "$T/payload" controller
  rock=$(build_rock metallb-controller v0.14.9 "$(goarch)" "$T/payload")
  cat >"$T/waive.yaml" <<'EOF'
waivers:
  - rule: go.crypto-backend
    subject: /controller
    reason: upstream Go stands in for Microsoft Go in this test
EOF
  verify_json "$rock" --policy "$T/waive.yaml"
  expect_exit 0
  python3 - "$T/stdout" <<'PY' || die "$(cat "$T/stdout")"
import json, sys
doc = json.load(open(sys.argv[1]))
hits = [f for f in doc["findings"] if f["id"] == "go.crypto-backend" and f["subject"] == "/controller"]
assert len(hits) == 1, hits
f = hits[0]
assert f["waived"] is True and f["original_status"] == "fail", f
assert f["waiver_reason"] == "upstream Go stands in for Microsoft Go in this test", f
assert f["status"] == "info", f
PY
}

test_waiver_needs_a_reason() {
  printf 'waivers:\n  - rule: go.crypto-backend\n    subject: /controller\n' >"$T/waive.yaml"
  craft "$T/x_1_amd64.rock" <<'PY'
Rock().write(sys.argv[1])
PY
  fipsrock verify "$T/x_1_amd64.rock" --policy "$T/waive.yaml"
  expect_exit 2
  expect_contains "$err" "waivers[0].reason: missing"
}

test_human_report_groups_by_subject_and_ends_with_verdict() {
  fips_payload "$T/payload"
  rock=$(build_rock metallb-controller v0.14.9 "$(goarch)" "$T/payload")
  fipsrock verify --no-color "$rock" --policy "$(boring_policy)"
  expect_exit 0
  expect_contains "$out" "/controller
  pass   go.cgo-enabled"
  last=$(printf '%s\n' "$out" | tail -n1)
  expect_contains "$last" "verify: $rock is a compliant FIPS rock:"
}

test_several_rocks_in_one_run() {
  fips_payload "$T/payload"
  good=$(build_rock metallb-controller v0.14.9 "$(goarch)" "$T/payload")
  craft "$T/bad_1_amd64.rock" <<'PY'
Rock().write(sys.argv[1])
PY
  verify_json "$good" "$T/bad_1_amd64.rock" --policy "$(boring_policy)"
  expect_exit 1
  expect_json status fail
  python3 - "$T/stdout" <<'PY' || die "$(cat "$T/stdout")"
import json, sys
doc = json.load(open(sys.argv[1]))
assert [r["status"] for r in doc["rocks"]] == ["pass", "fail"], doc["rocks"]
PY
}

test_progress_lines_with_verbose_and_none_with_quiet() {
  fips_payload "$T/payload"
  rock=$(build_rock metallb-controller v0.14.9 "$(goarch)" "$T/payload")
  # A small rock read off a pipe, not a terminal: no progress unless -v.
  fipsrock verify "$rock"
  case "$err" in *": layer "*) die "progress for a small rock without -v: $err" ;; esac
  fipsrock -v verify "$rock"
  expect_contains "$err" "fipsrock: verify: $rock: layer "
  [ "$(grep -c ": layer [0-9a-f]\{12\} at [0-9]*% (" "$T/stderr")" -eq 3 ] ||
    die "expected one progress line per layer (3): $err"
  fipsrock -q verify "$rock"
  [ -z "$err" ] || die "-q printed on stderr: $err"
}

test_not_a_rock_is_exit_2() {
  printf 'hello\n' >"$T/notes_1_amd64.rock"
  fipsrock verify "$T/notes_1_amd64.rock"
  expect_exit 2
  expect_contains "$err" "fipsrock: error: $T/notes_1_amd64.rock: not a tar archive"
  fipsrock verify "$T/missing_1_amd64.rock"
  expect_exit 2
  expect_contains "$err" "fipsrock: error: cannot read $T/missing_1_amd64.rock"
}

test_truncated_rock_fails() {
  fips_payload "$T/payload"
  rock=$(build_rock metallb-controller v0.14.9 "$(goarch)" "$T/payload")
  head -c "$(($(stat -c %s "$rock") / 2))" "$rock" >"$T/cut_1_amd64.rock"
  verify_json "$T/cut_1_amd64.rock"
  expect_exit 1
  expect_finding oci.archive fail
}

# --- OCI integrity on crafted rocks -----------------------------------------------------------

test_crafted_clean_rock_passes_every_archive_rule() {
  craft "$T/clean_1_amd64.rock" <<'PY'
rock = Rock(name="clean", version="1", arch="amd64")
rock.payload.symlink("bin", "usr/bin").file("usr/bin/tool", b"x", 0o755)
rock.payload.hardlink("usr/bin/tool2", "usr/bin/tool")
rock.entrypoint = ["/bin/pebble", "enter", "--args", "controller"]
later = Layer().file("usr/bin/.wh.tool2").dir("etc").file("etc/.wh..wh..opq")
rock.extra = [later]
rock.write(sys.argv[1])
PY
  verify_json "$T/clean_1_amd64.rock"
  expect_exit 1 # no OpenSSL, no Go: the FIPS rules fail, the archive ones must not
  for id in archive.path-traversal archive.absolute-path archive.link-escape archive.whiteout \
    archive.duplicate archive.special-file archive.budget oci.blob-digest oci.blob-size \
    oci.diff-ids oci.media-type oci.index oci.layout oci.layer-format oci.archive \
    rock.entrypoint rock.metadata rock.pebble-layer rock.name rock.version rock.platform; do
    expect_finding "$id" pass
  done
  expect_no_status error
}

test_blob_digest_mismatch() {
  craft "$T/x_1_amd64.rock" <<'PY'
def damage(state):
    digest = state["layers"][0]["digest"]
    blob = bytearray(state["blobs"][digest])
    blob[-5] ^= 0xff  # inside the gzip trailer: same size, different bytes
    state["blobs"][digest] = bytes(blob)
Rock(name="x", version="1").write(sys.argv[1], damage)
PY
  verify_json "$T/x_1_amd64.rock"
  expect_exit 1
  expect_finding_on oci.blob-digest fail "layer 1"
  expect_finding_on oci.blob-size pass "layer 1"
}

test_blob_size_mismatch_and_missing_blob() {
  craft "$T/x_1_amd64.rock" <<'PY'
def damage(state):
    state["layers"][0]["size"] += 7
    state["blobs"][state["layers"][1]["digest"]] = None
Rock(name="x", version="1").write(sys.argv[1], damage)
PY
  verify_json "$T/x_1_amd64.rock"
  expect_exit 1
  expect_finding_on oci.blob-size fail "layer 1"
  expect_finding_on oci.missing-blob fail "layer 2"
}

test_media_types_and_rootfs_type() {
  craft "$T/x_1_amd64.rock" <<'PY'
def damage(state):
    state["layers"][0]["mediaType"] = "application/vnd.oci.image.layer.v1.tar+zstd"
    state["manifest"]["config"]["mediaType"] = "application/octet-stream"
rock = Rock(name="x", version="1")
rock.rootfs_type = "snapshot"
rock.write(sys.argv[1], damage)
PY
  verify_json "$T/x_1_amd64.rock"
  expect_exit 1
  expect_finding_on oci.media-type fail "layer 1"
  expect_finding_on oci.media-type fail "config"
  expect_finding oci.rootfs-type fail "snapshot"
}

test_diff_id_mismatch_and_uncompressed_layer() {
  craft "$T/x_1_amd64.rock" <<'PY'
def damage(state):
    state["config"]["rootfs"]["diff_ids"][1] = "sha256:" + "0" * 64
    state["config_bytes"] = json.dumps(state["config"]).encode()
    state["manifest"]["config"]["digest"] = sha(state["config_bytes"])
    state["manifest"]["config"]["size"] = len(state["config_bytes"])
rock = Rock(name="x", version="1")
rock.payload.compression = "none"
rock.write(sys.argv[1], damage)
PY
  verify_json "$T/x_1_amd64.rock"
  expect_exit 1
  expect_finding_on oci.diff-ids pass "layer 1"
  expect_finding_on oci.diff-ids fail "layer 2"
  expect_finding_on oci.media-type pass "layer 1"
}

test_missing_layout_files() {
  craft "$T/x_1_amd64.rock" <<'PY'
rock = Rock(name="x", version="1")
rock.layout = None
rock.write(sys.argv[1])
PY
  verify_json "$T/x_1_amd64.rock"
  expect_exit 1
  expect_finding oci.layout fail "missing"
}

test_index_and_manifest_problems_fail_oci_index() {
  craft "$T/x_1_amd64.rock" <<'PY'
def damage(state):
    state["index"] = {"schemaVersion": 2, "manifests": []}
Rock(name="x", version="1").write(sys.argv[1], damage)
PY
  verify_json "$T/x_1_amd64.rock"
  expect_exit 1
  expect_finding oci.index fail
  craft "$T/y_1_amd64.rock" <<'PY'
def damage(state):
    state["manifest"]["schemaVersion"] = 1
Rock(name="y", version="1").write(sys.argv[1], damage)
PY
  verify_json "$T/y_1_amd64.rock"
  expect_exit 1
  expect_finding oci.index fail "schemaVersion is 1, must be 2"
}

test_layer_that_is_not_a_tar_fails_layer_format() {
  craft "$T/x_1_amd64.rock" <<'PY'
def damage(state):
    junk = gzip.compress(b"this is not a tar archive\n" * 40, mtime=0)
    state["blobs"][sha(junk)] = junk
    state["layers"][0] = {"mediaType": MEDIA["gzip"], "digest": sha(junk), "size": len(junk)}
Rock(name="x", version="1").write(sys.argv[1], damage)
PY
  verify_json "$T/x_1_amd64.rock"
  expect_exit 1
  expect_finding_on oci.layer-format fail "layer 1"
  expect_finding_on oci.layer-format pass "layer 2"
}

# --- rock identity on crafted rocks -----------------------------------------------------------

test_missing_or_broken_metadata_fails_rock_metadata() {
  craft "$T/x_1_amd64.rock" <<'PY'
rock = Rock(name="x", version="1")
rock.layers = lambda: [rock.payload]
rock.write(sys.argv[1])
PY
  verify_json "$T/x_1_amd64.rock"
  expect_exit 1
  expect_finding rock.metadata fail
  craft "$T/y_1_amd64.rock" <<'PY'
rock = Rock(name="y", version="1")
rock.layers = lambda: [rock.payload, Layer().dir(".rock").file(".rock/metadata.yaml", b"name: [y\n")]
rock.write(sys.argv[1])
PY
  verify_json "$T/y_1_amd64.rock"
  expect_exit 1
  expect_finding rock.metadata fail
}

test_entrypoint_that_is_not_pebble_fails() {
  craft "$T/x_1_amd64.rock" <<'PY'
rock = Rock(name="x", version="1")
rock.entrypoint = ["/controller", "--port", "7472"]
rock.write(sys.argv[1])
PY
  verify_json "$T/x_1_amd64.rock"
  expect_exit 1
  expect_finding rock.entrypoint fail
}

test_missing_pebble_layer_fails() {
  craft "$T/x_1_amd64.rock" <<'PY'
rock = Rock(name="x", version="1")
meta = Layer().dir(".rock").file(".rock/metadata.yaml", metadata("x", "1", "amd64"))
rock.layers = lambda: [rock.payload, meta]
rock.write(sys.argv[1])
PY
  verify_json "$T/x_1_amd64.rock"
  expect_exit 1
  expect_finding rock.pebble-layer fail
  expect_finding rock.metadata pass
}

# --- archive safety: each rule tripped (the clean rock above is the case that does not) -------

test_path_traversal_is_reported() {
  craft "$T/x_1_amd64.rock" <<'PY'
rock = Rock(name="x", version="1")
rock.payload.file("../../etc/cron.d/evil", b"* * * * * root sh\n")
rock.write(sys.argv[1])
PY
  verify_json "$T/x_1_amd64.rock"
  expect_exit 1
  expect_finding_on archive.path-traversal fail "../../etc/cron.d/evil"
}

test_absolute_path_is_normalised_and_reported() {
  craft "$T/x_1_amd64.rock" <<'PY'
rock = Rock(name="x", version="1")
rock.payload.file("/usr/bin/abs", b"x")
rock.write(sys.argv[1])
PY
  verify_json "$T/x_1_amd64.rock"
  expect_finding_on archive.absolute-path warn "/usr/bin/abs"
  expect_finding archive.absolute-path warn "read as '/usr/bin/abs'"
}

test_link_escapes_are_reported() {
  craft "$T/x_1_amd64.rock" <<'PY'
rock = Rock(name="x", version="1")
rock.payload.symlink("usr/escape", "../../../etc")
rock.payload.hardlink("usr/shadow", "../../etc/shadow")
rock.payload.symlink("etc", "/tmp/elsewhere").file("etc/passwd", b"root::0:0::/:/bin/sh\n")
rock.write(sys.argv[1])
PY
  verify_json "$T/x_1_amd64.rock"
  expect_exit 1
  expect_finding archive.link-escape fail "symlink to '../../../etc' climbs above the root"
  expect_finding archive.link-escape fail "hardlink to '../../etc/shadow'"
  expect_finding archive.link-escape fail "written through the symlink /etc"
}

test_invalid_whiteouts_are_reported() {
  craft "$T/x_1_amd64.rock" <<'PY'
rock = Rock(name="x", version="1")
rock.extra = [Layer().file("usr/.wh.").file("usr/.wh..wh.foo")]
rock.write(sys.argv[1])
PY
  verify_json "$T/x_1_amd64.rock"
  expect_exit 1
  expect_finding archive.whiteout fail "without a name"
  expect_finding archive.whiteout fail "reserved"
}

test_duplicates_after_normalising_are_reported() {
  craft "$T/x_1_amd64.rock" <<'PY'
rock = Rock(name="x", version="1")
rock.payload.file("usr/bin/tool", b"1").file("./usr//bin/tool", b"2")
rock.outer_extra = [("./oci-layout", b'{"imageLayoutVersion":"1.0.0"}')]
rock.write(sys.argv[1])
PY
  verify_json "$T/x_1_amd64.rock"
  expect_exit 1
  expect_finding archive.duplicate fail "'/usr/bin/tool' appears more than once"
  expect_finding archive.duplicate fail "'oci-layout' appears twice"
}

test_special_files_are_reported() {
  craft "$T/x_1_amd64.rock" <<'PY'
import tarfile
rock = Rock(name="x", version="1")
rock.payload.device("dev/mem", tarfile.CHRTYPE, 1, 1).device("dev/sda", tarfile.BLKTYPE, 8, 0)
rock.payload.file("usr/bin/su", b"x", 0o4755).file("usr/bin/wall", b"x", 0o2755)
rock.write(sys.argv[1])
PY
  verify_json "$T/x_1_amd64.rock"
  expect_exit 1
  expect_finding_on archive.special-file fail "dev/mem"
  expect_finding_on archive.special-file fail "dev/sda"
  expect_finding archive.special-file warn "setuid file (mode 4755)"
  expect_finding archive.special-file warn "setgid file (mode 2755)"
}

test_budgets_stop_bombs() {
  craft "$T/x_1_amd64.rock" <<'PY'
rock = Rock(name="x", version="1")
rock.payload.file("usr/share/zeros", bytes(8 << 20))
rock.write(sys.argv[1])
PY
  verify_json "$T/x_1_amd64.rock" --max-entry-bytes 1000000
  expect_exit 1
  expect_finding archive.budget fail "max_entry_bytes"
  verify_json "$T/x_1_amd64.rock" --max-total-bytes 4000000
  expect_finding archive.budget fail "max_total_bytes"
  cat >"$T/ratio.yaml" <<'EOF'
budgets:
  max-ratio: 50
  ratio-floor: 1000000
EOF
  verify_json "$T/x_1_amd64.rock" --policy "$T/ratio.yaml"
  expect_finding archive.budget fail "compression ratio above 50:1"
  expect_finding oci.diff-ids error "budget"
  verify_json "$T/x_1_amd64.rock" --max-entries 3
  expect_finding archive.budget fail "max_entries"
  verify_json "$T/x_1_amd64.rock"
  expect_finding archive.budget pass
}
