# syntax=docker/dockerfile:1
# The influxsync container image: the static release binary on a slim Ubuntu, run as a non-root
# user. The build stage runs scripts/build-release.sh, the same script that builds the release
# tarballs (it also checks ldd, --version, and an apply + plan against the embedded sandbox).
#
#   docker build --build-arg VERSION=0.1.0 --build-arg COMMIT=$(git rev-parse --short=12 HEAD) -t influxsync .
#   docker run --rm -v "$PWD:/work" -e INFLUX_HOST -e INFLUX_TOKEN -e INFLUX_ORG influxsync plan influx/

FROM swift:6.3-noble AS build
WORKDIR /src
COPY . .
ARG VERSION
ARG COMMIT=unknown
RUN VERSION="${VERSION}" COMMIT="${COMMIT}" scripts/build-release.sh --out /dist \
    && tar -C /usr/local/bin -xzf /dist/influxsync-*.tar.gz influxsync

# Same Ubuntu release as the build stage, so the binary finds the glibc it was linked against.
FROM ubuntu:24.04
# CA certificates for https:// InfluxDB hosts (InfluxDB Cloud); nothing else is needed.
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --create-home --home-dir /home/influxsync influxsync
COPY --from=build /usr/local/bin/influxsync /usr/local/bin/influxsync
USER influxsync
WORKDIR /work
ENTRYPOINT ["influxsync"]
CMD ["--help"]
