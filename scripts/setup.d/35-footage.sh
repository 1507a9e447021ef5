#!/usr/bin/env bash
# Test footage for the simulated RTSP camera: Debian opencv-doc's vtest.avi (people walking, 768x576, 10 fps,
# Apache-2.0 AND BSD-3-Clause) converted once to H.264 MP4 under $GYM_CACHE/footage/ (nothing large is committed).
# The camera itself is GStreamer's RTSP server (capture-node/sim/rtsp-camera.py), so its packages are ensured here.
source "$(dirname "$0")/../lib.sh"
apt_ensure opencv-doc ffmpeg python3 python3-gi gir1.2-gstreamer-1.0 gir1.2-gst-rtsp-server-1.0 \
  gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-ugly gstreamer1.0-libav

src=/usr/share/doc/opencv-doc/examples/data/vtest.avi
[ -f "$src" ] || die "$src is missing (Debian package opencv-doc)"
dir="$GYM_CACHE/footage"
out="$dir/vtest.mp4"
key="v1-$(stat -c %s "$src")"
if [ -f "$out" ] && [ "$(cat "$out.key" 2>/dev/null)" = "$key" ]; then
  say "test footage up to date ($out)"
  exit 0
fi
mkdir -p "$dir"
say "converting vtest.avi to H.264 (10-20 s)"
with_progress "footage conversion" ffmpeg -nostdin -hide_banner -loglevel error -y -i "$src" -an \
  -c:v libx264 -preset veryfast -crf 20 -profile:v high -pix_fmt yuv420p -g 10 -movflags +faststart "$out.tmp.mp4"
mv "$out.tmp.mp4" "$out"
printf '%s' "$key" > "$out.key"
say "test footage ready: $out ($(du -h "$out" | cut -f1))"
