// SPDX-License-Identifier: Apache-2.0
#include "verify/policy.hpp"

#include "core/spellcheck.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <map>

namespace fipsrock::verify {

namespace {

class Reader {
public:
  explicit Reader(std::string path) : m_path(std::move(path)) {}

  tl::unexpected<core::Error>
  fail(const YAML::Node& at, const std::string& key, const std::string& what) const
  {
    const int line = at.IsDefined() ? at.Mark().line + 1 : 0;
    return core::make_error(fmt::format("{}:{}: {}: {}", m_path, line, key, what),
                            fmt::format("fix {} and run again", m_path));
  }

  core::Expected<void> keys(const YAML::Node& node,
                            const std::string& key,
                            const std::vector<std::string>& allowed) const
  {
    if (!node.IsMap()) {
      return fail(node, key.empty() ? "(top)" : key, "expected a mapping");
    }
    for (const auto& item : node) {
      const std::string name = item.first.Scalar();
      if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
        return fail(item.first,
                    key.empty() ? name : key + "." + name,
                    "unknown key" + core::did_you_mean(name, allowed));
      }
    }
    return {};
  }

  core::Expected<std::string> string(const YAML::Node& node, const std::string& key) const
  {
    if (!node.IsScalar()) {
      return fail(node, key, "expected a string");
    }
    return node.Scalar();
  }

  core::Expected<bool> boolean(const YAML::Node& node, const std::string& key) const
  {
    bool value = false;
    if (!node.IsScalar() || !YAML::convert<bool>::decode(node, value)) {
      return fail(node, key, "expected true or false");
    }
    return value;
  }

  core::Expected<std::uint64_t> number(const YAML::Node& node, const std::string& key) const
  {
    if (!node.IsScalar()) {
      return fail(node, key, "expected a whole number");
    }
    const std::string& text = node.Scalar();
    if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos ||
        text.size() > 19) {
      return fail(node, key, "expected a whole number, got '" + text + "'");
    }
    return std::stoull(text);
  }

private:
  std::string m_path;
};

core::Expected<VerifyPolicy> parse(const Reader& r, const YAML::Node& root)
{
  VerifyPolicy policy;
  {
    auto ok = r.keys(root, "", {"go", "expect", "pebble", "budgets", "waivers"});
    if (!ok) {
      return tl::make_unexpected(ok.error());
    }
  }
  if (const YAML::Node go = root["go"]; go.IsDefined() && !go.IsNull()) {
    auto ok =
        r.keys(go,
               "go",
               {"expected-version", "msgo-revision", "accept-boringcrypto", "require-ms-tls13kdf"});
    if (!ok) {
      return tl::make_unexpected(ok.error());
    }
    if (go["expected-version"]) {
      FIPSROCK_TRY_ASSIGN(policy.go.expected_go_version,
                          r.string(go["expected-version"], "go.expected-version"));
    }
    if (go["msgo-revision"]) {
      FIPSROCK_TRY_ASSIGN(policy.go.expected_msgo_revision,
                          r.string(go["msgo-revision"], "go.msgo-revision"));
    }
    if (go["accept-boringcrypto"]) {
      FIPSROCK_TRY_ASSIGN(policy.go.accept_boringcrypto,
                          r.boolean(go["accept-boringcrypto"], "go.accept-boringcrypto"));
    }
    if (go["require-ms-tls13kdf"]) {
      FIPSROCK_TRY_ASSIGN(policy.go.require_ms_tls13kdf_for_123_124,
                          r.boolean(go["require-ms-tls13kdf"], "go.require-ms-tls13kdf"));
    }
  }
  if (const YAML::Node expect = root["expect"]; expect.IsDefined() && !expect.IsNull()) {
    auto ok = r.keys(expect, "expect", {"name", "version", "platform"});
    if (!ok) {
      return tl::make_unexpected(ok.error());
    }
    const std::pair<const char*, std::string*> fields[] = {{"name", &policy.expect_name},
                                                           {"version", &policy.expect_version},
                                                           {"platform", &policy.expect_platform}};
    for (const auto& [key, target] : fields) {
      if (expect[key]) {
        FIPSROCK_TRY_ASSIGN(*target, r.string(expect[key], std::string("expect.") + key));
      }
    }
  }
  if (const YAML::Node pebble = root["pebble"]; pebble.IsDefined() && !pebble.IsNull()) {
    auto ok = r.keys(pebble, "pebble", {"require-fips"});
    if (!ok) {
      return tl::make_unexpected(ok.error());
    }
    if (pebble["require-fips"]) {
      FIPSROCK_TRY_ASSIGN(policy.require_fips_pebble,
                          r.boolean(pebble["require-fips"], "pebble.require-fips"));
    }
  }
  if (const YAML::Node budgets = root["budgets"]; budgets.IsDefined() && !budgets.IsNull()) {
    Budgets& b = policy.budgets;
    const std::map<std::string, std::uint64_t*> fields = {
        {"max-total-bytes", &b.max_total_bytes},
        {"max-entries", &b.max_entries},
        {"max-entry-bytes", &b.max_entry_bytes},
        {"max-ratio", &b.max_ratio},
        {"ratio-floor", &b.ratio_floor},
        {"max-json-bytes", &b.max_json_bytes},
        {"max-elf-bytes", &b.max_elf_bytes},
        {"max-outer-entries", &b.max_outer_entries}};
    std::vector<std::string> names;
    names.reserve(std::size(fields));
    for (const auto& [name, target] : fields) {
      names.push_back(name);
    }
    auto ok = r.keys(budgets, "budgets", names);
    if (!ok) {
      return tl::make_unexpected(ok.error());
    }
    for (const auto& [name, target] : fields) {
      if (budgets[name]) {
        FIPSROCK_TRY_ASSIGN(*target, r.number(budgets[name], "budgets." + name));
      }
    }
  }
  if (const YAML::Node waivers = root["waivers"]; waivers.IsDefined() && !waivers.IsNull()) {
    if (!waivers.IsSequence()) {
      return r.fail(waivers, "waivers", "expected a list of {rule, subject, reason}");
    }
    for (std::size_t i = 0; i < waivers.size(); ++i) {
      const YAML::Node item = waivers[i];
      const std::string key = fmt::format("waivers[{}]", i);
      auto ok = r.keys(item, key, {"rule", "subject", "reason"});
      if (!ok) {
        return tl::make_unexpected(ok.error());
      }
      Waiver waiver;
      const std::pair<const char*, std::string*> fields[] = {
          {"rule", &waiver.rule}, {"subject", &waiver.subject}, {"reason", &waiver.reason}};
      for (const auto& [name, target] : fields) {
        if (!item[name]) {
          return r.fail(item,
                        key + "." + name,
                        "missing: every waiver names a rule, a subject "
                        "and the reason it is acceptable");
        }
        FIPSROCK_TRY_ASSIGN(*target, r.string(item[name], key + "." + name));
        if (target->empty()) {
          return r.fail(item[name], key + "." + name, "must not be empty");
        }
      }
      policy.waivers.push_back(std::move(waiver));
    }
  }
  return policy;
}

} // namespace

