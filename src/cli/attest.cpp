// SPDX-License-Identifier: Apache-2.0
#include "cli/attest.hpp"

#include "attest/check_statement.hpp"
#include "attest/collect.hpp"
#include "attest/dsse.hpp"
#include "attest/statement.hpp"
#include "cli/compare.hpp"
#include "cli/options.hpp"
#include "cli/stages.hpp"
#include "core/digest.hpp"
#include "core/time.hpp"
#include "sys/file.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <ctime>
#include <filesystem>
#include <optional>

namespace fipsrock::cli {

namespace {

namespace fs = std::filesystem;

// What one written statement file holds.
struct Written {
  std::string path;
  std::string sha256;
};

// `statement` as the file content attest writes: a DSSE envelope when `key` is set, else the
// statement itself. An error when the statement fails our own structure check (a bug: the
// records were accepted but made a bad statement) or signing fails.
core::Expected<std::string> statement_file(const nlohmann::ordered_json& statement,
                                           const attest::Key* key)
{
  const std::string bytes = attest::statement_bytes(statement);
  const auto problems = attest::statement_problems(nlohmann::json::parse(bytes));
  if (!problems.empty()) {
    return core::make_error(fmt::format("the {} statement is not valid: {}",
                                        statement.value("predicateType", "?"),
                                        problems.front()),
                            "this is a bug in fipsrock: please report it with the build records");
  }
  if (key == nullptr) {
    return bytes;
  }
  auto envelope = attest::sign_envelope(bytes, *key);
  if (!envelope) {
    return tl::make_unexpected(envelope.error());
  }
  return attest::envelope_json(*envelope);
}

core::Expected<Written> write_statement(const std::string& path,
                                        const nlohmann::ordered_json& statement,
                                        const attest::Key* key)
{
  auto content = statement_file(statement, key);
  if (!content) {
    return tl::make_unexpected(content.error());
  }
  if (auto written = sys::write_atomic(path, *content); !written) {
    return tl::make_unexpected(written.error());
  }
  return Written{path, core::sha256_hex(*content)};
}

std::string short_digest(const std::string& hex)
{
  return hex.substr(0, 16);
}

// The result of comparing the attested rock with another build (`attest --compare`).
struct Compared {
  Written written;
  bool equivalent = false;
  bool bit_for_bit = false;
  std::size_t differences = 0;
  std::string verdict;
};

// Compares the attested rock with `other` and writes the comparison statement to `path`. An
// error when either rock cannot be read whole (nothing is written then).
core::Expected<Compared> write_comparison(const attest::AttestFacts& facts,
                                          const std::string& other,
                                          const std::string& path,
                                          const Written& provenance,
                                          const std::string& provenance_reference,
                                          const attest::Key* signer,
                                          const GlobalOptions& global)
{
  auto compared = compare_rocks(facts.rock_path, other, global);
  if (!compared) {
    return tl::make_unexpected(compared.error());
  }
  for (const auto* side : {&compared->a, &compared->b}) {
    if (!side->problems.empty()) {
      return core::make_error(
          fmt::format("{} cannot be compared: {}", side->file, side->problems.front()),
          "run `fipsrock compare` on the two rocks to see every problem");
    }
  }
  const auto json = attest::comparison_json(compared->comparison, compared->a, compared->b);
  auto written =
      write_statement(path,
                      attest::comparison_statement(facts,
                                                   json,
                                                   {provenance_reference, provenance.sha256},
                                                   core::rfc3339_utc(std::time(nullptr))),
                      signer);
  if (!written) {
    return tl::make_unexpected(written.error());
  }
  Compared out;
  out.written = *written;
  out.equivalent = compared->comparison.equivalent;
  out.bit_for_bit = compared->comparison.bit_for_bit;
  out.differences = compared->comparison.differences.size();
  out.verdict = compare_verdict(*compared);
  return out;
}

} // namespace

core::ExitCode attest_rock(const AttestOptions& options, const GlobalOptions& global)
{
  attest::CollectOptions collect_options;
  collect_options.rock = options.rock;
  collect_options.build_dir = options.build_dir;
  collect_options.verify_report = options.verify_report;
  collect_options.policy = options.policy;
  collect_options.builder_id = options.builder_id;
  collect_options.mode = options.mode;
  auto facts = attest::collect(collect_options);
  if (!facts) {
    print_error(facts.error());
    return core::ExitCode::error;
  }
  const auto mismatches = attest::record_mismatches(*facts);
  if (!mismatches.empty()) {
    for (const auto& m : mismatches) {
      std::fprintf(stderr, "fipsrock: error: %s\n", m.c_str());
    }
    std::fprintf(stderr,
                 "fipsrock: hint: nothing was attested; render, pack and verify this rock again\n");
    return core::ExitCode::check_failed;
  }

  std::optional<attest::Key> key;
  if (!options.key.empty()) {
    auto pem = sys::read_file(options.key);
    if (!pem) {
      print_error(pem.error());
      return core::ExitCode::error;
    }
    auto loaded = attest::Key::private_from_pem(*pem, options.key);
    if (!loaded) {
      print_error(loaded.error());
      return core::ExitCode::error;
    }
    key = std::move(*loaded);
  }
  const attest::Key* signer = key ? &*key : nullptr;

  const std::string build_dir =
      options.build_dir.empty() ? fs::path(options.rock).parent_path().string() : options.build_dir;
  const fs::path dir = build_dir.empty() ? fs::path(".") : fs::path(build_dir);
  const std::string provenance_path =
      options.out.empty() ? (dir / "attestation.intoto.json").string() : options.out;
  const std::string summary_path = (dir / "verification.intoto.json").string();
  const std::string comparison_path = (dir / "comparison.intoto.json").string();

  auto provenance = write_statement(provenance_path, attest::provenance_statement(*facts), signer);
  if (!provenance) {
    print_error(provenance.error());
    return core::ExitCode::error;
  }

  // The other statements name the provenance by the path it can be found at from their folder.
  const std::string reference =
      fs::path(provenance_path).parent_path() == fs::path(summary_path).parent_path()
          ? fs::path(provenance_path).filename().string()
          : provenance_path;
  std::optional<Written> summary;
  std::string verify_note;
  if (facts->verify) {
    auto written =
        write_statement(summary_path,
                        attest::verification_summary(*facts, {reference, provenance->sha256}),
                        signer);
    if (!written) {
      print_error(written.error());
      return core::ExitCode::error;
    }
    summary = *written;
  } else {
    // A summary of an earlier run must not stand beside this provenance.
    std::error_code ec;
    const bool removed = fs::remove(summary_path, ec);
    verify_note = fmt::format(
        "no verify report ({} is absent): no verification summary was written{}",
        (dir / "verify.json").string(),
        removed ? fmt::format(" (the old {} was removed)", summary_path) : std::string());
  }
  // A comparison of an earlier run must not stand beside this provenance either.
  std::optional<Compared> comparison;
  {
    std::error_code ec;
    fs::remove(comparison_path, ec);
  }
  if (!options.compare.empty()) {
    auto compared = write_comparison(
        *facts, options.compare, comparison_path, *provenance, reference, signer, global);
    if (!compared) {
      print_error(compared.error());
      return core::ExitCode::error;
    }
    comparison = std::move(*compared);
  }
  const core::ExitCode result =
      comparison && !comparison->equivalent ? core::ExitCode::check_failed : core::ExitCode::ok;
  const std::string signing =
      signer != nullptr ? fmt::format("signed with {} (keyid {})", options.key, signer->keyid())
                        : "UNSIGNED";
  if (signer == nullptr) {
    std::fprintf(stderr,
                 "fipsrock: warning: no --key given: the statements are written unsigned (plain "
                 "in-toto statements, not DSSE envelopes)\n");
  }

  if (global.json) {
    if (!options.print_json) {
      return result;
    }
    nlohmann::ordered_json doc;
    doc["fipsrock"] = FIPSROCK_VERSION;
    doc["command"] = "attest";
    doc["status"] = "pass";
    doc["rock"] = {{"file", facts->rock_file},
                   {"sha256", facts->rock_sha256},
                   {"manifest", facts->manifest_digest}};
    doc["signed"] = signer != nullptr;
    doc["keyid"] = signer != nullptr ? nlohmann::ordered_json(signer->keyid()) : nullptr;
    doc["builder_id"] = facts->builder_id;
    doc["provenance"] = {{"path", provenance->path},
                         {"sha256", provenance->sha256},
                         {"predicateType", attest::k_provenance_type}};
    if (facts->verify) {
      doc["verify_report"] = {{"path", facts->verify_report->path},
                              {"status", facts->verify->status}};
      doc["verification_summary"] = {
          {"path", summary->path},
          {"sha256", summary->sha256},
          {"predicateType", attest::k_vsa_type},
          {"verificationResult", facts->verify->status == "pass" ? "PASSED" : "FAILED"}};
    } else {
      doc["verify_report"] = nullptr;
      doc["verification_summary"] = nullptr;
    }
    nlohmann::ordered_json notes = nlohmann::ordered_json::array();
    if (signer == nullptr) {
      notes.push_back("unsigned: no --key was given");
    }
    if (!verify_note.empty()) {
      notes.push_back(verify_note);
    }
    if (comparison) {
      doc["comparison"] = {{"path", comparison->written.path},
                           {"sha256", comparison->written.sha256},
                           {"predicateType", attest::k_compare_type},
                           {"other", options.compare},
                           {"result", comparison->equivalent ? "EQUIVALENT" : "DIFFERENT"},
                           {"bitForBit", comparison->bit_for_bit},
                           {"differences", comparison->differences}};
    } else {
      doc["comparison"] = nullptr;
    }
    if (result != core::ExitCode::ok) {
      doc["status"] = "fail";
    }
    doc["notes"] = notes;
    std::fputs((doc.dump(2) + "\n").c_str(), stdout);
    return result;
  }
  std::printf("attest: wrote %s: SLSA provenance of %s (sha256:%s…), %s\n",
              provenance->path.c_str(),
              facts->rock_file.c_str(),
              short_digest(facts->rock_sha256).c_str(),
              signing.c_str());
  if (summary) {
    std::printf("attest: wrote %s: verification summary, %s (verify: %s), %s\n",
                summary->path.c_str(),
                facts->verify->status == "pass" ? "PASSED" : "FAILED",
                facts->verify->status.c_str(),
                signing.c_str());
  } else {
    std::printf("attest: %s; run `fipsrock verify` first to have one\n", verify_note.c_str());
  }
  if (comparison) {
    std::printf("attest: wrote %s: comparison with %s, %s, %s\n",
                comparison->written.path.c_str(),
                options.compare.c_str(),
                comparison->equivalent ? "EQUIVALENT" : "DIFFERENT",
                signing.c_str());
    std::printf("%s\n", comparison->verdict.c_str());
  }
  return result;
}

void add_attest(CLI::App& app, const GlobalOptions& global, int& exit_code)
{
  auto options = std::make_shared<AttestOptions>();
  CLI::App* sub = app.add_subcommand(
      "attest", "Write the SLSA provenance and verification summary of a packed rock (in-toto)");
  sub->add_option("rock", options->rock, "The .rock (default: the artifact pack.json records)");
  sub->add_option("--build-dir",
                  options->build_dir,
                  "The rock's build folder, build/<rock> (default: the folder of ROCK)");
  sub->add_option(
      "--out", options->out, "The provenance file (default: <build-dir>/attestation.intoto.json)");
  sub->add_option("--key", options->key, "Sign as DSSE envelopes with this ECDSA P-256 PEM key");
  sub->add_option("--builder-id",
                  options->builder_id,
                  "runDetails.builder.id (default: https://fipsrock.dev/builder/<hostname>)")
      ->check([](const std::string& value) {
        return value.empty() ? std::string("the builder id must not be empty") : std::string();
      });
  sub->add_option("--verify-report",
                  options->verify_report,
                  "The verify report (default: <build-dir>/verify.json when there)");
  sub->add_option(
      "--policy", options->policy, "The verify policy file, named in the verification summary");
  sub->add_option("--compare",
                  options->compare,
                  "Compare the rock with this other build of it and attest the result "
                  "(<build-dir>/comparison.intoto.json)");
  sub->add_option("--mode", options->mode, "The build mode (default: what pack.json shows)")
      ->check(CLI::IsMember({"guest-attach", "pro-sources", "destructive"}));

  auto verify_options = std::make_shared<AttestVerifyOptions>();
  CLI::App* verify = sub->add_subcommand(
      "verify", "Check an attestation's signature, structure and subjects against .rock files");
  verify->add_option("attestation", verify_options->attestation, "The attestation file")
      ->required();
  verify->add_option("rocks", verify_options->rocks, "The .rock files it must name");
  verify->add_option(
      "--key", verify_options->key, "The PEM public key the signature must verify with");
  verify->callback([verify_options, &global, &exit_code]() {
    exit_code = run_attest_verify(*verify_options, global);
  });

  sub->callback([options, verify, &global, &exit_code]() {
    if (verify->parsed()) {
      return;
    }
    if (options->rock.empty() && options->build_dir.empty()) {
      print_error(
          {"attest needs a .rock or --build-dir",
           "fipsrock attest build/<rock>/<rock>_<version>_<platform>.rock [--key KEY.pem]"});
      exit_code = core::to_int(core::ExitCode::error);
      return;
    }
    exit_code = core::to_int(attest_rock(*options, global));
  });
}

} // namespace fipsrock::cli
