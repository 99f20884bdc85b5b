// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace fipsrock::core {

// The candidate closest to `word` by edit distance, if it is close enough to be a likely typo
// (at most 1/3 of the word's length, and at least 1); empty otherwise.
std::string spellcheck(std::string_view word, const std::vector<std::string>& candidates);

// " (did you mean 'x'?)" for spellcheck's answer, or "".
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

} // namespace fipsrock::core
