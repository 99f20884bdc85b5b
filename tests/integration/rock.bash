# SPDX-License-Identifier: Apache-2.0
# Real producers for the suites: a Go binary built by Debian's Go toolchain, put into an OCI
# image in the shape rockcraft gives a rock (payload layer, Pebble layer, .rock/metadata.yaml
# layer) with umoci, archived with `skopeo copy ... oci-archive:` as rockcraft does.

rock_tools_missing() {
  local tool
  for tool in go umoci skopeo; do
    command -v "$tool" >/dev/null || { echo "$tool is not installed"; return 0; }
  done
  return 1
}

# build_go_binary OUT [go build args...]: a small program that uses crypto, built with CGO.
build_go_binary() {
  local out=$1
  shift
  local src
  src=$(mktemp -d "$SUITE/go-XXXXXX")
  cat >"$src/main.go" <<'GO'
package main

import (
	"crypto/sha256"
	"fmt"
	"os"
)

func main() { fmt.Printf("%x\n", sha256.Sum256([]byte(os.Args[0]))) }
GO
  printf 'module example.com/standin\n\ngo 1.19\n' >"$src/go.mod"
  (cd "$src" && env HOME="$src" GOCACHE="$SUITE/gocache" GOPATH="$src/gopath" GOFLAGS=-mod=mod GOPROXY=off \
    GOTOOLCHAIN=local CGO_ENABLED=1 go build -trimpath "$@" -o "$out" .)
}

# make_rock NAME VERSION ARCH SERVICE BINARY OUT: a .rock holding BINARY as /SERVICE.
make_rock() {
  local name=$1 version=$2 arch=$3 service=$4 binary=$5 out=$6
  local work
  work=$(mktemp -d "$SUITE/rock-XXXXXX")
  umoci init --layout "$work/oci" >/dev/null
  umoci new --image "$work/oci:$version" >/dev/null
  umoci unpack --image "$work/oci:$version" "$work/bundle" >/dev/null
  cp "$binary" "$work/bundle/rootfs/$service"
  umoci repack --image "$work/oci:$version" "$work/bundle" >/dev/null
  mkdir -p "$work/bundle/rootfs/var/lib/pebble/default/layers"
  cat >"$work/bundle/rootfs/var/lib/pebble/default/layers/001-$name.yaml" <<YAML
services:
  $service:
    override: replace
    command: /$service [ -h ]
    startup: enabled
YAML
  umoci repack --image "$work/oci:$version" "$work/bundle" >/dev/null
  mkdir -p "$work/bundle/rootfs/.rock"
  printf 'name: %s\nversion: %s\narchitecture: %s\ncreated: %s\n' "$name" "$version" "$arch" \
    "$(date -u +%Y-%m-%dT%H:%M:%S.000000+00:00)" >"$work/bundle/rootfs/.rock/metadata.yaml"
  umoci repack --image "$work/oci:$version" "$work/bundle" >/dev/null
  umoci config --image "$work/oci:$version" --architecture "$arch" --os linux \
    --config.entrypoint /bin/pebble --config.entrypoint enter --config.entrypoint --args \
    --config.entrypoint "$service" --config.cmd "[" --config.cmd -h --config.cmd "]" >/dev/null
  skopeo --insecure-policy copy "oci:$work/oci:$version" "oci-archive:$out" >/dev/null
  rm -rf "$work"
}
