// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <ctime>
#include <string>

namespace fipsrock::core {

// `seconds` since the epoch as an RFC 3339 UTC timestamp ("2026-12-04T10:00:00Z"), the form
// every record and statement uses.
std::string rfc3339_utc(std::time_t seconds);

} // namespace fipsrock::core
