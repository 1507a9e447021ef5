#!/usr/bin/env bash
# mediasoup's worker, built offline from the npm package's own source with Debian's libraries (its install script
# would download a prebuilt binary or pip's meson: both unreachable). Cached under
# $GYM_CACHE/mediasoup-worker/<version>-<patch hash>/ so fresh clones and later runs skip the 4-7 min build.
# capture-node finds it there (MEDIASOUP_WORKER_BIN overrides). Patches and shims: scripts/mediasoup/.
source "$(dirname "$0")/../lib.sh"
cd "$GYM_ROOT"
apt_ensure meson ninja-build pkg-config g++ perl binutils libuv1-dev libssl-dev libsrtp2-dev libabsl-dev \
  flatbuffers-compiler libflatbuffers-dev libuv1 libssl3 libsrtp2-1 libabsl20220623

pkg=capture-node/node_modules/mediasoup
[ -d "$pkg" ] || pkg=node_modules/mediasoup
[ -f "$pkg/worker/meson.build" ] || die "mediasoup's npm package (with worker/ sources) is missing: run the npm step first"
pkg=$(cd "$pkg" && pwd)
version=$(node -p "require('$pkg/package.json').version")
patch_hash=$(cd scripts/mediasoup && find . -type f | LC_ALL=C sort | xargs cat | sha256sum | cut -c1-12)
dir="$GYM_CACHE/mediasoup-worker/$version-$patch_hash"
bin="$dir/mediasoup-worker"

# A cached binary counts when it is complete (written last by the build) and its Debian libraries still resolve.
if [ -x "$bin" ] && ! ldd "$bin" | grep -q 'not found'; then
  say "mediasoup worker $version up to date ($bin)"
  exit 0
fi
say "building mediasoup worker $version from source (4-7 min on 2 cores)"
with_progress "mediasoup worker build" bash scripts/mediasoup/build-worker.sh "$pkg" "$dir/work" "$bin"
rm -rf "$dir/work"
[ -x "$bin" ] || die "mediasoup worker build produced no binary"
ldd "$bin" | grep 'not found' && die "mediasoup worker links libraries that are missing"
say "mediasoup worker ready: $bin"
