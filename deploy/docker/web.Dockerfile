# syntax=docker/dockerfile:1.7
# The web UI: built with Node (Vite -> web/dist), served by unprivileged nginx on port 8080
# with security headers and the single-page-app fallback (deploy/docker/nginx/web.conf).
#
#   docker build -f deploy/docker/web.Dockerfile -t bahnvision-web:dev .
#
# The build installs with scripts/npm-install (npm ci of the committed lock file, the script
# make test uses) and runs the package's own build script.

ARG NODE_IMAGE=node:20.18.1-bookworm-slim
ARG NGINX_IMAGE=nginxinc/nginx-unprivileged:1.27.3-bookworm

FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY scripts/npm-install scripts/npm-install
COPY web/package.json web/package-lock.json web/
RUN scripts/npm-install web
COPY web web
RUN npm --prefix web run build

FROM ${NGINX_IMAGE} AS runtime
ARG BV_VERSION=0.0.0-dev
ARG BV_COMMIT=unknown
LABEL org.opencontainers.image.title="bahnvision-web" \
      org.opencontainers.image.description="BahnVision web UI (static files on unprivileged nginx)" \
      org.opencontainers.image.source="https://github.com/bahnvision/bahnvision" \
      org.opencontainers.image.licenses="MIT" \
      org.opencontainers.image.version="${BV_VERSION}" \
      org.opencontainers.image.revision="${BV_COMMIT}"
COPY deploy/docker/nginx/web.conf /etc/nginx/conf.d/default.conf
COPY deploy/docker/healthcheck /usr/local/bin/healthcheck
COPY --from=build /src/web/dist /usr/share/nginx/html
# nginx-unprivileged runs as uid 101 and writes only below /tmp (pid, temp paths).
USER 101:101
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 \
  CMD ["/usr/local/bin/healthcheck", "8080", "/healthz"]
