#!/usr/bin/env bash
# make ml-reid: renders the identity sets, cuts the vtest.avi pedestrian set, trains and exports the re-id network
# (ml/README.md: times, data, numbers). Rendered sets and the vtest set are cached under $CACHE/ml.
set -euo pipefail
cd "$(dirname "$0")/../.."
CACHE="${GYM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/smart-gym}/ml"
mkdir -p "$CACHE"
# 600 identities × 6 views in two sets of 300 (they may run side by side).
for k in 0 1; do
  npx tsx footage/src/identities/cli.ts --count 300 --first $((k * 300)) --views 6 --seed 1 --out "$CACHE/reid-v2-part$k"
done
# Real pedestrians: vtest.avi at 5 fps, person boxes and labels committed in ml/reid/vtest-people.json.
if [ ! -f "$CACHE/vtest-frames/f0397.png" ]; then
  mkdir -p "$CACHE/vtest-frames"
  ffmpeg -loglevel error -y -i /usr/share/doc/opencv-doc/examples/data/vtest.avi -vf fps=5 -start_number 0 "$CACHE/vtest-frames/f%04d.png"
fi
/usr/bin/python3 ml/reid/vtest_tracks.py "$CACHE/vtest-frames" --people "$CACHE/reid-vtest"
nice -n 15 /usr/bin/python3 ml/reid/train.py ml/reid/model "$CACHE/reid-v2-part0" "$CACHE/reid-v2-part1" \
  --steps 2000 --warmup 50 --lr 3e-3 --threads 1 --max-minutes 27 --real "$CACHE/reid-vtest"