core::Expected<VerifyPolicy> parse_policy(std::string_view text, const std::string& path)
{
  Reader reader(path);
  try {
    const YAML::Node root = YAML::Load(std::string(text));
    if (root.IsNull()) {
      return VerifyPolicy{};
    }
    return parse(reader, root);
  } catch (const YAML::Exception& e) {
    return core::make_error(fmt::format("{}:{}: {}", path, e.mark.line + 1, e.msg),
                            fmt::format("fix the YAML syntax of {}", path));
  }
}

bool subject_matches(std::string_view pattern, std::string_view subject)
{
  // Iterative glob with single-star backtracking: linear in practice, no recursion.
  std::size_t p = 0;
  std::size_t s = 0;
  std::size_t star = std::string_view::npos;
  std::size_t mark = 0;
  while (s < subject.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == subject[s])) {
      ++p;
      ++s;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = s;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      s = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') {
    ++p;
  }
  return p == pattern.size();
}

VerifyResult apply_waivers(core::Report report, const std::vector<Waiver>& waivers)
{
  VerifyResult result;
  std::vector<bool> used(waivers.size(), false);
  for (std::size_t i = 0; i < report.findings.size(); ++i) {
    core::Finding& f = report.findings[i];
    if (f.status == core::Status::pass || f.status == core::Status::info) {
      continue;
    }
    for (std::size_t w = 0; w < waivers.size(); ++w) {
      if (waivers[w].rule != f.id || !subject_matches(waivers[w].subject, f.subject)) {
        continue;
      }
      used[w] = true;
      result.waived.push_back(AppliedWaiver{i, f.status, waivers[w]});
      f.message += fmt::format(" [waived {}: {}]", core::to_string(f.status), waivers[w].reason);
      f.status = core::Status::info;
      break;
    }
  }
  for (std::size_t w = 0; w < waivers.size(); ++w) {
    if (!used[w]) {
      core::Finding f;
      f.id = "policy.waiver";
      f.status = core::Status::warn;
      f.subject = "policy";
      f.message = fmt::format(
          "the waiver of {} for {} matched no finding", waivers[w].rule, waivers[w].subject);
      f.remediation = "remove the waiver, or correct its rule id or subject";
      f.evidence = {{"rule", waivers[w].rule},
                    {"subject", waivers[w].subject},
                    {"reason", waivers[w].reason}};
      report.findings.push_back(std::move(f));
    }
  }
  result.report = std::move(report);
  return result;
}

} // namespace fipsrock::verify
