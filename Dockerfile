# syntax=docker/dockerfile:1
# Corral's container image. Build: `docker build -t corral .` (or `podman build --format docker`, which
# keeps the HEALTHCHECK). Run: see docs/deployment.md ("Container"). Stop with a timeout longer than
# CORRAL_SHUTDOWN_TIMEOUT (30 s by default) so running answers can finish: `docker stop -t 40`.
ARG NODE_IMAGE=docker.io/library/node:20-bookworm-slim
ARG RUNTIME_IMAGE=docker.io/library/debian:bookworm-slim

# Only the package manifests and the lockfile, at their places in the tree: the dependency layer below
# is rebuilt when they change, not on every source change.
FROM ${NODE_IMAGE} AS manifests
WORKDIR /src
COPY . .
RUN mkdir /manifests \
 && find . -name node_modules -prune -o \( -name package.json -o -name package-lock.json \) -print \
      | xargs cp --parents -t /manifests

# Build stage: every dependency (dev ones too), the web apps, the server bundle, then a release
# directory holding only what runs (scripts/stage-release.mjs).
FROM ${NODE_IMAGE} AS build
# argon2 is compiled against the image's own Node headers when its prebuilt binary does not fit the CPU.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
ENV npm_config_nodedir=/usr/local
WORKDIR /src
COPY --from=manifests /manifests/ ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
COPY . .
RUN npm run build && node scripts/stage-release.mjs /release

# The Node binary, without npm: nothing installs anything at run time.
FROM ${NODE_IMAGE} AS node

# Runtime stage: Debian slim, Node, tini as PID 1 (it forwards SIGTERM to Node and reaps zombies; a
# Node process as PID 1 would get no default signal handling), and the release. No npm, no sources.
FROM ${RUNTIME_IMAGE}
ARG VERSION=0.1.0
LABEL org.opencontainers.image.title="Corral" \
      org.opencontainers.image.description="A gateway that lets many people and programs share Ollama servers safely and fairly" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.licenses="MIT" \
      org.opencontainers.image.base.name="docker.io/library/debian:bookworm-slim"
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/log/apt /var/log/dpkg.log \
 && groupadd --gid 1000 corral \
 && useradd --uid 1000 --gid corral --home-dir /data --no-create-home --shell /usr/sbin/nologin corral \
 && install -d -o corral -g corral -m 0750 /data
COPY --from=node /usr/local/bin/node /usr/local/bin/node
COPY --from=build /release /app
COPY deploy/container/entrypoint.sh deploy/container/healthcheck.mjs /app/deploy/container/
ENV NODE_ENV=production \
    CORRAL_HOST=0.0.0.0 \
    CORRAL_PORT=8080 \
    CORRAL_DATA_DIR=/data
WORKDIR /app
USER corral
VOLUME ["/data"]
EXPOSE 8080
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "/app/deploy/container/healthcheck.mjs"]
ENTRYPOINT ["/usr/bin/tini", "--", "/app/deploy/container/entrypoint.sh"]
CMD ["start"]
