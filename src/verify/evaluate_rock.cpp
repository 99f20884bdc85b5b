// SPDX-License-Identifier: Apache-2.0
// The rock's identity (research/rockcraft.md §3): /.rock/metadata.yaml against the file name
// <name>_<version>_<platform>.rock, the config and the --expect-* options; the Pebble
// entrypoint and its layer file.
#include "verify/parse_rock.hpp"
#include "verify/rules.hpp"
#include "verify/tar_path.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

namespace fipsrock::verify {

namespace {

using core::Status;

constexpr std::string_view k_metadata_path = ".rock/metadata.yaml";
constexpr std::string_view k_pebble_layers = "var/lib/pebble/default/layers";

// A value every source that has one must agree on.
struct Claim {
  const char* source;
  std::string value;
};

void agree(const char* id,
           const std::string& subject,
           const char* what,
           const std::vector<Claim>& claims,
           const char* remediation,
           Findings& out)
{
  core::Evidence evidence;
  std::string first;
  std::vector<std::string> disagreements;
  for (const Claim& claim : claims) {
    if (claim.value.empty()) {
      continue;
    }
    evidence.emplace_back(claim.source, claim.value);
    if (first.empty()) {
      first = claim.value;
    } else if (claim.value != first) {
      disagreements.push_back(fmt::format("{} says '{}'", claim.source, claim.value));
    }
  }
  if (first.empty()) {
    out.push_back(
        make(id, Status::fail, subject, fmt::format("no {} found", what), remediation, evidence));
  } else if (!disagreements.empty()) {
    out.push_back(make(id,
                       Status::fail,
                       subject,
                       fmt::format("{} '{}' from {}, but {}",
                                   what,
                                   first,
                                   evidence.front().first,
                                   fmt::join(disagreements, ", ")),
                       remediation,
                       evidence));
  } else {
    out.push_back(
        make(id, Status::pass, subject, fmt::format("{} '{}'", what, first), {}, evidence));
  }
}

bool is_architecture_name(const std::string& platform)
{
  return !multiarch_triplet(platform).empty();
}

// The content of the regular file at `path` as the rock keeps it (small files the rules read).
const std::string* content_at(const RootFs& root, std::string_view path)
{
  const auto lookup = root.resolve(path);
  if (!lookup || lookup->node == nullptr || lookup->node->entry == nullptr ||
      lookup->node->type != EntryType::regular || !lookup->node->entry->content) {
    return nullptr;
  }
  return &*lookup->node->entry->content;
}

} // namespace

void check_identity(const RockFacts& facts,
                    const Image& image,
                    const RootFs& root,
                    const VerifyPolicy& policy,
                    Findings& out)
{
  const std::string subject = facts.file_name;

  RockFileName file;
  if (auto parsed = parse_rock_file_name(facts.file_name)) {
    file = *parsed;
  } else {
    out.push_back(
        make(k_rule_rock_name, Status::warn, subject, parsed.error().message, parsed.error().hint));
  }

  RockMetadata metadata;
  if (const std::string* text = content_at(root, k_metadata_path)) {
    if (auto parsed = parse_rock_metadata(*text)) {
      metadata = *parsed;
      out.push_back(make(k_rule_rock_metadata,
                         Status::pass,
                         subject,
                         "/.rock/metadata.yaml names the rock",
                         {},
                         {{"name", metadata.name},
                          {"version", metadata.version},
                          {"architecture", metadata.architecture},
                          {"base", metadata.base},
                          {"created", metadata.created}}));
    } else {
      out.push_back(make(k_rule_rock_metadata,
                         Status::fail,
                         subject,
                         "/.rock/metadata.yaml is not valid: " + parsed.error().message,
                         "rebuild the rock with rockcraft"));
    }
  } else {
    out.push_back(make(k_rule_rock_metadata,
                       Status::fail,
                       subject,
                       "/.rock/metadata.yaml is missing: this is not a rock rockcraft built",
                       "build the rock with rockcraft pack"));
  }

  const char* fix_identity =
      "verify the rock you meant to, or rebuild it: its name, version and platform must agree";
  agree(k_rule_rock_name,
        subject,
        "name",
        {{"metadata.yaml", metadata.name},
         {"file name", file.name},
         {"--expect-name", policy.expect_name}},
        fix_identity,
        out);

  std::string label_version;
  if (image.config) {
    const auto it = image.config->labels.find("org.opencontainers.image.version");
    if (it != image.config->labels.end()) {
      label_version = it->second;
    }
  }
  agree(k_rule_rock_version,
        subject,
        "version",
        {{"metadata.yaml", metadata.version},
         {"file name", file.version},
         {"index ref.name", image.ref_name},
         {"config label", label_version},
         {"--expect-version", policy.expect_version}},
        fix_identity,
        out);

  const std::string config_arch = image.config ? image.config->architecture : std::string();
  std::vector<Claim> arch_claims = {{"metadata.yaml", metadata.architecture},
                                    {"config", config_arch}};
  if (image.index_platform) {
    arch_claims.push_back({"index platform", image.index_platform->architecture});
  }
  // A platform name is usually the architecture; a custom one can only be compared as a name.
  const bool arch_names =
      is_architecture_name(file.platform) &&
      (policy.expect_platform.empty() || is_architecture_name(policy.expect_platform));
  if (arch_names) {
    arch_claims.push_back({"file name", file.platform});
    arch_claims.push_back({"--expect-platform", policy.expect_platform});
    agree(k_rule_rock_platform, subject, "architecture", arch_claims, fix_identity, out);
  } else {
    agree(k_rule_rock_platform, subject, "architecture", arch_claims, fix_identity, out);
    agree(k_rule_rock_platform,
          subject,
          "platform",
          {{"file name", file.platform}, {"--expect-platform", policy.expect_platform}},
          fix_identity,
          out);
  }

  // The Pebble layer files rockcraft writes: 001-<name>.yaml (001-rockcraft-<name>.yaml since
  // rockcraft 1.15).
  std::vector<PebbleService> services;
  std::vector<std::string> layer_files;
  const auto layers_dir = root.resolve(k_pebble_layers);
  if (layers_dir) {
    const std::string prefix = layers_dir->path + "/";
    for (auto it = root.nodes().lower_bound(prefix);
         it != root.nodes().end() && it->first.compare(0, prefix.size(), prefix) == 0;
         ++it) {
      const std::string_view base = base_of(it->first);
      if (parent_of(it->first) != layers_dir->path || base.substr(0, 4) != "001-" ||
          base.size() < 5 || base.substr(base.size() - 5) != ".yaml") {
        continue;
      }
      layer_files.push_back(image_path(it->first));
      if (const std::string* text = content_at(root, it->first)) {
        if (auto layer = parse_pebble_layer(*text)) {
          services.insert(services.end(), layer->services.begin(), layer->services.end());
        } else {
          out.push_back(make(k_rule_rock_pebble_layer,
                             Status::fail,
                             image_path(it->first),
                             layer.error().message,
                             "rebuild the rock with rockcraft"));
        }
      }
    }
  }
  std::vector<std::string> service_names;
  service_names.reserve(services.size());
  for (const auto& s : services) {
    service_names.push_back(s.name);
  }
  if (layer_files.empty()) {
    out.push_back(make(k_rule_rock_pebble_layer,
                       Status::fail,
                       subject,
                       "no Pebble layer file /var/lib/pebble/default/layers/001-*.yaml",
                       "rockcraft writes it from the services: section; rebuild the rock"));
  } else {
    out.push_back(
        make(k_rule_rock_pebble_layer,
             Status::pass,
             subject,
             fmt::format("{} defines {}",
                         fmt::join(layer_files, ", "),
                         service_names.empty()
                             ? std::string("no services")
                             : fmt::format("services {}", fmt::join(service_names, ", "))),
             {},
             {{"files", fmt::format("{}", fmt::join(layer_files, " "))}}));
  }

  // Entrypoint: [<pebble>, enter, --args, <service>], the service one of the layer's.
  const std::vector<std::string> entrypoint =
      image.config ? image.config->entrypoint : std::vector<std::string>();
  const std::string shown = fmt::format("[{}]", fmt::join(entrypoint, ", "));
  const core::Evidence evidence = {{"entrypoint", shown}};
  const char* fix = "set entrypoint-service in rockcraft.yaml to the Pebble service to run";
  const bool shape = entrypoint.size() == 4 &&
                     (entrypoint[0] == "/bin/pebble" || entrypoint[0] == "/usr/bin/pebble") &&
                     entrypoint[1] == "enter" && entrypoint[2] == "--args";
  if (!image.config) {
    out.push_back(make(k_rule_rock_entrypoint,
                       Status::fail,
                       subject,
                       "no config: the entrypoint cannot be checked",
                       fix));
  } else if (!shape) {
    out.push_back(make(k_rule_rock_entrypoint,
                       Status::fail,
                       subject,
                       fmt::format("entrypoint is {}, expected [/bin/pebble, enter, --args, "
                                   "<service>]",
                                   shown),
                       fix,
                       evidence));
  } else {
    const auto pebble = root.resolve(normalize_name(entrypoint[0]).path);
    const bool present =
        pebble && pebble->node != nullptr && pebble->node->type == EntryType::regular;
    const bool known =
        std::find(service_names.begin(), service_names.end(), entrypoint[3]) != service_names.end();
    if (!present) {
      out.push_back(
          make(k_rule_rock_entrypoint,
               Status::fail,
               subject,
               fmt::format("the entrypoint runs {}, which is not in the image", entrypoint[0]),
               "the rock must ship Pebble (rockcraft adds the pebble part)",
               evidence));
    } else if (!known) {
      out.push_back(make(k_rule_rock_entrypoint,
                         Status::fail,
                         subject,
                         fmt::format("the entrypoint starts service '{}', which no Pebble layer "
                                     "defines",
                                     entrypoint[3]),
                         fix,
                         evidence));
    } else {
      out.push_back(make(k_rule_rock_entrypoint,
                         Status::pass,
                         subject,
                         fmt::format("Pebble starts service '{}'", entrypoint[3]),
                         {},
                         evidence));
    }
  }
}

} // namespace fipsrock::verify
