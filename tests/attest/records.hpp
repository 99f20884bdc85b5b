// SPDX-License-Identifier: Apache-2.0
#pragma once

// Hand-made records of one build, in the shapes src/render/record.cpp, src/pack/record.cpp and
// `fipsrock verify --json` write them (the render record is a real one of metallb-controller).

namespace fipsrock::attest::test {

inline constexpr const char* k_render_json = R"json({
  "fipsrock": "0.1.0",
  "stage": "render",
  "rock": "metallb-controller",
  "version": "v0.16.1",
  "platforms": ["amd64", "arm64"],
  "source": {
    "repo": "https://github.com/metallb/metallb",
    "tag": "v0.16.1",
    "commit": "791dfcc63ced7a6b3e869131eae75e645150fff0"
  },
  "strategy": {"go": "msgo-tarball", "openssl": "fips-debs", "requirefips": false},
  "go_toolchain": {
    "kind": "msgo-tarball",
    "version": "1.26.4-1",
    "archives": [
      {"platform": "amd64",
       "url": "https://aka.ms/golang/release/latest/go1.26.4-1.linux-amd64.tar.gz",
       "sha256": "fe7d72e1e83e15633d0a99bd67ce5ffbb67d8a5f71dcea309ff274457ef3c927"},
      {"platform": "arm64",
       "url": "https://aka.ms/golang/release/latest/go1.26.4-1.linux-arm64.tar.gz",
       "sha256": "9c1c8660dd3cec69415c476232ffb32d529e158d2b2deca4038804f1766f2f78"}
    ]
  },
  "openssl": {
    "kind": "fips-debs",
    "packages": [
      {"name": "openssl-fips-module-3", "version": "3.0.5-0ubuntu0.1+Fips2.1"},
      {"name": "openssl", "version": null}
    ]
  },
  "rockcraft_minimum": "1.18",
  "inputs": {
    "project": {"path": "rockcraft/metallb.yaml",
                "sha256": "8537218918adb413d2b25dd793725d83a188abcbbbad9b25e31749325d43543a"},
    "pins": {"path": "rockcraft/pins.yaml",
             "sha256": "0d4639270c051026b39ceaf1c5d4461d020d2af22f5ad2d5fd215c56e262d673"},
    "templates": {
      "source": "embedded",
      "files": [
        {"path": "templates/go-build.mustache",
         "sha256": "a6224e4fd274d76bf0ff179db0741aacbfbc6c7bf78734f51195cd6f930f5f7a"},
        {"path": "templates/rock.yaml.mustache",
         "sha256": "f399596e714342c01ca8b6fa7f51fbe87517357497d4bcb39cc12fed026822c0"}
      ]
    }
  },
  "rockcraft_yaml": {
    "path": "build/metallb-controller/rockcraft.yaml",
    "sha256": "12f627e86d8411fd1ef5ca6173358d62870437ca6f6defae3fe67a5ad292ce98",
    "bytes": 3431
  }
}
)json";

inline constexpr const char* k_pack_json = R"json({
  "fipsrock": "0.1.0",
  "stage": "pack",
  "rock": "metallb-controller",
  "version": "v0.16.1",
  "platform": "amd64",
  "status": "pass",
  "argv": ["rockcraft", "pack", "--pro=fips-updates", "--platform", "amd64"],
  "environment": {"PATH": "/usr/bin:/bin", "UBUNTU_PRO_TOKEN": "***"},
  "rockcraft": {"version": "1.20.0", "revision": "3374"},
  "started": "2026-12-04T10:00:00Z",
  "finished": "2026-12-04T10:21:42Z",
  "attempts": [{"number": 1, "started": "2026-12-04T10:00:00Z", "finished": "2026-12-04T10:21:42Z",
                "exit_code": 0, "signal": 0, "timed_out": false, "failure": null}],
  "failure": null,
  "log": "build/metallb-controller/pack.log",
  "artifact": {
    "path": "build/metallb-controller/metallb-controller_v0.16.1_amd64.rock",
    "sha256": "1111111111111111111111111111111111111111111111111111111111111111",
    "size": 1234567
  }
}
)json";

inline constexpr const char* k_verify_json = R"json({
  "fipsrock": "0.1.0",
  "command": "verify",
  "rock": "build/metallb-controller/metallb-controller_v0.16.1_amd64.rock",
  "manifest": "sha256:2222222222222222222222222222222222222222222222222222222222222222",
  "status": "pass",
  "findings": [
    {"id": "oci.blob-digest", "status": "pass", "subject": "blobs", "message": "every blob matches",
     "remediation": "", "evidence": {}, "waived": false},
    {"id": "pebble.fips", "status": "info", "subject": "/usr/bin/pebble",
     "message": "Pebble is not a FIPS build (waived: built before rockcraft 1.20)",
     "remediation": "", "evidence": {}, "waived": true,
     "waiver_reason": "rockcraft 1.20 ships the FIPS Pebble; this rock predates it",
     "original_status": "warn"}
  ]
}
)json";

} // namespace fipsrock::attest::test
