#!/usr/bin/env bash
# Upgrades an installed checkout to REF: backup → checkout → set-up (npm, native builds, models) → migrate → restart.
# Migrations are forward-only and run inside transactions; a failed migration leaves the database as it was, and the
# backup taken first restores the previous release (git checkout the old ref, then restore.sh).
set -euo pipefail
ref=${1:?usage: upgrade.sh GIT_REF [BACKUP_DIR]}
backups=${2:-/var/backups/smart-gym}
cd "$(dirname "$0")/../.."
say() { printf '[upgrade] %s\n' "$*"; }
units=(smart-gym-capture smart-gym-server)
have_systemd() { command -v systemctl >/dev/null && systemctl list-unit-files smart-gym-server.service >/dev/null 2>&1; }
if have_systemd; then say "stopping ${units[*]}"; systemctl stop "${units[@]}"; fi
say "backup → $backups"
scripts/deploy/backup.sh "$backups" --stopped-by-me
say "checking out $ref"
git fetch --quiet --all --tags || true
git checkout --quiet "$ref"
say "set-up"
make setup
say "migrating"
npx gym migrate
if have_systemd; then say "starting ${units[*]}"; systemctl start smart-gym-server smart-gym-capture; fi
say "upgraded to $(git rev-parse --short HEAD)"
