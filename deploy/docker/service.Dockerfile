# syntax=docker/dockerfile:1.7
# The BahnVision service (and mvg-sim, for local stacks) in a slim, non-root runtime image.
#
#   docker build -f deploy/docker/service.Dockerfile -t bahnvision:dev .
#
# Build and runtime steps call the project's own scripts (scripts/setup, the CMake presets,
# deploy/docker/healthcheck), the same ones `make test` exercises; deploy/tests/check-dockerfiles
# keeps the runtime package list in step with what `ldd` reports for the release binary.

ARG DEBIAN_IMAGE=debian:bookworm-20241202-slim

FROM ${DEBIAN_IMAGE} AS build
WORKDIR /src
# Toolchain and libraries: the packages scripts/setup installs for `make run`.
COPY scripts/setup scripts/setup
RUN scripts/setup run && rm -rf /var/lib/apt/lists/*
# What the release targets need and nothing else (make test configures exactly this set and
# dry-runs its build graph: deploy/tests/check-dockerfiles).
COPY CMakeLists.txt CMakePresets.json ./
COPY cmake cmake
COPY scripts scripts
COPY src src
COPY tools/CMakeLists.txt tools/CMakeLists.txt
COPY tools/mvg-sim tools/mvg-sim
COPY docs/openapi.yaml docs/openapi.yaml
RUN cmake --preset release -DBV_BUILD_TESTS=OFF -DBV_BUILD_BENCH=OFF \
 && cmake --build --preset release --target bahnvision mvg-sim -j"$(nproc)" \
 && install -D -m 0755 build/release/bahnvision /out/usr/local/bin/bahnvision \
 && install -D -m 0755 build/release/tools/mvg-sim/mvg-sim /out/usr/local/bin/mvg-sim
COPY deploy/docker/healthcheck /out/usr/local/bin/healthcheck

FROM ${DEBIAN_IMAGE} AS runtime
ARG BV_VERSION=0.0.0-dev
ARG BV_COMMIT=unknown
LABEL org.opencontainers.image.title="bahnvision" \
      org.opencontainers.image.description="C++20 gateway to Munich MVG live transit data" \
      org.opencontainers.image.source="https://github.com/bahnvision/bahnvision" \
      org.opencontainers.image.licenses="MIT" \
      org.opencontainers.image.version="${BV_VERSION}" \
      org.opencontainers.image.revision="${BV_COMMIT}" \
      org.opencontainers.image.base.name="docker.io/library/debian:bookworm-slim"
# Shared libraries of the release binary (ldd), by Debian package; nothing else.
# runtime-packages: ca-certificates libboost-json1.81.0 libboost-url1.81.0 libc6 libcom-err2 libffi8 libfmt9 libgcc-s1 libgmp10 libgnutls30 libgssapi-krb5-2 libhiredis0.14 libhogweed6 libidn2-0 libk5crypto3 libkeyutils1 libkrb5-3 libkrb5support0 libldap-2.5-0 libnettle8 libp11-kit0 libpq5 libsasl2-2 libssl3 libstdc++6 libtasn1-6 libunistring2
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      ca-certificates libboost-json1.81.0 libboost-url1.81.0 libc6 libcom-err2 libffi8 libfmt9 libgcc-s1 libgmp10 libgnutls30 libgssapi-krb5-2 libhiredis0.14 libhogweed6 libidn2-0 libk5crypto3 libkeyutils1 libkrb5-3 libkrb5support0 libldap-2.5-0 libnettle8 libp11-kit0 libpq5 libsasl2-2 libssl3 libstdc++6 libtasn1-6 libunistring2 \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 bahnvision \
 && useradd --system --uid 10001 --gid 10001 --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin bahnvision
COPY --from=build /out/ /
# `bahnvision migrate up` (run as a job or init container before new replicas) reads these.
COPY migrations /app/migrations
# Read-only root filesystem friendly: nothing is written outside /tmp (mount a tmpfs there).
WORKDIR /app
ENV HOST=0.0.0.0 \
    PORT=8000 \
    LOG_FORMAT=json \
    WEB_ROOT=""
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD ["/usr/local/bin/healthcheck", "8000", "/api/v1/health/live"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/bahnvision"]
CMD ["serve"]
