// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace fipsrock::cli {

// Parses `argv`, runs the chosen subcommand and returns the process exit code
// (core::ExitCode). The one place that catches unexpected exceptions.
int run(int argc, char** argv);

} // namespace fipsrock::cli
