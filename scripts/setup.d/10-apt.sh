#!/usr/bin/env bash
# Debian packages every part needs at run time. Steps that build things add their own build dependencies.
source "$(dirname "$0")/../lib.sh"
say "checking Debian packages"
apt_ensure chromium ffmpeg opencv-doc fonts-dejavu-core ca-certificates assimp-testmodels prometheus redis-server postgresql postgresql-client
