#!/usr/bin/env bash
# Idempotent set-up. Runs every step in scripts/setup.d/ in order (or only the steps named as arguments,
# e.g. `scripts/setup.sh models`). Each step decides itself whether it has work to do, so a second run is fast.
# Steps share the helpers in scripts/lib.sh (progress, stamps, apt, cache dir).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

steps_dir=${GYM_SETUP_DIR:-scripts/setup.d}   # tests point this at their own steps
steps=("$steps_dir"/*.sh)
if [ $# -gt 0 ]; then
  steps=()
  for name in "$@"; do
    match=("$steps_dir"/*-"$name".sh)
    [ -e "${match[0]}" ] || die "no set-up step named '$name' (see scripts/setup.d/)"
    steps+=("${match[@]}")
  done
fi

total=${#steps[@]}
i=0
start_all=$SECONDS
for step in "${steps[@]}"; do
  i=$((i + 1))
  name=$(basename "$step" .sh)
  GYM_STEP="$name" GYM_STEP_NO="$i/$total" bash "$step" || die "set-up step '$name' failed (see the output above)"
done
say "set-up complete in $((SECONDS - start_all)) s"
