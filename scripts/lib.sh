# Helpers for scripts/setup.d/*.sh. Source this file; do not run it.
set -euo pipefail
# A step that dies on `set -e` says where, instead of failing silently.
trap 'printf "[setup] error: exit %s at %s:%s: %s\n" "$?" "${BASH_SOURCE[0]:-$0}" "$LINENO" "$BASH_COMMAND" >&2' ERR
GYM_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# Downloads and builds that outlive a checkout (fresh clones and CI reuse them).
GYM_CACHE=${GYM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/smart-gym}
# Per-checkout stamps of finished steps.
GYM_STAMPS=${GYM_STAMPS:-$GYM_ROOT/.gym/setup}
mkdir -p "$GYM_CACHE" "$GYM_STAMPS"

if [ -t 1 ]; then _b=$'\033[1;34m' _y=$'\033[1;33m' _r=$'\033[1;31m' _n=$'\033[0m'; else _b='' _y='' _r='' _n=''; fi
say() { printf '%s[setup %s]%s %s\n' "$_b" "${GYM_STEP_NO:-}" "$_n" "$*"; }
warn() { printf '%s[setup %s] warning:%s %s\n' "$_y" "${GYM_STEP_NO:-}" "$_n" "$*" >&2; }
die() { printf '%s[setup] error:%s %s\n' "$_r" "$_n" "$*" >&2; exit 1; }

# stamp_ok NAME KEY: true when step NAME already finished with the same KEY (e.g. a hash of its inputs).
stamp_ok() { [ -f "$GYM_STAMPS/$1" ] && [ "$(cat "$GYM_STAMPS/$1")" = "$2" ]; }
stamp_set() { printf '%s' "$2" > "$GYM_STAMPS/$1"; }

# hash_files FILE...: a short hash of the files' contents (missing files count as empty).
hash_files() { cat "$@" 2>/dev/null | sha256sum | cut -c1-16; }

# apt_ensure PKG...: installs the Debian packages that are missing (needs root or sudo).
apt_ensure() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing Debian packages: ${missing[*]}"
  local SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  if [ ! -f "$GYM_STAMPS/apt-updated" ] || [ -n "$(find "$GYM_STAMPS/apt-updated" -mmin +720 2>/dev/null)" ]; then
    $SUDO apt-get update -q | sed 's/^/    /' || die "apt-get update failed"
    touch "$GYM_STAMPS/apt-updated"
  fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" \
    | grep -E '^(Get|Setting up|Unpacking)' | sed 's/^/    /' || true
  for p in "${missing[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || die "Debian package $p did not install"
  done
}

# with_progress LABEL CMD...: runs a long command, printing elapsed time every 10 s; its output goes to a log
# under .gym/logs and its tail is shown on failure.
with_progress() {
  local label=$1; shift
  mkdir -p "$GYM_ROOT/.gym/logs"
  local log="$GYM_ROOT/.gym/logs/${label// /-}.log"
  local t0=$SECONDS
  ( "$@" ) >"$log" 2>&1 &
  local pid=$!
  local next=$((SECONDS + 10))
  while kill -0 "$pid" 2>/dev/null; do
    sleep 0.5
    if [ "$SECONDS" -ge "$next" ] && kill -0 "$pid" 2>/dev/null; then
      say "$label… $((SECONDS - t0)) s ($(tail -n 1 "$log" | cut -c1-100))"
      next=$((SECONDS + 10))
    fi
  done
  if ! wait "$pid"; then
    tail -n 40 "$log" >&2
    die "$label failed after $((SECONDS - t0)) s (full log: $log)"
  fi
  say "$label done in $((SECONDS - t0)) s"
}
