# SPDX-License-Identifier: Apache-2.0
# fipsrock attest, end to end: a real .rock (Go binary, umoci, skopeo) packed by the real
# `fipsrock pack` through the stand-in rockcraft, then attested from the records render and pack
# wrote; statements checked against the derived JSON schemas (python3-jsonschema, when present),
# field by field against the records, signed with a key made here and verified, also by openssl.

source "$TESTS_DIR/integration/rock.bash"

# A failed check ends the test at once, even where set -e does not reach (inside a condition).
die() {
  echo "$*" >&2
  exit 1
}

probe() {
  if rock_tools_missing; then return 1; fi
  command -v python3 >/dev/null || { echo "python3 is needed"; return 1; }
  command -v openssl >/dev/null || { echo "openssl is needed"; return 1; }
}

suite_setup() {
  build_go_binary "$SUITE/controller"
  make_rock metallb-controller v0.16.1 amd64 controller "$SUITE/controller" "$SUITE/artifact.rock"
  # Another build of the same software a second later (other times everywhere), and a build
  # of different software (other link flags: other build info in the binary).
  sleep 1
  make_rock metallb-controller v0.16.1 amd64 controller "$SUITE/controller" "$SUITE/rebuild.rock"
  build_go_binary "$SUITE/controller-2" -ldflags "-X main.unused=2"
  make_rock metallb-controller v0.16.1 amd64 controller "$SUITE/controller-2" "$SUITE/other.rock"
}

DIR=build/metallb-controller
CMP=build/metallb-controller/comparison.intoto.json
ROCK=build/metallb-controller/metallb-controller_v0.16.1_amd64.rock
ATT=build/metallb-controller/attestation.intoto.json
VSA=build/metallb-controller/verification.intoto.json

# A rendered and packed metallb-controller in $T/build (pack BEHAVIOUR, default success).
packed() {
  standins rockcraft
  ln -sf "$TESTS_DIR/standins/rockcraft" "$T/bin/rockcraft"
  mkdir -p "$T/answers/rockcraft"
  cp "$SUITE/artifact.rock" "$T/answers/rockcraft/artifact.rock"
  answer rockcraft --version -- --text "rockcraft 1.20.0"
  printf '%s\n' "${1:-success}" >"$T/answers/rockcraft/behaviour"
  cp -r "$TESTS_DIR/../rockcraft" "$T/rockcraft"
  (cd "$T" && "$FIPSROCK_BIN" render --out build metallb-controller >/dev/null)
  (cd "$T" && env PATH="$T/bin:/usr/bin:/bin" STANDIN_DIR="$T/answers" \
    "$FIPSROCK_BIN" pack --platform amd64 metallb-controller >/dev/null 2>&1) || true
}

# in_t CMD...: fipsrock in $T (relative paths as a user in the project folder would give them).
in_t() {
  local dir=$PWD
  cd "$T"
  fipsrock "$@"
  cd "$dir"
}

keys() {
  openssl ecparam -name prime256v1 -genkey -noout -out "$T/key.pem" 2>/dev/null
  openssl ec -in "$T/key.pem" -pubout -out "$T/pub.pem" 2>/dev/null
  openssl ecparam -name prime256v1 -genkey -noout -out "$T/other.pem" 2>/dev/null
  openssl ec -in "$T/other.pem" -pubout -out "$T/other-pub.pem" 2>/dev/null
}

# statement FILE: the in-toto statement FILE holds (the payload of an envelope, or itself).
statement() {
  python3 - "$1" <<'PY'
import base64, json, sys
doc = json.load(open(sys.argv[1]))
if "payload" in doc:
    print(base64.b64decode(doc["payload"]).decode())
else:
    print(json.dumps(doc))
PY
}

