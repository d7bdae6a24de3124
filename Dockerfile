# syntax=docker/dockerfile:1
# The influxsync container image: the release binary on a slim Ubuntu, run as a non-root user.
# The build stage runs scripts/build-release.sh in the same image the release tarballs are built
# in (swift:6.3-amazonlinux2, so the binary needs only glibc 2.26; the script also checks ldd,
# --version, and an apply + plan against the embedded sandbox).
#
#   docker build --build-arg VERSION=0.1.0 --build-arg COMMIT=$(git rev-parse --short=12 HEAD) \
#     --build-arg SOURCE=https://github.com/OWNER/influxsync -t influxsync .
#   docker run --rm -v "$PWD:/work" -e INFLUX_HOST -e INFLUX_TOKEN -e INFLUX_ORG influxsync plan influx/

FROM swift:6.3-amazonlinux2 AS build
WORKDIR /src
COPY . .
ARG VERSION
ARG COMMIT=unknown
RUN VERSION="${VERSION}" COMMIT="${COMMIT}" scripts/build-release.sh --out /dist \
    && mkdir -p /out && tar -C /out -xzf /dist/influxsync-*.tar.gz

FROM ubuntu:24.04
# CA certificates for https:// InfluxDB hosts (InfluxDB Cloud); nothing else is needed.
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --create-home --home-dir /home/influxsync influxsync
COPY --from=build /out/influxsync /usr/local/bin/influxsync
COPY --from=build /out/man/man1/ /usr/local/share/man/man1/

# OCI annotations (https://github.com/opencontainers/image-spec/blob/main/annotations.md); the
# release workflow passes VERSION, COMMIT, SOURCE (the repository's URL) and CREATED.
ARG VERSION
ARG COMMIT=unknown
ARG SOURCE=""
ARG CREATED=""
LABEL org.opencontainers.image.title="influxsync" \
      org.opencontainers.image.description="Declarative GitOps for InfluxDB 2.x tasks and labels: plan, apply, drift." \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${COMMIT}" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.url="${SOURCE}" \
      org.opencontainers.image.documentation="${SOURCE}#readme" \
      org.opencontainers.image.created="${CREATED}" \
      org.opencontainers.image.base.name="docker.io/library/ubuntu:24.04"

USER influxsync
WORKDIR /work
ENTRYPOINT ["influxsync"]
CMD ["--help"]
