// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/inventory.hpp"
#include "verify/facts.hpp"

#include <string>
#include <string_view>

namespace fipsrock::verify {

// PURE: the inventory of the rock one pass saw (for `fipsrock compare`): the strict digests,
// the image config and manifest annotations flattened, a normalised content digest per layer,
// and every path of the merged root filesystem with its type, mode, owner, size, content digest
// and link target. `.rock/metadata.yaml` is digested without its `created` key (the pack time),
// its raw digest kept beside. What made the rock unreadable or not intact (a layer that broke
// off, a blob that does not match its digest) goes to `problems`. `file_sha256` is left empty.
core::ImageInventory inventory(const RockFacts& facts);

// The digest of `.rock/metadata.yaml` content without its `created` key: sha256 over the
// remaining top-level keys, sorted, each with its value as YAML. nullopt-like empty string
// when the content is not a YAML mapping (then the raw digest stands).
std::string metadata_digest_without_created(std::string_view content);

} // namespace fipsrock::verify
