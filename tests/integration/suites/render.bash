# SPDX-License-Identifier: Apache-2.0
# fipsrock render, end to end: golden files for both rocks in every strategy combination
# (compared byte for byte with --check), schema cross-checks with python3-jsonschema, and
# one test per bad-input class with nothing written.

GOLDEN="$TESTS_DIR/golden/render"

probe() {
  command -v python3 >/dev/null || { echo "python3 is needed"; return 1; }
}

# A copy of the repository's project and pins in $T, with strategies GO and OPENSSL.
project() {
  mkdir -p "$T/rockcraft"
  cp "$TESTS_DIR/../rockcraft/pins.yaml" "$T/rockcraft/pins.yaml"
  sed -e "s/^  go: msgo-tarball$/  go: ${1:-msgo-tarball}/" -e "s/^  openssl: fips-debs$/  openssl: ${2:-fips-debs}/" \
    "$TESTS_DIR/../rockcraft/metallb.yaml" >"$T/rockcraft/metallb.yaml"
}

# Paths in messages and comments are relative to $T, so the output is the same everywhere.
fipsrock_in_t() {
  local dir=$PWD
  cd "$T"
  fipsrock "$@"
  cd "$dir"
}

combo_matches_golden() {
  project "$1" "$2"
  fipsrock_in_t render --check "$GOLDEN/$1+$2"
  expect_exit 0
  fipsrock_in_t render --out out
  expect_exit 0
  for rock in metallb-controller metallb-speaker; do
    cmp "$T/out/$rock/rockcraft.yaml" "$GOLDEN/$1+$2/$rock/rockcraft.yaml" ||
      die "$rock differs from the golden file ($1+$2)"
    schema_valid "$T/out/$rock/rockcraft.yaml"
  done
}

# The rendered file validates against rockcraft's schema with Debian's python3-jsonschema too.
schema_valid() {
  python3 - "$1" "$TESTS_DIR/../schema/rockcraft.json" <<'PY'
import json, sys
try:
    import jsonschema, yaml
except ImportError:
    sys.exit(0)  # the cross-check is optional; fipsrock's own validation already ran
validator = getattr(jsonschema, "Draft202012Validator", None)
if validator is None:
    sys.exit(0)  # Ubuntu 22.04's jsonschema 3.2 predates draft 2020-12
doc = yaml.safe_load(open(sys.argv[1]))
schema = json.load(open(sys.argv[2]))
validator(schema).validate(doc)
assert isinstance(doc["version"], str), doc["version"]
PY
}

test_golden_msgo_tarball_fips_debs() { combo_matches_golden msgo-tarball fips-debs; }
test_golden_msgo_tarball_core22_snap() { combo_matches_golden msgo-tarball core22-snap; }
test_golden_go_snap_fips_debs() { combo_matches_golden go-snap fips-debs; }
test_golden_go_snap_core22_snap() { combo_matches_golden go-snap core22-snap; }

test_json_report_and_record() {
  project
  fipsrock_in_t render --json --out out metallb-controller
  expect_exit 0
  [ ! -e "$T/out/metallb-speaker" ] || die "rendered a rock that was not asked for"
  python3 - "$T/stdout" "$T/out/metallb-controller" <<'PY'
import hashlib, json, sys
doc = json.load(open(sys.argv[1]))
assert doc["command"] == "render" and doc["status"] == "pass", doc
w = doc["written"][0]
data = open(sys.argv[2] + "/rockcraft.yaml", "rb").read()
assert w["sha256"] == hashlib.sha256(data).hexdigest(), w
rec = json.load(open(sys.argv[2] + "/render.json"))
assert rec["rockcraft_yaml"]["sha256"] == w["sha256"]
assert rec["source"]["commit"] == "791dfcc63ced7a6b3e869131eae75e645150fff0"
assert rec["go_toolchain"]["archives"][1]["url"].endswith("go1.26.4-1.linux-arm64.tar.gz")
assert any(t["path"] == "templates/rock.yaml.mustache" for t in rec["inputs"]["templates"]["files"])
PY
}

