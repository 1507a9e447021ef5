#!/usr/bin/env bash
# Installs Smart Gym as systemd services on a mini-PC (run as root from a checkout):
#   /opt/smart-gym (this checkout, set up with `make setup`), user `smartgym`, /etc/smart-gym/gym.env (from the template,
#   never overwritten), /var/lib/smart-gym (data), /var/cache/smart-gym (models, mediasoup worker), the units and timer.
# Roles: `--server` (server only), `--capture` (capture node only, for extra mini-PCs), default both.
set -euo pipefail
cd "$(dirname "$0")/../.."
role=${1:-both}
[ "$(id -u)" = 0 ] || { echo "install-systemd: run as root" >&2; exit 1; }
id smartgym >/dev/null 2>&1 || useradd --system --home /var/lib/smart-gym --shell /usr/sbin/nologin smartgym
install -d -o smartgym -g smartgym /var/lib/smart-gym /var/cache/smart-gym /var/backups/smart-gym
install -d -m 0750 -g smartgym /etc/smart-gym
[ -f /etc/smart-gym/gym.env ] || install -m 0640 -g smartgym deploy/gym.env.example /etc/smart-gym/gym.env
[ -f /etc/smart-gym/gym.yaml ] || install -m 0640 -g smartgym config/gym.yaml /etc/smart-gym/gym.yaml
if [ "$PWD" != /opt/smart-gym ]; then
  rsync -a --delete --exclude .gym --exclude node_modules ./ /opt/smart-gym/
  (cd /opt/smart-gym && XDG_CACHE_HOME=/var/cache/smart-gym make setup)
fi
chown -R smartgym:smartgym /opt/smart-gym
units=()
case "$role" in
  --server) units=(smart-gym-server.service smart-gym-backup.service smart-gym-backup.timer) ;;
  --capture) units=(smart-gym-capture.service) ;;
  *) units=(smart-gym-server.service smart-gym-capture.service smart-gym-backup.service smart-gym-backup.timer) ;;
esac
for u in "${units[@]}"; do install -m 0644 "deploy/systemd/$u" /etc/systemd/system/; done
systemctl daemon-reload
echo "installed: ${units[*]}"
echo "edit /etc/smart-gym/gym.env (every CHANGE-ME) and /etc/smart-gym/gym.yaml, then:"
echo "  systemctl enable --now ${units[*]}"
