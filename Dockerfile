# syntax=docker/dockerfile:1
#
# The Handlingsplan server as a container image: multi-stage, a static
# binary, no shell, a non-root user, a read-only root file system (the data
# lives in the volume /data), and a health check through the binary itself.
#
#   docker build -t handlingsplan --build-arg VERSION=$(git describe --always) .
#   docker run --read-only --tmpfs /tmp -v handlingsplan-data:/data -p 127.0.0.1:8080:8080 \
#     -e HANDLINGSPLAN_OIDC_ISSUER=… handlingsplan
#
# docs/operations.md ("Packaging") lists every setting; compose.yaml runs it
# with PostgreSQL.

ARG GO_VERSION=1.26.8
ARG NODE_VERSION=20

# 1. The web app, from its sources (frontend/dist is committed too; the
#    image does not trust it to be fresh).
FROM node:${NODE_VERSION}-bookworm-slim AS web
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY frontend/ ./
RUN rm -rf dist && npx tsc --noEmit -p . && npx vite build --logLevel warn

# 2. The server: one static binary with the web app embedded. The build
#    command is packaging/build-static.sh, which `make test` also runs.
FROM golang:${GO_VERSION}-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
COPY --from=web /src/frontend/dist ./frontend/dist
ARG VERSION=dev
RUN VERSION="${VERSION}" packaging/build-static.sh /out/handlingsplan \
 && /out/handlingsplan version \
 && mkdir -p /out/data

# 3. What runs: the binary, CA certificates and nothing else. The time zone
#    data (Europe/Stockholm) is inside the binary.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/handlingsplan /usr/local/bin/handlingsplan
COPY --from=build --chown=65532:65532 /out/data /data
USER 65532:65532
ENV HANDLINGSPLAN_ADDR=0.0.0.0:8080 \
    HANDLINGSPLAN_DB=/data/handlingsplan.db \
    TMPDIR=/tmp
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["/usr/local/bin/handlingsplan", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/handlingsplan"]
CMD ["serve"]
