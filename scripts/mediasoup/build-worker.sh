#!/usr/bin/env bash
# Builds mediasoup's C++ worker from the source inside the npm package with Debian's toolchain and libraries,
# offline. Usage: build-worker.sh <mediasoup package dir> <work dir> <output binary>
# Called by scripts/setup.d/30-mediasoup.sh (which caches the result); see docs/transport.md for why each patch exists.
set -euo pipefail
pkg=$1 work=$2 out=$3
here=$(cd "$(dirname "$0")" && pwd)

# patch FILE OLD NEW: replaces an exact line fragment, failing loudly when upstream changed it.
patch_line() {
  local file=$1 old=$2 new=$3
  grep -qF -- "$old" "$file" || { echo "PATCH FAILED: '$old' not found in $file (mediasoup changed upstream: re-check scripts/mediasoup/)" >&2; exit 3; }
  OLD="$old" NEW="$new" perl -0pi -e 's/\Q$ENV{OLD}\E/$ENV{NEW}/g' "$file"
  grep -qF -- "$new" "$file" || { echo "PATCH FAILED: could not write '$new' into $file" >&2; exit 3; }
  echo "patched $file: $old -> $new"
}

rm -rf "$work"
mkdir -p "$work"
cp -a "$pkg/worker" "$work/worker"
cd "$work/worker"

# 1. No downloads: replace every wrap by a local shim re-exporting Debian's library of the same role.
rm -f subprojects/*.wrap
rm -rf subprojects/packagefiles
for s in libuv openssl libsrtp3 flatbuffers abseil-cpp unordered-dense; do
  cp -a "$here/shims/$s" "subprojects/$s"
done

# 2. Debian 12 has meson 1.0.1; nothing the worker uses needs 1.1.
patch_line meson.build "meson_version: '>= 1.1.0'" "meson_version: '>= 1.0.0'"
# 3. unordered_dense came from a wrap's [provide]; take it from the local shim subproject directly.
patch_line meson.build "ankerl_unordered_dense_dep = dependency('unordered_dense')" \
  "ankerl_unordered_dense_dep = subproject('unordered-dense').get_variable('ankerl_unordered_dense_dep')"
# 4. Debian's OpenSSL 3 is built with kTLS: the DTLS memory BIO callback must return the real result for every
#    BIO_CB_RETURN phase (e.g. BIO_CTRL_GET_KTLS_SEND), not only for the bare value, or libssl skips its write
#    buffer and the worker segfaults after the DTLS client hello.
patch_line src/RTC/DtlsTransport.cpp "(operationType == BIO_CB_RETURN) ? static_cast<long>(ret) : 1" \
  "(operationType & BIO_CB_RETURN) ? static_cast<long>(ret) : 1"

echo "meson setup"
meson setup --wrap-mode=nodownload --buildtype release -Db_ndebug=true build
echo "ninja build"
ninja -C build -j"${GYM_BUILD_JOBS:-$(nproc)}" mediasoup-worker
mkdir -p "$(dirname "$out")"
strip -o "$out.tmp" build/mediasoup-worker
mv "$out.tmp" "$out"
echo "built $out ($(du -h "$out" | cut -f1))"
