#!/bin/sh
# The container's entry point, run by tini (PID 1). `start` checks what a container cannot work
# without and stops with one line naming it, then replaces itself with Node (exec), so tini's SIGTERM
# reaches Node directly. Other commands (`sim`, `user …`, `--help`) run as given.
set -eu

fail() {
  printf 'corral: configuration error: %s\n' "$1" >&2
  exit 78 # EX_CONFIG
}

if [ "${1:-}" = start ]; then
  # The key that encrypts signing keys must not live on the volume it protects (a backup of the volume
  # would carry both), and every replica needs the same one: in a container it comes from the
  # environment or a secret, never from <data dir>/secret.key.
  [ -n "${CORRAL_SECRET_KEY:-}" ] ||
    fail 'CORRAL_SECRET_KEY is required in the container: 32 random bytes in base64 (openssl rand -base64 32)'
  if [ -z "${CORRAL_DATABASE_URL:-}" ]; then
    data="${CORRAL_DATA_DIR:-/data}"
    mkdir -p "$data" 2>/dev/null && [ -w "$data" ] && [ -x "$data" ] ||
      fail "the data directory $data (CORRAL_DATA_DIR) is not writable by uid $(id -u): chown $(id -u):$(id -g) the volume, or mount a writable one"
  fi
fi
exec node /app/apps/corral/bin/corral.js "$@"
