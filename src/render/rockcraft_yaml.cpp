// SPDX-License-Identifier: Apache-2.0
#include "render/rockcraft_yaml.hpp"

#include "core/embedded.hpp"
#include "render/parse_inputs.hpp"

#include <fmt/format.h>

#include <kainjow/mustache.hpp>

namespace fipsrock::render {

namespace km = kainjow::mustache;

namespace {

const char* const k_template_prefix = "templates/";
const char* const k_version_package = "go.universe.tf/metallb/internal/version";

km::data list_of(const std::vector<km::data>& items)
{
  km::data list{km::data::type::list};
  for (const auto& item : items) {
    list.push_back(item);
  }
  return list;
}

} // namespace

Templates embedded_templates()
{
  Templates out;
  for (const auto* f = core::embedded_files_begin(); f != core::embedded_files_end(); ++f) {
    const std::string path = f->path;
    if (path.rfind(k_template_prefix, 0) == 0) {
      out[path.substr(std::string(k_template_prefix).size())] = f->content;
    }
  }
  return out;
}

std::string yaml_quote(const std::string& text)
{
  std::string out = "\"";
  for (const char c : text) {
    switch (c) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\t':
      out += "\\t";
      break;
    default:
      if (static_cast<unsigned char>(c) < 0x20) {
        out += fmt::format("\\x{:02x}", static_cast<unsigned>(static_cast<unsigned char>(c)));
      } else {
        out += c;
      }
    }
  }
  return out + "\"";
}

std::string go_build_tags(const Project& project, const Pins& pins)
{
  std::vector<std::string> tags;
  const std::string minor = toolchain_minor(project, pins);
  if (minor == "1.23" || minor == "1.24") {
    tags.push_back("ms_tls13kdf");
  }
  if (project.requirefips) {
    tags.push_back("requirefips");
  }
  std::string out;
  for (const auto& tag : tags) {
    out += (out.empty() ? "" : ",") + tag;
  }
  return out;
}

