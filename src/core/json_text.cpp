// SPDX-License-Identifier: Apache-2.0
#include "core/json_text.hpp"

#include <string>

namespace fipsrock::core {

Expected<nlohmann::json> parse_json_object(std::string_view text)
{
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::exception& e) {
    // Drop the "[json.exception.parse_error.101] " prefix: it means nothing to a user.
    std::string what = e.what();
    if (const auto end = what.find("] ");
        !what.empty() && what[0] == '[' && end != std::string::npos) {
      what.erase(0, end + 2);
    }
    return make_error("not JSON: " + what);
  }
  if (!doc.is_object()) {
    return make_error(std::string("not a JSON object (got ") + doc.type_name() + ")");
  }
  return doc;
}

} // namespace fipsrock::core