test_rendering_twice_gives_the_same_bytes() {
  project
  fipsrock_in_t render --out a
  fipsrock_in_t render --out b
  for rock in metallb-controller metallb-speaker; do
    cmp "$T/a/$rock/rockcraft.yaml" "$T/b/$rock/rockcraft.yaml" || die "two renders of $rock differ"
    # the records differ only in where they were written
    diff <(sed 's#"a/#"X/#' "$T/a/$rock/render.json") <(sed 's#"b/#"X/#' "$T/b/$rock/render.json") ||
      die "two render records of $rock differ"
  done
}

test_check_reports_drift_with_a_diff() {
  project
  fipsrock_in_t render --out committed
  sed -i 's/startup: enabled/startup: disabled/' "$T/committed/metallb-speaker/rockcraft.yaml"
  fipsrock_in_t render --check committed
  expect_exit 1
  expect_contains "$out" "-    startup: disabled"
  expect_contains "$out" "+    startup: enabled"
  expect_contains "$err" "drifted"
}

test_check_reports_a_missing_recipe() {
  project
  fipsrock_in_t render --check nothing-here
  expect_exit 1
  expect_contains "$out" "missing: nothing-here/metallb-controller/rockcraft.yaml"
}

# Every bad input: exit 2, file:line: key in the message, nothing written.
bad_input() {
  fipsrock_in_t render --out out
  expect_exit 2
  expect_contains "$err" "$1"
  [ ! -e "$T/out" ] || die "something was written"
}

test_bad_input_missing_key() {
  project
  sed -i '/^  tag: /d' "$T/rockcraft/metallb.yaml"
  bad_input "fipsrock: error: rockcraft/metallb.yaml:8: source.tag: missing key"
}

test_bad_input_unknown_strategy() {
  project go-snapp
  bad_input "rockcraft/metallb.yaml:23: strategy.go: unknown strategy 'go-snapp' (did you mean 'go-snap'?)"
}

test_bad_input_malformed_sha256() {
  project
  sed -i 's/arm64: 9c1c8660/arm64: zz1c8660/' "$T/rockcraft/pins.yaml"
  bad_input "rockcraft/pins.yaml:15: go.msgo.sha256.arm64: 'zz1c8660"
}

test_bad_input_version_without_revision() {
  project
  sed -i 's/version: "1.26.4-1"/version: "1.26.4"/' "$T/rockcraft/pins.yaml"
  bad_input "rockcraft/pins.yaml:7: go.msgo.version: '1.26.4' has no revision"
}

test_bad_input_unknown_platform() {
  project
  sed -i 's/platforms: \[amd64, arm64\]/platforms: [amd64, s390x]/' "$T/rockcraft/metallb.yaml"
  bad_input "rockcraft/metallb.yaml:16: platforms[1]: unknown platform 's390x'"
}

test_bad_input_duplicate_rock_names() {
  project
  sed -i 's/name: metallb-speaker/name: metallb-controller/' "$T/rockcraft/metallb.yaml"
  bad_input "duplicate rock name 'metallb-controller'"
}

test_bad_input_unknown_rock() {
  project
  fipsrock_in_t render --out out metallb-speeker
  expect_exit 2
  expect_contains "$err" "no rock 'metallb-speeker' in rockcraft/metallb.yaml (did you mean 'metallb-speaker'?)"
}

test_bad_input_missing_project() {
  mkdir -p "$T"
  fipsrock_in_t render --project nowhere.yaml
  expect_exit 2
  expect_contains "$err" "nowhere.yaml"
}

test_a_render_that_breaks_a_rule_writes_nothing() {
  project
  # a rock name rockcraft would refuse
  sed -i 's/name: metallb-controller/name: MetalLB-controller/' "$T/rockcraft/metallb.yaml"
  fipsrock_in_t render --out out
  expect_exit 1
  expect_contains "$err" "MetalLB-controller: rockcraft.yaml breaks rule 'name' at name"
  [ ! -e "$T/out" ] || die "something was written"
}

test_templates_from_a_folder() {
  project
  cp -r "$TESTS_DIR/../templates" "$T/templates"
  sed -i 's/startup: enabled/startup: disabled/' "$T/templates/rock.yaml.mustache"
  fipsrock_in_t render --templates templates --out out
  expect_exit 0
  grep -q "startup: disabled" "$T/out/metallb-controller/rockcraft.yaml" || die "--templates was not used"
}
