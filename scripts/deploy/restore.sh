#!/usr/bin/env bash
# Restores a backup folder written by backup.sh. The server must be stopped. Checks the checksums first.
#   PostgreSQL: pg_restore --clean --if-exists into DATABASE_URL.   PGlite: replaces GYM_DATA_DIR/pglite (the old one is kept
#   beside it as pglite.before-restore-<stamp>).   Clips: unpacked into GYM_DATA_DIR/clips.
set -euo pipefail
src=${1:?usage: restore.sh BACKUP_DIR}
data=${GYM_DATA_DIR:-.gym/data}
say() { printf '[restore] %s\n' "$*"; }
( cd "$src" && sha256sum --quiet -c SHA256SUMS ) || { echo "restore: checksum mismatch in $src" >&2; exit 1; }
if [ -f "$src/db.dump" ]; then
  [ -n "${DATABASE_URL:-}" ] || { echo "restore: $src holds a PostgreSQL dump; set DATABASE_URL" >&2; exit 1; }
  say "pg_restore into DATABASE_URL"
  pg_restore --clean --if-exists --no-owner --dbname="$DATABASE_URL" "$src/db.dump"
elif [ -f "$src/pglite.tar.gz" ]; then
  mkdir -p "$data"
  [ -d "$data/pglite" ] && mv "$data/pglite" "$data/pglite.before-restore-$(date -u +%Y%m%dT%H%M%SZ)"
  say "PGlite data directory ← $src/pglite.tar.gz"
  tar -C "$data" -xzf "$src/pglite.tar.gz"
else
  echo "restore: $src has neither db.dump nor pglite.tar.gz" >&2; exit 1
fi
[ -f "$src/clips.tar" ] && { say "clips"; tar -C "$data" -xf "$src/clips.tar"; }
[ -f "$src/secrets.tar.gz" ] && { say "secrets"; tar -C "$data" -xzf "$src/secrets.tar.gz"; }
say "done; run 'npx gym migrate' (or start the service, which migrates) before use"
