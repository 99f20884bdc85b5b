# SPDX-License-Identifier: Apache-2.0
# fipsrock compare, end to end: rocks made by umoci and archived by skopeo from the same content
# at different times (file times, history, creation time, the created label and annotation,
# .rock/metadata.yaml all differ) are the same software; a changed, added or removed file, a
# mode, owner, link target or config change makes them differ, named with both sides.

source "$TESTS_DIR/integration/rock.bash"

probe() {
  if rock_tools_missing; then return 1; fi
  command -v python3 >/dev/null || { echo "python3 is needed"; return 1; }
}

suite_setup() {
  build_go_binary "$SUITE/controller"
}

OS_RELEASE='ID=ubuntu
VERSION_ID="22.04"
'

# layer_tar DIR OUT UNAME ORDER: DIR's tree as rockcraft's archive_layer writes a layer (Python
# tarfile, PAX headers with the files' times), with owner names UNAME, top-level entries in
# ORDER (sorted or reversed).
layer_tar() {
  python3 - "$@" <<'PY'
import os, sys, tarfile
src, out, uname, order = sys.argv[1:5]
def named(info):
    info.uname = info.gname = uname
    return info
with tarfile.open(out, "w", format=tarfile.PAX_FORMAT) as tar:
    for name in sorted(os.listdir(src), reverse=(order == "reversed")):
        tar.add(os.path.join(src, name), arcname=name, filter=named)
PY
}

# rock_at OUT EPOCH [--edit SHELL] [--env K=V] [--uname NAME] [--reversed] [--split] [--zstd]
# [--meta-version V]: the suite's software
# as a rock packed at EPOCH the way rockcraft packs one: three layer tars (payload, Pebble layer,
# .rock/metadata.yaml) added with `umoci raw add-layer`, archived by skopeo. Every time in it is
# EPOCH's: file mtimes, history entries, the image creation time, the
# org.opencontainers.image.created label and manifest annotation, and `created` in
# .rock/metadata.yaml. --edit runs SHELL in the payload tree before it is packed; --env adds an
# environment variable to the config; --uname sets the tar headers' owner names (default root);
# --reversed writes each layer's top-level entries in reverse order; --split moves /etc into a
# layer of its own; --zstd compresses the layers with zstd; --meta-version changes the version
# that .rock/metadata.yaml states.
rock_at() {
  local out=$1 epoch=$2 edit="" env=() uname=root order=sorted work iso layer
  local layers=(payload pebble meta) compress=() meta_version=v0.16.1
  shift 2
  while [ $# -gt 0 ]; do
    case $1 in
    --edit) edit=$2; shift 2 ;;
    --env) env=(--config.env "$2"); shift 2 ;;
    --uname) uname=$2; shift 2 ;;
    --reversed) order=reversed; shift ;;
    --split) layers=(payload etc pebble meta); shift ;;
    --zstd) compress=(--dest-compress-format zstd); shift ;;
    --meta-version) meta_version=$2; shift 2 ;;
    *) die "rock_at: unknown argument $1" ;;
    esac
  done
  iso=$(date -u -d "@$epoch" +%Y-%m-%dT%H:%M:%SZ)
  work=$(mktemp -d "$T/rock-XXXXXX")
  local payload="$work/payload" pebble="$work/pebble" meta="$work/meta" etc="$work/etc"
  mkdir -p "$payload/usr/bin" "$payload/usr/lib/x86_64-linux-gnu/ossl-modules-3" "$payload/etc" \
    "$pebble/var/lib/pebble/default/layers" "$meta/.rock" "$etc"
  install -m 0755 "$SUITE/controller" "$payload/controller"
  install -m 0755 "$SUITE/controller" "$payload/usr/bin/pebble"
  printf 'fips provider\n' >"$payload/usr/lib/x86_64-linux-gnu/ossl-modules-3/fips.so"
  printf '%s' "$OS_RELEASE" >"$payload/etc/os-release"
  ln -s ../lib/x86_64-linux-gnu "$payload/usr/bin/libdir"
  if [ -n "$edit" ]; then (cd "$payload" && eval "$edit"); fi
  printf 'services:\n  controller:\n    override: replace\n    command: /controller\n' \
    >"$pebble/var/lib/pebble/default/layers/001-controller.yaml"
  printf 'name: metallb-controller\nversion: %s\narchitecture: amd64\ncreated: %s\n' \
    "$meta_version" "$iso" >"$meta/.rock/metadata.yaml"
  if [ "${layers[1]}" = etc ]; then mv "$payload/etc" "$etc/etc"; fi
  find "$work" -exec touch -h -d "@$epoch" {} +
  umoci init --layout "$work/oci" >/dev/null
  umoci new --image "$work/oci:v1" >/dev/null
  for layer in "${layers[@]}"; do
    layer_tar "$work/$layer" "$work/$layer.tar" "$uname" "$order"
    umoci raw add-layer --history.created "$iso" \
      --history.created_by "rockcraft pack .temp_layer.$epoch.tar" \
      --image "$work/oci:v1" "$work/$layer.tar" >/dev/null
  done
  umoci config --history.created "$iso" --image "$work/oci:v1" --created "$iso" \
    --architecture amd64 --os linux --config.label "org.opencontainers.image.created=$iso" \
    --manifest.annotation "org.opencontainers.image.created=$iso" "${env[@]}" \
    --config.entrypoint /bin/pebble --config.entrypoint enter --config.entrypoint --args \
    --config.entrypoint controller >/dev/null
  skopeo --insecure-policy copy "${compress[@]}" "oci:$work/oci:v1" "oci-archive:$out" >/dev/null
  rm -rf "$work"
}

