#!/usr/bin/env bash
# Base images cannot be pulled here, so this assembles the two the Dockerfile starts FROM, laid out like
# the official ones:
#   docker.io/library/debian:bookworm-slim  debootstrap (minbase) slimmed as the official image is: no
#                                           docs, man pages or locales, and a dpkg filter that keeps
#                                           later installs that way;
#   docker.io/library/node:20-bookworm-slim that, plus this machine's Node and npm under /usr/local and a
#                                           Node's headers (for native addons) and a `node` user
#                                           with uid/gid 1000.
# The debootstrap tree is cached as a tarball under $CORRAL_DEPLOY_CACHE: only the first run pays for
# it (about a minute); later runs import it in seconds, or find both images already present.
set -euo pipefail

debian_tag=docker.io/library/debian:bookworm-slim
node_tag=docker.io/library/node:20-bookworm-slim
cache="${CORRAL_DEPLOY_CACHE:-/var/cache/corral-deploy}"
mirror="${CORRAL_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
tarball="$cache/debian-bookworm-slim.tar"
podman() { command podman --runtime runc "$@"; }

mkdir -p "$cache"
work="$(mktemp -d "$cache/work.XXXXXX")"
trap 'rm -rf "$work"' EXIT

if ! podman image exists "$debian_tag"; then
  if [ ! -s "$tarball" ]; then
    root="$work/rootfs"
    debootstrap --variant=minbase bookworm "$root" "$mirror" >"$cache/debootstrap.log" 2>&1 ||
      { tail -n 20 "$cache/debootstrap.log" >&2; exit 1; }
    cat >"$root/etc/dpkg/dpkg.cfg.d/docker" <<'CFG'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/locale/*
CFG
    find "$root/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
    rm -rf "$root"/usr/share/{man,groff,info,lintian,linda,locale}/* \
      "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb \
      "$root"/var/log/*.log "$root"/var/log/apt/*
    tar -C "$root" -cf "$tarball.tmp" . && mv "$tarball.tmp" "$tarball"
    rm -rf "$root"
  fi
  podman import --change 'CMD ["bash"]' "$tarball" "$debian_tag" >/dev/null
fi

if ! podman image exists "$node_tag"; then
  npm_dir="$(readlink -f "$(dirname "$(readlink -f "$(command -v npm)")")/..")"
  install -m 0755 "$(command -v node)" "$work/node"
  cp -a "$npm_dir" "$work/npm"
  cp -a "$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")/include/node" "$work/include"
  cat >"$work/Containerfile" <<CONTAINERFILE
FROM $debian_tag
RUN groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node
ENV NODE_VERSION=$(node --version | cut -c2-)
COPY node /usr/local/bin/node
COPY npm /usr/local/lib/node_modules/npm
COPY include /usr/local/include/node
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx
CMD ["node"]
CONTAINERFILE
  podman build --quiet --network none -t "$node_tag" "$work" >/dev/null
fi
