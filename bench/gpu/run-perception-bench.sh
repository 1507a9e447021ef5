#!/usr/bin/env bash
# WebGPU vs wasm for the perception pipeline, on a machine with a GPU, in one command (a few minutes):
#   bench/gpu/run-perception-bench.sh            (from the repository root or anywhere)
# Needs: the set-up done (node_modules, models/ from `make models`), Debian's chromium, vtest.avi (opencv-doc) and a
# GPU Chromium can use through Vulkan (NVIDIA driver with its Vulkan ICD, or Mesa for Intel/AMD). Prints what it
# found, then bench/perception-gpu.bench.ts's table; the output is also kept in bench/gpu/last-run.txt.
# Env: BENCH_FRAMES (default 40), BENCH_TIMEOUT seconds (default 900), CHROMIUM_PATH.
set -euo pipefail
cd "$(dirname "$0")/../.."
chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
echo "== devices"
ls -l /dev/dri/renderD* /dev/nvidia[0-9]* 2>/dev/null || echo "no /dev/dri/renderD* or /dev/nvidia* device: the GPU run will fall back to wasm"
if command -v nvidia-smi >/dev/null; then nvidia-smi --query-gpu=name,driver_version,memory.total,utilization.gpu --format=csv,noheader || true; fi
if command -v vulkaninfo >/dev/null; then vulkaninfo --summary 2>/dev/null | grep -E 'deviceName|driverName|apiVersion' | head -8 || true
else echo "(vulkaninfo not installed: apt-get install vulkan-tools lists the Vulkan devices Chromium can use)"; fi
[ -x "$chromium" ] || { echo "no chromium at $chromium (apt-get install chromium, or set CHROMIUM_PATH)"; exit 2; }
"$chromium" --version || true
[ -f models/manifest.json ] || { echo "models/ missing: run make models first"; exit 2; }
[ -d node_modules ] || { echo "node_modules missing: run npm ci first"; exit 2; }
echo "== bench ($(nproc) cores)"
BENCH_FRAMES="${BENCH_FRAMES:-40}" timeout "${BENCH_TIMEOUT:-900}" npx tsx bench/perception-gpu.bench.ts 2>&1 | tee bench/gpu/last-run.txt