# schema_check KIND FILE: FILE's statement validates against the derived schema of KIND
# (provenance: slsa-provenance-v1.statement; summary: in-toto-statement-v1). Skipped, saying so,
# without a python3-jsonschema that knows draft 2020-12 (Debian 12 has 4.10).
schema_check() {
  statement "$2" >"$T/statement.json"
  python3 - "$FIPSROCK_SHARED/schema/derived" "$1" "$T/statement.json" <<'PY'
import json, os, sys
schema_dir, kind, path = sys.argv[1:4]
try:
    import jsonschema
    from jsonschema import Draft202012Validator
except ImportError:
    print("note: python3-jsonschema (draft 2020-12) is not installed: schema check skipped")
    sys.exit(0)
def load(name):
    with open(os.path.join(schema_dir, name)) as f:
        return json.load(f)
statement = load("in-toto-statement-v1.schema.json")
schema = load("slsa-provenance-v1.statement.schema.json") if kind == "provenance" else statement
doc = json.load(open(path))
checker = getattr(Draft202012Validator, "FORMAT_CHECKER", None) or jsonschema.FormatChecker()
# The SLSA schema $refs the statement schema by its file name.
names = ["in-toto-statement-v1.schema.json", statement["$id"]]
try:
    from referencing import Registry, Resource
    resource = Resource.from_contents(statement)
    registry = Registry().with_resources([(n, resource) for n in names])
    validator = Draft202012Validator(schema, registry=registry, format_checker=checker)
except ImportError:  # jsonschema < 4.18
    resolver = jsonschema.RefResolver.from_schema(schema, store={n: statement for n in names})
    validator = Draft202012Validator(schema, resolver=resolver, format_checker=checker)
errors = list(validator.iter_errors(doc))
for e in errors:
    print(f"{path}: {list(e.absolute_path)}: {e.message}")
sys.exit(1 if errors else 0)
PY
}

# A verify report of this rock in the shape `fipsrock verify --json` writes, with a waiver.
verify_report() {
  local status=${1:-pass}
  python3 - "$T/$ROCK" "$status" >"$T/$DIR/verify.json" <<'PY'
import json, sys, tarfile
rock, status = sys.argv[1:3]
with tarfile.open(rock) as tar:
    index = json.load(tar.extractfile("index.json"))
findings = [
    {"id": "oci.blob-digest", "status": "fail" if status == "fail" else "pass", "subject": "blobs",
     "message": "every blob matches its digest", "remediation": "", "evidence": {}, "waived": False},
    {"id": "pebble.fips", "status": "info", "subject": "/usr/bin/pebble",
     "message": "Pebble is not a FIPS build (waived)", "remediation": "", "evidence": {},
     "waived": True, "waiver_reason": "the FIPS Pebble ships with rockcraft 1.20",
     "original_status": "warn"},
]
print(json.dumps({"fipsrock": "0.1.0", "command": "verify", "rock": rock,
                  "manifest": index["manifests"][0]["digest"], "status": status,
                  "findings": findings}, indent=2))
PY
}

