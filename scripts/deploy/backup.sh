#!/usr/bin/env bash
# Backs up the Smart Gym database and the local clip store into DEST/<UTC timestamp>/.
#   PostgreSQL (DATABASE_URL set): pg_dump --format=custom, taken while the server runs.
#   Embedded PGlite: a copy of GYM_DATA_DIR/pglite, which needs the server stopped (PGlite is single-process);
#   the script refuses while the server answers on HOST:PORT unless --stopped-by-me is given by a wrapper that stopped it.
# Clips: a tar of GYM_DATA_DIR/clips (local store); an S3 store is backed up by the bucket's own versioning.
# Keeps the newest KEEP backups (default 14). Exit code non-zero on any failure; prints what it wrote.
set -euo pipefail
dest=${1:?usage: backup.sh DEST_DIR [--stopped-by-me]}
force=${2:-}
data=${GYM_DATA_DIR:-.gym/data}
keep=${KEEP:-14}
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="$dest/$stamp"
mkdir -p "$out"
say() { printf '[backup] %s\n' "$*"; }

if [ -n "${DATABASE_URL:-}" ]; then
  command -v pg_dump >/dev/null || { echo "backup: pg_dump not found (apt-get install postgresql-client)" >&2; exit 1; }
  say "pg_dump → $out/db.dump"
  pg_dump --format=custom --no-owner --file="$out/db.dump" "$DATABASE_URL"
else
  if [ "$force" != "--stopped-by-me" ] && curl -fsS -m 2 "http://${HOST:-127.0.0.1}:${PORT:-8080}/health" >/dev/null 2>&1; then
    echo "backup: the server is running on embedded PGlite; stop it first (systemctl stop smart-gym-server) or use PostgreSQL" >&2
    rm -rf "$out"; exit 2
  fi
  [ -d "$data/pglite" ] || { echo "backup: no PGlite data directory at $data/pglite" >&2; rm -rf "$out"; exit 1; }
  say "PGlite data directory → $out/pglite.tar.gz"
  tar -C "$data" -czf "$out/pglite.tar.gz" pglite
fi
if [ -d "$data/clips" ]; then
  say "clips → $out/clips.tar"
  tar -C "$data" -cf "$out/clips.tar" clips
fi
[ -d "$data/secrets" ] && { tar -C "$data" -czf "$out/secrets.tar.gz" secrets; chmod 600 "$out/secrets.tar.gz"; }
( cd "$out" && sha256sum -- * > SHA256SUMS )
say "done: $out ($(du -sh "$out" | cut -f1))"
# Retention: newest $keep timestamped folders stay.
ls -1d "$dest"/*Z 2>/dev/null | sort | head -n -"$keep" | xargs -r rm -rf
