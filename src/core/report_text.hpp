// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/report.hpp"

#include <string>

namespace fipsrock::core {

enum class Color { no, yes };
enum class Detail { normal, verbose };

// The human form of `report`: findings grouped by subject (groups in order of first
// appearance), one line per finding, the remediation under every warn/fail/error, and the
// evidence too with `Detail::verbose`. ANSI colours only with `Color::yes`.
std::string render_text(const Report& report, Color color, Detail detail);

// One line such as "3 pass, 1 warn, 2 fail" (statuses with a zero count are left out).
std::string summarize_counts(const Report& report);

} // namespace fipsrock::core