# comparison_has PYTHON-EXPRESSION: true of `c`, the "comparison" object of the JSON on stdout.
comparison_has() {
  python3 - "$T/stdout" "$1" <<'PY' || die "$(cat "$T/stdout")"
import json, sys
c = json.load(open(sys.argv[1]))["comparison"]
if not eval(sys.argv[2]):
    sys.exit("not true of the comparison: " + sys.argv[2])
PY
}

sha256_of() { printf '%s' "$1" | sha256sum | cut -d' ' -f1; }

test_same_software_packed_at_different_times_is_equivalent() {
  rock_at "$T/a.rock" 1700000000
  rock_at "$T/b.rock" 1700003600 --uname builder --reversed
  # The two files differ byte for byte, else this test would prove nothing.
  ! cmp -s "$T/a.rock" "$T/b.rock" || die "the two rocks are identical files"
  fipsrock --json compare "$T/a.rock" "$T/b.rock"
  expect_exit 0
  expect_json equivalent yes
  expect_json bit_for_bit no
  expect_finding compare.strict info "not bit for bit"
  expect_finding compare.layer pass "only tar header times"
  comparison_has 'len(c["a"]["layers"]) == 3'
  comparison_has 'all(x["digest"] != y["digest"] and x["contentDigest"] == y["contentDigest"] for x, y in zip(c["a"]["layers"], c["b"]["layers"]))'
  expect_finding compare.files pass "are the same"
  expect_no_status fail
  comparison_has 'c["result"] == "EQUIVALENT" and c["bitForBit"] is False and c["differences"] == []'
  comparison_has 'c["a"]["manifest"] != c["b"]["manifest"]'
  # Every kind of noise that differs is named, not silently dropped.
  comparison_has 'all(any(i.startswith(p) for i in c["ignored"]) for p in ["/created:", "/history:", "/config/Labels/org.opencontainers.image.created:", "/manifest/annotations/org.opencontainers.image.created:", "/.rock/metadata.yaml:"])'
  fipsrock compare "$T/a.rock" "$T/b.rock"
  expect_exit 0
  expect_contains "$out" "are the same software (not bit for bit"
}

test_the_same_file_twice_is_bit_for_bit() {
  rock_at "$T/a.rock" 1700000000
  cp "$T/a.rock" "$T/copy.rock"
  fipsrock --json compare "$T/a.rock" "$T/copy.rock"
  expect_exit 0
  expect_json bit_for_bit yes
  expect_finding compare.strict pass "bit for bit the same image"
  comparison_has 'c["result"] == "EQUIVALENT" and c["bitForBit"] is True and c["ignored"] == []'
}