test_unsigned_provenance_from_the_records() {
  packed
  in_t attest "$ROCK"
  expect_exit 0
  expect_contains "$err" "fipsrock: warning: no --key given: the statements are written unsigned"
  expect_contains "$out" "attest: wrote $ATT: SLSA provenance of metallb-controller_v0.16.1_amd64.rock"
  expect_contains "$out" "UNSIGNED"
  expect_contains "$out" "no verify report ($DIR/verify.json is absent): no verification summary was written"
  [ ! -e "$T/$VSA" ] || die "a verification summary without a verify report"
  schema_check provenance "$T/$ATT" || die "the provenance does not validate"
  # Field by field against the records and the rock itself.
  python3 - "$T" <<'PY' || die "provenance fields"
import hashlib, json, sys, tarfile
t = sys.argv[1]
d = t + "/build/metallb-controller/"
s = json.load(open(d + "attestation.intoto.json"))
render = json.load(open(d + "render.json"))
pack = json.load(open(d + "pack.json"))
rock = d + "metallb-controller_v0.16.1_amd64.rock"
sha = lambda p: hashlib.sha256(open(p, "rb").read()).hexdigest()
with tarfile.open(rock) as tar:
    manifest = json.load(tar.extractfile("index.json"))["manifests"][0]["digest"]
assert s["_type"] == "https://in-toto.io/Statement/v1", s["_type"]
assert s["predicateType"] == "https://slsa.dev/provenance/v1"
assert s["subject"][0] == {"name": "metallb-controller_v0.16.1_amd64.rock", "digest": {"sha256": sha(rock)}}, s["subject"]
assert sha(rock) == pack["artifact"]["sha256"]
assert s["subject"][1]["name"] == "metallb-controller:v0.16.1"
assert "sha256:" + s["subject"][1]["digest"]["sha256"] == manifest, (s["subject"][1], manifest)
bd = s["predicate"]["buildDefinition"]
assert bd["buildType"] == "https://fipsrock.dev/buildtypes/rockcraft-pro/v1"
assert bd["externalParameters"] == {"project": "rockcraft/metallb.yaml", "rock": "metallb-controller",
                                    "platform": "amd64", "proServices": ["fips-updates"]}, bd["externalParameters"]
assert bd["internalParameters"]["strategy"] == {"go": render["strategy"]["go"], "openssl": render["strategy"]["openssl"],
                                                "requirefips": render["strategy"]["requirefips"]}
assert bd["internalParameters"]["mode"] == "guest-attach"
assert bd["internalParameters"]["rockcraftCommand"] == pack["argv"]
deps = {x["name"]: x for x in bd["resolvedDependencies"]}
src = render["source"]
assert deps["metallb"]["uri"] == "git+%s@refs/tags/%s" % (src["repo"], src["tag"])
assert deps["metallb"]["digest"] == {"gitCommit": src["commit"]}
amd64 = [a for a in render["go_toolchain"]["archives"] if a["platform"] == "amd64"][0]
assert deps["go-toolchain"]["uri"] == amd64["url"] and deps["go-toolchain"]["digest"]["sha256"] == amd64["sha256"]
for p in render["openssl"]["packages"]:
    dep = deps[p["name"]]
    assert dep["annotations"]["pinned"] == (p["version"] is not None), dep
    if p["version"]:
        assert dep["annotations"]["version"] == p["version"]
        assert dep["uri"] == "pkg:deb/ubuntu/%s@%s?arch=amd64" % (p["name"], p["version"].replace("+", "%2B")), dep
assert deps["rockcraft"]["annotations"] == pack["rockcraft"], deps["rockcraft"]
assert deps["rockcraft/metallb.yaml"]["digest"]["sha256"] == render["inputs"]["project"]["sha256"] == sha(t + "/rockcraft/metallb.yaml")
assert deps["rockcraft/pins.yaml"]["digest"]["sha256"] == render["inputs"]["pins"]["sha256"] == sha(t + "/rockcraft/pins.yaml")
for f in render["inputs"]["templates"]["files"]:
    assert deps[f["path"]]["digest"]["sha256"] == f["sha256"]
recipe = deps[render["rockcraft_yaml"]["path"]]
assert recipe["digest"]["sha256"] == sha(d + "rockcraft.yaml") == render["rockcraft_yaml"]["sha256"]
rd = s["predicate"]["runDetails"]
assert rd["builder"]["id"].startswith("https://fipsrock.dev/builder/") and len(rd["builder"]["id"]) > 29
assert rd["metadata"]["startedOn"] == pack["started"] and rd["metadata"]["finishedOn"] == pack["finished"]
assert rd["metadata"]["invocationId"].startswith("urn:uuid:")
assert rd["byproducts"] == [{"name": "pack.log", "digest": {"sha256": sha(d + "pack.log")}, "mediaType": "text/plain"}]
PY
}

