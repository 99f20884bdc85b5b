// SPDX-License-Identifier: Apache-2.0
#include "cli/options.hpp"
#include "cli/stages.hpp"
#include "core/spellcheck.hpp"
#include "pack/collect.hpp"
#include "pack/plan.hpp"
#include "pack/progress.hpp"
#include "pack/record.hpp"
#include "sys/file.hpp"
#include "sys/process.hpp"
#include "sys/terminal.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <sys/utsname.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>

namespace fipsrock::cli {

namespace {

namespace fs = std::filesystem;

// The rocks to pack: the given names, else every rock rendered under `dir`.
std::vector<std::string> rocks_to_pack(const PackOptions& options)
{
  if (!options.rocks.empty()) {
    return options.rocks;
  }
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(options.dir, ec)) {
    if (fs::exists(entry.path() / "render.json")) {
      out.push_back(entry.path().filename().string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string host_platform()
{
  struct utsname u {};
  ::uname(&u);
  return pack::platform_of_machine(u.machine);
}

// Shows rockcraft's output: a live progress line on a terminal, prefixed lines otherwise, every
// line with -v, nothing with -q.
class Display {
public:
  Display(const GlobalOptions& global, std::string rock, std::string platform)
      : m_rock(std::move(rock)), m_platform(std::move(platform)),
        m_start(std::chrono::steady_clock::now())
  {
    m_tty = sys::is_smart_terminal(sys::Fd::err) && !global.verbose;
    m_quiet = global.quiet;
    m_verbose = global.verbose;
  }
  ~Display() { finish(); }
  Display(const Display&) = delete;
  Display& operator=(const Display&) = delete;

  void line(const std::string& text)
  {
    if (m_quiet) {
      return;
    }
    if (auto step = pack::parse_step(text)) {
      m_step = *step;
    }
    if (m_verbose || !m_tty) {
      std::fprintf(stderr, "%s/%s | %s\n", m_rock.c_str(), m_platform.c_str(), text.c_str());
      return;
    }
    const long seconds =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - m_start)
            .count();
    std::fprintf(
        stderr, "\r\033[K%s", pack::progress_line(m_rock, m_platform, m_step, seconds).c_str());
    std::fflush(stderr);
    m_dirty = true;
  }

  void finish()
  {
    if (m_dirty) {
      std::fputs("\r\033[K", stderr);
      m_dirty = false;
    }
  }

private:
  std::string m_rock;
  std::string m_platform;
  std::chrono::steady_clock::time_point m_start;
  pack::Step m_step{"start", ""};
  bool m_tty = false;
  bool m_quiet = false;
  bool m_verbose = false;
  bool m_dirty = false;
};

} // namespace

core::Expected<std::vector<std::string>> planned_pack_argv(const PackOptions& options,
                                                           const std::string& platform)
{
  const auto sudo = pack::parse_sudo(options.sudo).value_or(pack::Sudo::auto_detect);
  return pack::pack_argv({options.mode, sudo, ::geteuid() == 0, platform});
}

PackOutcome pack_rocks(const PackOptions& options, const GlobalOptions& global)
{
  PackOutcome outcome;
  outcome.exit_code = core::ExitCode::ok;
  const std::vector<std::string> rocks = rocks_to_pack(options);
  if (rocks.empty()) {
    print_error({fmt::format("nothing to pack: no rendered rock under {}", options.dir),
                 "run `fipsrock render` first"});
    outcome.exit_code = core::ExitCode::error;
    return outcome;
  }
  for (const auto& rock : rocks) {
    const fs::path dir = fs::path(options.dir) / rock;
    auto record_text = sys::read_file((dir / "render.json").string());
    if (!record_text) {
      print_error({fmt::format("{} was not rendered: {}", rock, record_text.error().message),
                   fmt::format("run `fipsrock render {} --out {}` first", rock, options.dir)});
      outcome.exit_code = core::ExitCode::error;
      return outcome;
    }
    nlohmann::json render_record;
    try {
      render_record = nlohmann::json::parse(*record_text);
    } catch (const nlohmann::json::exception& e) {
      print_error(
          {fmt::format("{}: not a render record: {}", (dir / "render.json").string(), e.what()),
           fmt::format("render again: fipsrock render {}", rock)});
      outcome.exit_code = core::ExitCode::error;
      return outcome;
    }
    const std::string version = render_record.value("version", "");
    std::vector<std::string> platforms =
        render_record.value("platforms", std::vector<std::string>{});
    const std::string platform = options.platform.empty() ? host_platform() : options.platform;
    if (std::find(platforms.begin(), platforms.end(), platform) == platforms.end()) {
      print_error(
          {fmt::format(
               "{} is not built for {}{}", rock, platform, core::did_you_mean(platform, platforms)),
           fmt::format("its platforms are: {}", fmt::join(platforms, ", "))});
      outcome.exit_code = core::ExitCode::error;
      return outcome;
    }
    auto argv = planned_pack_argv(options, platform);
    if (!argv) {
      print_error(argv.error());
      outcome.exit_code = core::ExitCode::error;
      return outcome;
    }
    pack::PackRequest request;
    request.rock = rock;
    request.version = version;
    request.platform = platform;
    request.dir = dir.string();
    request.argv = *argv;
    request.env = sys::current_environment();
    request.retries = options.retries;
    request.retry_delay =
        std::chrono::milliseconds(static_cast<long>(options.retry_delay_seconds * 1000));
    request.timeout = std::chrono::seconds(options.timeout_seconds);

    // A record of an earlier run must not outlive this one: a pack that does not finish leaves
    // no record at all.
    std::error_code ec;
    fs::remove(dir / "pack.json", ec);
    pack::PackResult result;
    {
      Display display(global, rock, platform);
      result = pack::run_pack(request, [&display](const std::string& line) { display.line(line); });
    }
    if (result.outcome == pack::Outcome::interrupted) {
      std::fprintf(
          stderr,
          "fipsrock: pack of %s interrupted; rockcraft was stopped, nothing was recorded\n",
          rock.c_str());
      outcome.exit_code = core::ExitCode::interrupted;
      return outcome;
    }
    const std::string record = pack::pack_record(request, result);
    if (auto written = sys::write_atomic((dir / "pack.json").string(), record); !written) {
      print_error(written.error());
      outcome.exit_code = core::ExitCode::error;
      return outcome;
    }
    outcome.records.push_back(record);
    if (result.outcome == pack::Outcome::success) {
      outcome.artifacts.push_back(result.artifact_path);
      if (!global.json && !global.quiet) {
        std::printf("packed %s (%s, sha256 %s, %llu bytes)\n",
                    result.artifact_path.c_str(),
                    platform.c_str(),
                    result.artifact_sha256.c_str(),
                    result.artifact_size);
      }
      continue;
    }
    outcome.exit_code = core::ExitCode::check_failed;
    const auto& f = *result.failure;
    std::fprintf(stderr,
                 "fipsrock: error: pack of %s for %s failed [%s]: %s\n",
                 rock.c_str(),
                 platform.c_str(),
                 f.id.c_str(),
                 f.message.c_str());
    if (!f.evidence.empty()) {
      std::fprintf(
          stderr, "fipsrock: evidence: %s\n", f.evidence.substr(0, f.evidence.find('\n')).c_str());
    }
    std::fprintf(stderr, "fipsrock: hint: %s\n", f.remediation.c_str());
    std::fprintf(stderr,
                 "fipsrock: the last lines of %s:\n%s",
                 result.log_path.c_str(),
                 result.log_tail.c_str());
    if (!options.keep_going) {
      break;
    }
  }
  if (global.json && options.print_json) {
    nlohmann::ordered_json doc;
    doc["fipsrock"] = FIPSROCK_VERSION;
    doc["command"] = "pack";
    doc["status"] = outcome.exit_code == core::ExitCode::ok ? "pass" : "fail";
    nlohmann::ordered_json packs = nlohmann::ordered_json::array();
    for (const auto& r : outcome.records) {
      packs.push_back(nlohmann::ordered_json::parse(r));
    }
    doc["packs"] = packs;
    std::fputs((doc.dump(2) + "\n").c_str(), stdout);
  }
  return outcome;
}

void add_pack_options(CLI::App& sub, PackOptions& options)
{
  sub.add_option("--platform", options.platform, "Platform to pack (default: this machine's)");
  sub.add_option(
         "--sudo",
         options.sudo,
         "Run rockcraft through `sudo -n -E`: auto (when the mode needs root), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  sub.add_option("--retries", options.retries, "Extra attempts after a transient failure")
      ->check(CLI::Range(0, 10))
      ->capture_default_str();
  sub.add_option("--retry-delay",
                 options.retry_delay_seconds,
                 "Seconds before the first retry (doubled each time)")
      ->check(CLI::Range(0.0, 3600.0))
      ->capture_default_str();
  sub.add_option("--pack-timeout", options.timeout_seconds, "Seconds one rockcraft pack may take")
      ->check(CLI::Range(1, 7 * 24 * 3600))
      ->capture_default_str();
  sub.add_flag("--keep-going", options.keep_going, "Go on with the next rock after a failure");
}

void add_pack(CLI::App& app, const GlobalOptions& global, int& exit_code)
{
  auto options = std::make_shared<PackOptions>();
  CLI::App* sub =
      app.add_subcommand("pack", "Run `rockcraft pack --pro=fips-updates` for rendered rocks");
  sub->add_option(
      "rocks", options->rocks, "Rocks to pack (default: every rock rendered under --dir)");
  sub->add_option("--dir", options->dir, "The build folder render wrote")->capture_default_str();
  sub->add_option("--mode",
                  options->mode,
                  "The doctor's build mode (pro-sources and destructive run rockcraft as root)")
      ->check(CLI::IsMember({"guest-attach", "pro-sources", "destructive"}))
      ->capture_default_str();
  add_pack_options(*sub, *options);
  sub->callback([options, &global, &exit_code]() {
    exit_code = core::to_int(pack_rocks(*options, global).exit_code);
  });
}

} // namespace fipsrock::cli