test_changed_file_is_named_with_both_digests() {
  rock_at "$T/a.rock" 1700000000
  rock_at "$T/b.rock" 1700003600 --edit "printf 'ID=debian\n' >etc/os-release"
  fipsrock --json compare "$T/a.rock" "$T/b.rock"
  expect_exit 1
  expect_json equivalent no
  expect_finding compare.file fail "changed: content"
  comparison_has "len(c['differences']) == 1 and c['differences'][0]['path'] == '/etc/os-release' and c['differences'][0]['change'] == 'changed'"
  comparison_has "c['differences'][0]['aSha256'] == '$(sha256_of "$OS_RELEASE")'"
  comparison_has "c['differences'][0]['bSha256'] == '$(sha256_of 'ID=debian
')'"
  expect_finding compare.layer info "different entries"
  fipsrock compare "$T/a.rock" "$T/b.rock"
  expect_exit 1
  expect_contains "$out" "/etc/os-release"
  expect_contains "$out" "NOT the same software: 1 difference"
}

test_added_removed_mode_owner_and_link_changes_are_each_named() {
  rock_at "$T/a.rock" 1700000000
  rock_at "$T/b.rock" 1700000000 --edit \
    'rm usr/lib/x86_64-linux-gnu/ossl-modules-3/fips.so; printf x >usr/bin/extra; chmod 0700 controller; chown 1000:1000 etc/os-release; ln -sfn ../lib usr/bin/libdir'
  fipsrock --json compare "$T/a.rock" "$T/b.rock"
  expect_exit 1
  comparison_has "{(d['path'], d['change']) for d in c['differences']} == {('/usr/lib/x86_64-linux-gnu/ossl-modules-3/fips.so', 'removed'), ('/usr/bin/extra', 'added'), ('/controller', 'changed'), ('/etc/os-release', 'changed'), ('/usr/bin/libdir', 'changed')}"
  comparison_has "[d['what'] for d in c['differences'] if d['path'] == '/controller'] == ['mode 0755 -> 0700']"
  comparison_has "[d['what'] for d in c['differences'] if d['path'] == '/etc/os-release'] == ['owner 0:0 -> 1000:1000']"
  comparison_has "[d['what'] for d in c['differences'] if d['path'] == '/usr/bin/libdir'] == ['link target ../lib/x86_64-linux-gnu -> ../lib']"
  expect_finding compare.files fail "3 changed, 1 only in B, 1 only in A"
}

test_config_change_is_a_difference() {
  rock_at "$T/a.rock" 1700000000
  rock_at "$T/b.rock" 1700000000 --env GODEBUG=fips140=off
  fipsrock --json compare "$T/a.rock" "$T/b.rock"
  expect_exit 1
  expect_finding compare.config fail "GODEBUG=fips140=off"
  comparison_has "[d['path'] for d in c['differences']] == ['/config/Env']"
  # The files are still the same; only the config differs.
  expect_finding compare.files pass
}

test_unreadable_rocks_are_exit_2() {
  rock_at "$T/a.rock" 1700000000
  fipsrock compare "$T/a.rock" "$T/missing.rock"
  expect_exit 2
  expect_contains "$err" "fipsrock: error: cannot read $T/missing.rock"
  expect_contains "$err" "fipsrock: hint:"
  printf 'not a tar\n' >"$T/junk.rock"
  fipsrock compare "$T/junk.rock" "$T/a.rock"
  expect_exit 2
  expect_contains "$err" "fipsrock: error: $T/junk.rock: not a tar archive"
  head -c 20000 "$T/a.rock" >"$T/cut.rock"
  fipsrock --json compare "$T/a.rock" "$T/cut.rock"
  expect_exit 2
  expect_finding compare.readable error "cannot be compared"
  expect_no_status fail
}

test_other_layering_and_compression_of_the_same_files_is_equivalent() {
  rock_at "$T/a.rock" 1700000000
  rock_at "$T/b.rock" 1700000000 --split --zstd
  fipsrock --json compare "$T/a.rock" "$T/b.rock"
  expect_exit 0
  expect_finding compare.layer info "A has 3 layers, B has 4"
  expect_finding compare.files pass
  comparison_has 'c["result"] == "EQUIVALENT" and len(c["b"]["layers"]) == 4'
}

test_metadata_change_other_than_created_is_a_difference() {
  rock_at "$T/a.rock" 1700000000
  rock_at "$T/b.rock" 1700003600 --meta-version v0.16.2
  fipsrock --json compare "$T/a.rock" "$T/b.rock"
  expect_exit 1
  comparison_has "[(d['path'], d['change']) for d in c['differences']] == [('/.rock/metadata.yaml', 'changed')]"
  # The pack time still differs and is still only noise, elsewhere.
  comparison_has 'any(i.startswith("/created:") for i in c["ignored"])'
}
