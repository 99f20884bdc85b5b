#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Hand-made .rock files for tests/integration/suites/verify.bash.

A .rock is a tar of an OCI image layout (oci-layout, index.json, blobs/sha256/<hex>), as
`skopeo copy oci:... oci-archive:...` writes it. Real rocks in the suite come from umoci and
skopeo; this module writes the ones those tools refuse to produce (traversal, duplicates,
device nodes, wrong digests ...), with the same rockcraft layer shape: payload layer(s), a
Pebble layer, a .rock/metadata.yaml layer.

Usage from a test:
    python3 - "$out" <<'PY'
    import sys; sys.path.insert(0, "<tests>/verify"); from craft_rock import *
    rock = Rock(); rock.payload.file("usr/bin/x", b"data"); rock.write(sys.argv[1])
    PY
"""

import gzip
import hashlib
import io
import json
import subprocess
import tarfile

MEDIA = {
    "none": "application/vnd.oci.image.layer.v1.tar",
    "gzip": "application/vnd.oci.image.layer.v1.tar+gzip",
    "zstd": "application/vnd.oci.image.layer.v1.tar+zstd",
}


def sha(data):
    return "sha256:" + hashlib.sha256(data).hexdigest()


class Layer:
    """The entries of one layer tar, written in the order they are added."""

    def __init__(self, compression="gzip"):
        self.compression = compression
        self.members = []

    def _add(self, info, data=None):
        info.uid = info.gid = 0
        info.uname = info.gname = "root"
        info.mtime = 1700000000
        self.members.append((info, data))
        return self

    def dir(self, name, mode=0o755):
        info = tarfile.TarInfo(name)
        info.type = tarfile.DIRTYPE
        info.mode = mode
        return self._add(info)

    def file(self, name, data=b"", mode=0o644):
        info = tarfile.TarInfo(name)
        info.size = len(data)
        info.mode = mode
        return self._add(info, data)

    def symlink(self, name, target):
        info = tarfile.TarInfo(name)
        info.type = tarfile.SYMTYPE
        info.linkname = target
        info.mode = 0o777
        return self._add(info)

    def hardlink(self, name, target):
        info = tarfile.TarInfo(name)
        info.type = tarfile.LNKTYPE
        info.linkname = target
        return self._add(info)

    def device(self, name, kind=tarfile.CHRTYPE, major=1, minor=3):
        info = tarfile.TarInfo(name)
        info.type = kind
        info.devmajor = major
        info.devminor = minor
        info.mode = 0o666
        return self._add(info)

    def tar(self):
        out = io.BytesIO()
        with tarfile.open(fileobj=out, mode="w", format=tarfile.PAX_FORMAT) as archive:
            for info, data in self.members:
                archive.addfile(info, io.BytesIO(data) if data is not None else None)
        return out.getvalue()


def compress(data, how):
    if how == "gzip":
        return gzip.compress(data, mtime=0)
    if how == "zstd":
        return subprocess.run(["zstd", "-q", "-c"], input=data, stdout=subprocess.PIPE,
                              check=True).stdout
    return data


PEBBLE_LAYER = b"""summary: Rockcraft-generated layer
description: the services of the rock
services:
  controller:
    override: replace
    command: /controller [ -h ]
    startup: enabled
"""


def metadata(name, version, arch):
    return (f"architecture: {arch}\nbase: bare\ncreated: '2026-01-01T00:00:00+00:00'\n"
            f"name: {name}\nsummary: test rock\ntitle: {name}\nversion: {version}\n").encode()


class Rock:
    """A rockcraft-shaped image; change any part before write()."""

    def __init__(self, name="metallb-controller", version="v0.14.9", arch="amd64"):
        self.name, self.version, self.arch = name, version, arch
        self.payload = Layer()
        self.payload.dir("usr").dir("usr/bin").file("usr/bin/pebble", b"pebble", 0o755)
        self.extra = []  # layers between the payload and the Pebble layer
        self.entrypoint = ["/usr/bin/pebble", "enter", "--args", "controller"]
        self.rootfs_type = "layers"
        self.layout = b'{"imageLayoutVersion":"1.0.0"}'
        self.outer_extra = []  # (name, bytes) appended to the outer tar as they are

    def layers(self):
        pebble = Layer().dir("var").dir("var/lib").dir("var/lib/pebble") \
            .dir("var/lib/pebble/default").dir("var/lib/pebble/default/layers") \
            .file("var/lib/pebble/default/layers/001-rockcraft-controller.yaml", PEBBLE_LAYER)
        meta = Layer().dir(".rock").file(".rock/metadata.yaml",
                                         metadata(self.name, self.version, self.arch))
        return [self.payload] + self.extra + [pebble, meta]

    def build(self):
        """The blobs and documents, before any test-specific damage."""
        blobs = {}
        layers = []
        diff_ids = []
        for layer in self.layers():
            raw = layer.tar()
            blob = compress(raw, layer.compression)
            diff_ids.append(sha(raw))
            layers.append({"mediaType": MEDIA[layer.compression], "digest": sha(blob),
                           "size": len(blob)})
            blobs[sha(blob)] = blob
        config = {
            "architecture": self.arch, "os": "linux",
            "config": {"Entrypoint": self.entrypoint, "Cmd": ["-h"],
                       "Labels": {"org.opencontainers.image.version": self.version}},
            "rootfs": {"type": self.rootfs_type, "diff_ids": diff_ids},
        }
        return {"blobs": blobs, "layers": layers, "config": config}

    def write(self, path, damage=None):
        """Writes the .rock to `path`; `damage(state)` may alter the state first: its "blobs",
        "layers", "config" and, once serialised, "manifest" and "index"."""
        state = self.build()
        config = json.dumps(state["config"]).encode()
        state["config_bytes"] = config
        state["manifest"] = {
            "schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                       "digest": sha(config), "size": len(config)},
            "layers": state["layers"],
        }
        state["index"] = None
        if damage:
            damage(state)
        state["blobs"][state["manifest"]["config"]["digest"]] = state["config_bytes"]
        manifest = json.dumps(state["manifest"]).encode()
        state["blobs"].setdefault(sha(manifest), manifest)
        index = state["index"] or {
            "schemaVersion": 2,
            "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json",
                           "digest": sha(manifest), "size": len(manifest),
                           "annotations": {"org.opencontainers.image.ref.name": self.version}}],
        }
        entries = []
        for digest, blob in sorted(state["blobs"].items()):
            if blob is not None:
                entries.append(("blobs/sha256/" + digest.split(":", 1)[1], blob))
        entries.append(("index.json", json.dumps(index).encode()))
        if self.layout is not None:
            entries.append(("oci-layout", self.layout))
        entries += self.outer_extra
        with tarfile.open(path, "w", format=tarfile.PAX_FORMAT) as archive:
            for name, data in entries:
                info = tarfile.TarInfo(name)
                info.size = len(data)
                info.mode = 0o644
                archive.addfile(info, io.BytesIO(data))