test_the_same_records_give_the_same_statement() {
  packed
  in_t attest "$ROCK"
  cp "$T/$ATT" "$T/first.json"
  in_t attest --build-dir "$DIR" # the rock pack.json names, found in the build folder
  expect_exit 0
  cmp "$T/first.json" "$T/$ATT" || die "attesting twice gave different statements"
}

test_json_output() {
  packed
  in_t attest "$ROCK" --json
  expect_exit 0
  python3 - "$T/stdout" "$T/$ATT" <<'PY' || die "$out"
import hashlib, json, sys
doc = json.load(open(sys.argv[1]))
assert doc["command"] == "attest" and doc["status"] == "pass", doc
assert doc["signed"] is False and doc["keyid"] is None, doc
assert doc["provenance"]["path"] == "build/metallb-controller/attestation.intoto.json"
assert doc["provenance"]["sha256"] == hashlib.sha256(open(sys.argv[2], "rb").read()).hexdigest()
assert doc["verification_summary"] is None and doc["verify_report"] is None
assert "unsigned: no --key was given" in doc["notes"], doc["notes"]
assert any("no verification summary was written" in n for n in doc["notes"]), doc["notes"]
PY
}

test_builder_id_and_out() {
  packed
  in_t attest "$ROCK" --builder-id https://ci.example.com/runners/42 --out "$T/prov.json"
  expect_exit 0
  [ ! -e "$T/$ATT" ] || die "--out was not used"
  [ "$(statement "$T/prov.json" | python3 -c 'import json,sys; print(json.load(sys.stdin)["predicate"]["runDetails"]["builder"]["id"])')" \
    = https://ci.example.com/runners/42 ] || die "builder id"
  in_t attest "$ROCK" --builder-id ""
  expect_exit 2
}

test_verification_summary_of_a_verify_report() {
  packed
  verify_report pass
  in_t attest "$ROCK"
  expect_exit 0
  expect_contains "$out" "attest: wrote $VSA: verification summary, PASSED (verify: pass)"
  schema_check summary "$T/$VSA" || die "the summary does not validate"
  schema_check provenance "$T/$ATT" || die "the provenance does not validate"
  python3 - "$T" <<'PY' || die "summary fields"
import hashlib, json, re, sys
d = sys.argv[1] + "/build/metallb-controller/"
sha = lambda p: hashlib.sha256(open(p, "rb").read()).hexdigest()
s = json.load(open(d + "verification.intoto.json"))
prov = json.load(open(d + "attestation.intoto.json"))
verify = json.load(open(d + "verify.json"))
assert s["predicateType"] == "https://slsa.dev/verification_summary/v1"
assert s["subject"] == prov["subject"]
p = s["predicate"]
assert p["verifier"]["id"].startswith("https://fipsrock.dev/verifier/")
assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", p["timeVerified"]), p["timeVerified"]
assert p["resourceUri"] == "pkg:oci/metallb-controller@sha256%3A" + verify["manifest"][7:] + "?arch=amd64&tag=v0.16.1", p["resourceUri"]
assert p["policy"]["uri"].startswith("https://fipsrock.dev/policies/verify-builtin@")
assert p["inputAttestations"] == [{"uri": "attestation.intoto.json", "digest": {"sha256": sha(d + "attestation.intoto.json")}}]
assert p["verificationResult"] == "PASSED"
assert p["verifiedLevels"] == ["SLSA_BUILD_LEVEL_1", "FIPSROCK_FIPS_VERIFIED"]
assert p["https://fipsrock.dev/vsa/waived-rules/v1"] == [
    {"rule": "pebble.fips", "subject": "/usr/bin/pebble", "reason": "the FIPS Pebble ships with rockcraft 1.20",
     "originalStatus": "warn", "message": "Pebble is not a FIPS build (waived)"}], p
report = p["https://fipsrock.dev/vsa/verify-report/v1"]
assert report["status"] == "pass" and report["failed"] == [] and report["findings"] == 2
assert report["report"]["digest"]["sha256"] == sha(d + "verify.json")
# The provenance lists the verify report as a byproduct.
assert {"name": "verify.json", "digest": {"sha256": sha(d + "verify.json")}, "mediaType": "application/json"} \
    in prov["predicate"]["runDetails"]["byproducts"]
PY
  in_t attest verify "$VSA" "$ROCK"
  expect_exit 0
  expect_contains "$out" "verification summary: PASSED"
}

test_a_failed_verify_gives_a_failed_summary() {
  packed
  verify_report fail
  in_t attest "$ROCK" --json
  expect_exit 0
  expect_json verification_summary "{'path': 'build/metallb-controller/verification.intoto.json', 'sha256': '$(sha256sum "$T/$VSA" | cut -d' ' -f1)', 'predicateType': 'https://slsa.dev/verification_summary/v1', 'verificationResult': 'FAILED'}"
  python3 - "$T/$VSA" <<'PY' || die "failed summary"
import json, sys
p = json.load(open(sys.argv[1]))["predicate"]
assert p["verificationResult"] == "FAILED" and p["verifiedLevels"] == ["FAILED"], p
failed = p["https://fipsrock.dev/vsa/verify-report/v1"]["failed"]
assert [f["rule"] for f in failed] == ["oci.blob-digest"], failed
PY
  in_t attest verify "$VSA" "$ROCK"
  expect_exit 1
  expect_contains "$err" "fipsrock: error: verification summary: FAILED"
}

# The verify stage's own report, with waivers from a policy, goes into the summary as it is.
test_summary_of_the_real_verify_report() {
  packed
  cat >"$T/policy.yaml" <<'YAML'
waivers:
  - rule: pebble.fips
    subject: "*"
    reason: the stand-in rock has no FIPS Pebble
YAML
  (cd "$T" && "$FIPSROCK_BIN" verify --json --policy policy.yaml "$ROCK" >"$DIR/verify.json" 2>/dev/null) || true
  python3 -c "import json,sys; d=json.load(open('$T/$DIR/verify.json')); assert d['status'] and 'findings' in d" \
    || die "fipsrock verify wrote no report: $(head -c 500 "$T/$DIR/verify.json")"
  in_t attest "$ROCK" --policy policy.yaml
  expect_exit 0
  python3 - "$T" <<'PY' || die "summary of the real report"
import hashlib, json, sys
t = sys.argv[1]
d = t + "/build/metallb-controller/"
verify = json.load(open(d + "verify.json"))
p = json.load(open(d + "verification.intoto.json"))["predicate"]
assert p["verificationResult"] == ("PASSED" if verify["status"] == "pass" else "FAILED"), (p["verificationResult"], verify["status"])
waived = [(f["id"], f["subject"], f["waiver_reason"]) for f in verify["findings"] if f.get("waived")]
assert waived, "the policy waived nothing"
assert [(w["rule"], w["subject"], w["reason"]) for w in p["https://fipsrock.dev/vsa/waived-rules/v1"]] == waived
failed = sorted(f["id"] for f in verify["findings"] if f["status"] in ("fail", "error") and not f.get("waived"))
assert sorted(f["rule"] for f in p["https://fipsrock.dev/vsa/verify-report/v1"]["failed"]) == failed
assert p["policy"] == {"uri": "policy.yaml", "digest": {"sha256": hashlib.sha256(open(t + "/policy.yaml", "rb").read()).hexdigest()}}, p["policy"]
PY
  schema_check summary "$T/$VSA" || die "the summary does not validate"
}

test_an_old_summary_does_not_outlive_its_verify_report() {
  packed
  verify_report pass
  in_t attest "$ROCK"
  [ -e "$T/$VSA" ] || die "no summary"
  rm "$T/$DIR/verify.json"
  in_t attest "$ROCK"
  expect_exit 0
  [ ! -e "$T/$VSA" ] || die "the old summary is still there"
  expect_contains "$out" "(the old $VSA was removed)"
}

test_signed_envelopes_verify() {
  packed
  keys
  verify_report pass
  in_t attest "$ROCK" --key key.pem --json
  expect_exit 0
  local keyid
  keyid=$(openssl ec -in "$T/key.pem" -pubout -outform DER 2>/dev/null | sha256sum | cut -d' ' -f1)
  expect_json signed True
  expect_json keyid "$keyid"
  schema_check provenance "$T/$ATT" || die "the signed provenance does not validate"
  schema_check summary "$T/$VSA" || die "the signed summary does not validate"
  # An independent check of the signature: openssl over the DSSE PAE.
  for file in "$ATT" "$VSA"; do
    python3 - "$T/$file" "$T" "$keyid" <<'PY' || die "$file envelope"
import base64, json, sys
env = json.load(open(sys.argv[1]))
assert env["payloadType"] == "application/vnd.in-toto+json", env["payloadType"]
assert len(env["signatures"]) == 1 and env["signatures"][0]["keyid"] == sys.argv[3], env["signatures"]
body = base64.b64decode(env["payload"])
t = env["payloadType"].encode()
pae = b"DSSEv1 %d %s %d %s" % (len(t), t, len(body), body)
open(sys.argv[2] + "/pae.bin", "wb").write(pae)
open(sys.argv[2] + "/sig.der", "wb").write(base64.b64decode(env["signatures"][0]["sig"]))
PY
    openssl dgst -sha256 -verify "$T/pub.pem" -signature "$T/sig.der" "$T/pae.bin" >/dev/null \
      || die "openssl does not verify the signature of $file"
  done
  in_t attest verify "$ATT" --key pub.pem "$ROCK"
  expect_exit 0
  expect_contains "$out" "signature verifies with pub.pem (keyid $keyid)"
  expect_contains "$out" "holds (signature verified)"
  in_t attest verify "$VSA" --key pub.pem "$ROCK"
  expect_exit 0
  in_t attest verify "$ATT" --key pub.pem "$ROCK" --json
  expect_exit 0
  expect_json status pass
  expect_json signed yes
}

# tamper FILE PYTHON: rewrite the envelope FILE with PYTHON applied to `env` (a dict).
tamper() {
  python3 - "$1" "$2" <<'PY'
import base64, json, sys
path, code = sys.argv[1:3]
env = json.load(open(path))
exec(code)
json.dump(env, open(path, "w"), indent=2)
PY
}

test_one_byte_of_the_statement_changed() {
  packed
  keys
  in_t attest "$ROCK" --key key.pem
  tamper "$T/$ATT" '
body = bytearray(base64.b64decode(env["payload"]))
at = body.index(b"rockcraft-pro")
body[at] = ord("R")
env["payload"] = base64.b64encode(bytes(body)).decode()'
  in_t attest verify "$ATT" --key pub.pem "$ROCK"
  expect_exit 1
  expect_contains "$err" "fipsrock: error: signature does not verify with pub.pem"
}

test_one_byte_of_the_signature_changed() {
  packed
  keys
  in_t attest "$ROCK" --key key.pem
  tamper "$T/$ATT" '
sig = bytearray(base64.b64decode(env["signatures"][0]["sig"]))
sig[-1] ^= 0x01
env["signatures"][0]["sig"] = base64.b64encode(bytes(sig)).decode()'
  in_t attest verify "$ATT" --key pub.pem "$ROCK"
  expect_exit 1
  expect_contains "$err" "fipsrock: error: signature does not verify with pub.pem"
}

test_one_byte_of_the_rock_changed() {
  packed
  keys
  in_t attest "$ROCK" --key key.pem
  local before after
  before=$(sha256sum "$T/$ROCK" | cut -d' ' -f1)
  # a byte in the middle: inside the layer blob, so the tar stays readable
  python3 -c "
import os, sys
p = sys.argv[1]
with open(p, 'r+b') as f:
    f.seek(os.path.getsize(p) // 2); b = f.read(1); f.seek(-1, 1); f.write(bytes([b[0] ^ 0xff]))" "$T/$ROCK"
  after=$(sha256sum "$T/$ROCK" | cut -d' ' -f1)
  in_t attest verify "$ATT" --key pub.pem "$ROCK"
  expect_exit 1
  expect_contains "$err" "fipsrock: error: subject digest mismatch: $ROCK has sha256:$after, attestation names sha256:$before"
  # and attest refuses to attest a rock that is not the one pack made
  in_t attest "$ROCK"
  expect_exit 1
  expect_contains "$err" "metallb-controller_v0.16.1_amd64.rock has sha256:$after, but pack.json recorded sha256:$before"
}

test_a_wrong_key() {
  packed
  keys
  in_t attest "$ROCK" --key key.pem
  in_t attest verify "$ATT" --key other-pub.pem "$ROCK"
  expect_exit 1
  expect_contains "$err" "fipsrock: error: signature does not verify with other-pub.pem"
}

test_unsigned_statements_are_refused_with_a_key_and_reported_without() {
  packed
  keys
  in_t attest "$ROCK"
  in_t attest verify "$ATT" --key pub.pem "$ROCK"
  expect_exit 1
  expect_contains "$err" "fipsrock: error: $ATT is an unsigned statement, but --key pub.pem was given: refusing it"
  in_t attest verify "$ATT" "$ROCK"
  expect_exit 0
  expect_contains "$out" "unsigned: $ATT is a plain statement"
  expect_contains "$out" "holds (unsigned)"
}

test_inputs_that_cannot_be_read() {
  packed
  keys
  in_t attest verify missing.json
  expect_exit 2
  expect_contains "$err" "fipsrock: error: cannot read file: missing.json"
  echo "not json" >"$T/junk.json"
  in_t attest verify junk.json
  expect_exit 2
  expect_contains "$err" "fipsrock: error: cannot read attestation: junk.json: not JSON"
  in_t attest "$ROCK"
  in_t attest verify "$ATT" missing.rock
  expect_exit 2
  echo "not a key" >"$T/bad.pem"
  in_t attest "$ROCK" --key bad.pem
  expect_exit 2
  expect_contains "$err" "fipsrock: error: bad.pem is not an unencrypted PEM private key"
  openssl ecparam -name secp384r1 -genkey -noout -out "$T/p384.pem" 2>/dev/null
  in_t attest "$ROCK" --key p384.pem
  expect_exit 2
  expect_contains "$err" "p384.pem is an EC key on curve secp384r1, not P-256 (prime256v1)"
}

test_missing_or_failed_records() {
  packed
  in_t attest --build-dir nowhere
  expect_exit 2
  expect_contains "$err" "fipsrock: error: cannot read file: nowhere/render.json"
  expect_contains "$err" "fipsrock: hint: run \`fipsrock render\` and \`fipsrock pack\` first"
  rm "$T/$DIR/pack.json"
  in_t attest --build-dir "$DIR"
  expect_exit 2
  expect_contains "$err" "fipsrock: hint: run \`fipsrock pack metallb-controller\` first"
}

test_a_failed_pack_has_nothing_to_attest() {
  packed fail-detached
  in_t attest --build-dir "$DIR"
  expect_exit 2
  expect_contains "$err" "pack.json: the pack of metallb-controller failed [pack.pro-detached]: there is no artifact to attest"
}

test_a_verify_report_of_another_image() {
  packed
  verify_report pass
  python3 - "$T/$DIR/verify.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["manifest"] = "sha256:" + "0" * 64
json.dump(d, open(sys.argv[1], "w"))
PY
  in_t attest "$ROCK"
  expect_exit 1
  expect_contains "$err" "the verify report is of image sha256:$(printf '0%.0s' $(seq 64))"
  [ ! -e "$T/$ATT" ] || die "attested anyway"
}

# predicate_has FILE PYTHON-EXPRESSION: true of `p`, the predicate of FILE's statement (`s`).
predicate_has() {
  statement "$1" >"$T/predicate.json"
  python3 - "$T/predicate.json" "$2" <<'PY' || die "$(cat "$T/predicate.json")"
import json, sys
s = json.load(open(sys.argv[1]))
p = s["predicate"]
if not eval(sys.argv[2]):
    sys.exit("not true of the statement: " + sys.argv[2])
PY
}

test_compare_with_an_equivalent_rebuild_is_attested() {
  packed
  keys
  cp "$SUITE/rebuild.rock" "$T/rebuild.rock"
  ! cmp -s "$T/$ROCK" "$T/rebuild.rock" || die "the rebuild is the same file"
  in_t attest "$ROCK" --key key.pem --compare rebuild.rock --json
  expect_exit 0
  python3 - "$T/stdout" <<'PY' || die "$out"
import json, sys
c = json.load(open(sys.argv[1]))["comparison"]
assert c["result"] == "EQUIVALENT" and c["bitForBit"] is False and c["differences"] == 0, c
PY
  [ -f "$T/$CMP" ] || die "no $CMP"
  schema_check summary "$T/$CMP" || die "the comparison statement does not validate"
  local rock_sha rebuild_sha
  rock_sha=$(sha256sum "$T/$ROCK" | cut -d' ' -f1)
  rebuild_sha=$(sha256sum "$T/rebuild.rock" | cut -d' ' -f1)
  predicate_has "$T/$CMP" "s['predicateType'] == 'https://fipsrock.dev/attestation/compare/v1'"
  predicate_has "$T/$CMP" "p['result'] == 'EQUIVALENT' and p['differences'] == [] and p['bitForBit'] is False"
  predicate_has "$T/$CMP" "p['a']['sha256'] == '$rock_sha' and p['b']['sha256'] == '$rebuild_sha'"
  predicate_has "$T/$CMP" "s['subject'][0]['digest']['sha256'] == '$rock_sha'"
  predicate_has "$T/$CMP" "any(i.startswith('/.rock/metadata.yaml:') for i in p['ignored'])"
  predicate_has "$T/$CMP" "p['inputAttestations'][0]['uri'] == 'attestation.intoto.json'"
  in_t attest verify "$CMP" --key pub.pem "$ROCK"
  expect_exit 0
  expect_contains "$out" "holds (signature verified)"
  # The next attest without --compare leaves no stale comparison behind.
  in_t attest "$ROCK" --key key.pem
  expect_exit 0
  [ ! -e "$T/$CMP" ] || die "a stale $CMP was left"
}

test_compare_with_different_software_is_attested_and_fails() {
  packed
  cp "$SUITE/other.rock" "$T/other.rock"
  in_t attest "$ROCK" --compare other.rock
  expect_exit 1
  expect_contains "$out" "DIFFERENT"
  expect_contains "$out" "NOT the same software"
  predicate_has "$T/$CMP" "p['result'] == 'DIFFERENT' and [d['path'] for d in p['differences']] == ['/controller']"
  predicate_has "$T/$CMP" "p['differences'][0]['aSha256'] != p['differences'][0]['bSha256']"
  in_t attest verify "$CMP" "$ROCK"
  expect_exit 0
}

test_compare_with_an_unreadable_rock_writes_no_comparison() {
  packed
  printf 'not a rock\n' >"$T/junk.rock"
  in_t attest "$ROCK" --compare junk.rock
  expect_exit 2
  expect_contains "$err" "junk.rock"
  [ ! -e "$T/$CMP" ] || die "$CMP written for an unreadable rock"
}