core::Expected<std::string> render_rockcraft_yaml(const Project& project,
                                                  const Pins& pins,
                                                  const Rock& rock,
                                                  const Templates& templates)
{
  const std::string go_partial = fmt::format("go/{}.mustache", to_string(project.go));
  const std::string openssl_partial =
      fmt::format("openssl/{}.mustache", to_string(project.openssl));
  for (const std::string& name : {std::string("rock.yaml.mustache"),
                                  std::string("go-build.mustache"),
                                  go_partial,
                                  openssl_partial}) {
    if (templates.count(name) == 0) {
      return core::make_error(
          fmt::format("template {} is missing", name),
          "check --templates; it must hold every file of the templates/ folder");
    }
  }

  km::data d;
  d.set("name", rock.name);
  d.set("summary", yaml_quote(rock.summary));
  std::vector<km::data> lines;
  std::string description = rock.description;
  while (!description.empty() && description.back() == '\n') {
    description.pop_back();
  }
  std::size_t start = 0;
  while (start <= description.size()) {
    const auto end = description.find('\n', start);
    km::data line;
    line.set("line",
             description.substr(start, end == std::string::npos ? std::string::npos : end - start));
    lines.push_back(line);
    if (end == std::string::npos) {
      break;
    }
    start = end + 1;
  }
  d.set("description_lines", list_of(lines));
  d.set("version", yaml_quote(project.source_tag));
  d.set("tag", project.source_tag);
  d.set("tag_quoted", yaml_quote(project.source_tag));
  d.set("commit", project.source_commit);
  d.set("repo", project.source_repo);
  d.set("license", project.license);
  d.set("base", project.base);
  d.set("build_base", project.build_base);
  d.set("project_path", project.path);
  d.set("pins_path", pins.path);

  std::vector<km::data> platforms;
  for (const auto& p : project.platforms) {
    km::data item;
    item.set("platform", p);
    platforms.push_back(item);
  }
  d.set("platforms", list_of(platforms));

  std::string command = rock.service.command + " [";
  for (const auto& arg : rock.service.args) {
    command += " " + arg;
  }
  command += " ]";
  d.set("service_name", rock.service.name);
  d.set("service_command", yaml_quote(command));

  const std::string tags = go_build_tags(project, pins);
  const std::string ldflags = fmt::format("-X '{0}.gitCommit={1}' -X '{0}.gitBranch={2}'",
                                          k_version_package,
                                          project.source_commit,
                                          project.source_tag);
  std::vector<km::data> binaries;
  for (const auto& b : rock.binaries) {
    km::data item;
    item.set("name", b.name);
    item.set("package", b.package);
    item.set("tags_flag", tags.empty() ? std::string() : fmt::format(" -tags \"{}\"", tags));
    item.set("ldflags", ldflags);
    binaries.push_back(item);
  }
  d.set("binaries", list_of(binaries));
  std::vector<km::data> files;
  for (const auto& f : rock.files) {
    km::data item;
    item.set("from", f.from);
    item.set("to", f.to);
    const auto slash = f.to.rfind('/');
    item.set("to_dir",
             slash == std::string::npos ? km::data(false) : km::data(f.to.substr(0, slash)));
    files.push_back(item);
  }
  d.set("files", list_of(files));

  d.set("msgo_version", pins.msgo.version);
  std::vector<km::data> archives;
  for (const auto& platform : project.platforms) {
    const auto it = pins.msgo.sha256.find(platform);
    if (it == pins.msgo.sha256.end()) {
      continue;
    }
    km::data item;
    item.set("arch", platform);
    item.set("sha256", it->second);
    archives.push_back(item);
  }
  d.set("msgo_archives", list_of(archives));
  std::string url = pins.msgo.url;
  if (const auto pos = url.find("{version}"); pos != std::string::npos) {
    url.replace(pos, 9, pins.msgo.version);
  }
  if (const auto pos = url.find("{arch}"); pos != std::string::npos) {
    url.replace(pos, 6, "${CRAFT_ARCH_BUILD_ON}");
  }
  d.set("msgo_url", url);
  d.set("go_snap_channel", pins.go_snap_channel);

  std::vector<km::data> debs;
  for (const auto& deb : pins.openssl_debs) {
    km::data item;
    item.set("spec", yaml_quote(deb.version ? deb.name + "=" + *deb.version : deb.name));
    item.set("comment",
             deb.version ? "pinned: openssl.debs." + deb.name
                         : "unpinned on purpose: see openssl.debs." + deb.name);
    debs.push_back(item);
  }
  d.set("openssl_debs", list_of(debs));
  d.set("core22_snap", pins.core22_snap);

  const auto partial = [&templates](const std::string& name) {
    std::string text = templates.at(name);
    return km::data(km::partial([text = std::move(text)]() { return text; }));
  };
  d.set("go", partial(go_partial));
  d.set("openssl", partial(openssl_partial));
  d.set("go-build", partial("go-build.mustache"));

  km::mustache tmpl(templates.at("rock.yaml.mustache"));
  if (!tmpl.is_valid()) {
    return core::make_error(fmt::format("template rock.yaml.mustache: {}", tmpl.error_message()),
                            "fix the template");
  }
  // Values are quoted for YAML where they need it; no HTML escaping.
  tmpl.set_custom_escape([](const std::string& s) { return s; });
  std::string out = tmpl.render(d);
  if (!tmpl.is_valid()) {
    return core::make_error(fmt::format("template: {}", tmpl.error_message()), "fix the template");
  }
  // Partials end with a newline of their own; the file ends with exactly one.
  while (out.size() >= 2 && out[out.size() - 1] == '\n' && out[out.size() - 2] == '\n') {
    out.pop_back();
  }
  return out;
}

} // namespace fipsrock::render
