// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/error.hpp"

#include <string>
#include <string_view>

namespace fipsrock::attest {

// PURE: the digest ("sha256:<hex>") of the image manifest that `index_json` (a .rock's
// index.json, OCI image-index.md) points at. Attestation manifests (BuildKit's
// `vnd.docker.reference.type: attestation-manifest`, platform unknown/unknown) and non-manifest
// entries are skipped; with several images the one for `platform` ("amd64") is taken. An error
// when the text is not an index, or no single image manifest is left.
core::Expected<std::string> image_manifest_digest(std::string_view index_json,
                                                  const std::string& platform);

} // namespace fipsrock::attest
