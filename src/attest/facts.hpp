// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>
#include <vector>

// What attest knows about one build: the records of the earlier stages (build/<rock>/*.json),
// the artifact's digests and where the build ran. Plain data; the builders in statement.hpp
// turn it into in-toto statements.

namespace fipsrock::attest {

// A file an earlier stage read or wrote, by its sha256 (64 lowercase hex digits).
struct FileRef {
  std::string path;
  std::string sha256;
};

// One archive of the Microsoft Go toolchain (msgo-tarball strategy).
struct GoArchive {
  std::string platform;
  std::string url;
  std::string sha256;
};

// A Debian package staged from the Pro FIPS archive; `version` empty when not pinned.
struct DebPackage {
  std::string name;
  std::string version;
};

// build/<rock>/render.json: what was asked for and which inputs made the recipe.
struct RenderRecord {
  std::string rock;
  std::string version; // the MetalLB tag, also the rock's version
  std::vector<std::string> platforms;
  std::string source_repo; // https://github.com/metallb/metallb
  std::string source_tag;
  std::string source_commit;
  std::string go_strategy;      // msgo-tarball | go-snap
  std::string openssl_strategy; // fips-debs | core22-snap
  bool requirefips = false;
  std::string go_version;               // msgo-tarball: "1.26.4-1"
  std::vector<GoArchive> go_archives;   // msgo-tarball
  std::string go_snap_channel;          // go-snap: "1.25-fips/stable"
  std::vector<DebPackage> openssl_debs; // fips-debs
  std::string openssl_snap;             // core22-snap: "core22/fips-updates/stable"
  FileRef project;
  FileRef pins;
  std::string templates_source; // "embedded" or a folder
  std::vector<FileRef> templates;
  FileRef rockcraft_yaml;
};

// build/<rock>/pack.json of a pack that succeeded.
struct PackRecord {
  std::string rock;
  std::string version;
  std::string platform;
  std::string status; // "pass" (anything else is refused by the parser)
  std::vector<std::string> argv;
  std::string mode; // empty when the record does not say
  std::string rockcraft_version;
  std::string rockcraft_revision;
  std::string started;  // RFC 3339 UTC, "YYYY-MM-DDThh:mm:ssZ"
  std::string finished; // RFC 3339 UTC
  std::string log_path;
  std::string artifact_path;
  std::string artifact_sha256;
  unsigned long long artifact_size = 0;
};

// A verify finding whose failure a waiver excused.
struct WaivedFinding {
  std::string id;
  std::string subject;
  std::string message;
  std::string reason;
  std::string original_status; // what it was before the waiver ("fail", "warn", ...)
};

// A verify finding that decided a failed (or undecided) verdict.
struct FailedFinding {
  std::string id;
  std::string status; // "fail" or "error"
  std::string subject;
  std::string message;
};

// build/<rock>/verify.json (the verify report of this rock).
struct VerifyRecord {
  std::string status;   // "pass", "fail" or "error"
  std::string rock;     // the file verify read, when the report says
  std::string manifest; // "sha256:<hex>" of the image verify read, when the report says
  std::size_t findings = 0;
  std::vector<FailedFinding> failed;
  std::vector<WaivedFinding> waived;
  std::string policy_path;   // the --policy file verify used, when the report says
  std::string time_verified; // RFC 3339, when the report says
};

// Everything the statements are built from.
struct AttestFacts {
  RenderRecord render;
  PackRecord pack;
  std::string rock_path;       // the .rock as it was read
  std::string rock_file;       // file name of the .rock ("metallb-controller_v0.16.1_amd64.rock")
  std::string rock_sha256;     // of the file as read now
  std::string manifest_digest; // "sha256:<hex>" from the rock's index.json
  std::string pack_record_sha256; // of pack.json's bytes: the build invocation's identity
  std::optional<std::string> rockcraft_yaml_sha256; // of <build dir>/rockcraft.yaml, if there
  std::optional<FileRef> pack_log;
  std::optional<VerifyRecord> verify;
  std::optional<FileRef> verify_report; // the file `verify` came from
  std::optional<FileRef> policy;        // the verify policy, when known and readable
  std::string builder_id;               // never empty
  std::string verifier_id;              // never empty
  std::string mode;                     // guest-attach | pro-sources | destructive
  std::string time_verified;            // RFC 3339 UTC (verify record, else its file's mtime)
};

} // namespace fipsrock::attest
