#!/usr/bin/env bash
# npm ci when package-lock.json changed since the last install (install scripts are off: see .npmrc).
source "$(dirname "$0")/../lib.sh"
cd "$GYM_ROOT"
key=$(hash_files package-lock.json)
if stamp_ok npm "$key" && [ -d node_modules ]; then
  say "npm packages up to date"
  exit 0
fi
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 ONNXRUNTIME_NODE_INSTALL=skip ONNXRUNTIME_NODE_INSTALL_CUDA=skip
with_progress "npm ci" npm ci --no-audit --no-fund
stamp_set npm "$key"
