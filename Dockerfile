# syntax=docker/dockerfile:1
# The layerlab CLI as an image: a static musl binary on scratch (README.md,
# "Container image").
#   docker build -t layerlab .
#   docker run --rm -v "$PWD:/work" -w /work layerlab check Dockerfile
# Rust on Alpine links against musl statically by default, so the binary needs
# nothing from the image it runs in.

FROM rust:1.98.0-alpine3.24 AS build
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
COPY crates ./crates
# The workspace's other member is not built, but cargo loads its manifest.
COPY web/Cargo.toml ./web/
COPY web/src ./web/src
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --release --locked -p layerlab-cli \
    && cp target/release/layerlab /layerlab

FROM scratch
COPY --from=build /layerlab /layerlab
USER 65534:65534
ENTRYPOINT ["/layerlab"]
CMD ["--help"]
