#!/usr/bin/env bash
# Podman here runs as root with runc (crun fails on this machine's cgroups). Its default ulimits ask
# for more open files than the sandbox grants, so containers.conf must clear them; written only if the
# setting is missing, and never overwriting an operator's own file.
set -euo pipefail
conf=/etc/containers/containers.conf
if ! grep -qs '^[[:space:]]*default_ulimits' "$conf"; then
  mkdir -p /etc/containers
  if grep -qs '^\[containers\]' "$conf"; then
    sed -i '/^\[containers\]/a default_ulimits = []' "$conf"
  else
    printf '[containers]\ndefault_ulimits = []\n' >>"$conf"
  fi
fi
command -v runc >/dev/null || { echo "podman tests need runc (apt-get install runc)" >&2; exit 1; }
