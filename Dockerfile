# The example gateway (examples/server/) as a small, non-root image.
#
#   docker build -t twilio-gateway .
#   docker run --rm -p 8000:8000 --env-file .env.local \
#     -e GATEWAY_API_TOKEN=<32+ random characters> twilio-gateway
#
# Secrets are passed at run time (--env-file, compose's env_file), never baked
# into the image; .dockerignore keeps .env* out of the build context.

# ---- build ------------------------------------------------------------------
FROM rust:1.88-slim-bookworm AS build
WORKDIR /src

# Dependencies first, in a layer of their own: a change to the gateway's code
# does not rebuild them. Stub targets stand in for the sources Cargo.toml names.
COPY Cargo.toml Cargo.lock ./
RUN mkdir -p src examples/server benches \
    && echo '' > src/lib.rs \
    && echo 'fn main() {}' > examples/server/main.rs \
    && for bench in core twiml webhook; do echo 'fn main() {}' > benches/$bench.rs; done \
    && cargo build --release --locked --example server \
    && rm -rf src examples benches

COPY src ./src
COPY examples ./examples
COPY benches ./benches
# The stubs' fingerprints are older than the real files: touch so Cargo rebuilds them.
RUN touch src/lib.rs examples/server/main.rs \
    && cargo build --release --locked --example server \
    && cp target/release/examples/server /gateway

# ---- run --------------------------------------------------------------------
# glibc + libgcc + CA certificates, no shell, no package manager; uid 65532.
FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /gateway /usr/local/bin/twilio-gateway
USER nonroot:nonroot
ENV BIND_ADDR=0.0.0.0:8000 \
    RUST_LOG=info
EXPOSE 8000
ENTRYPOINT ["/usr/local/bin/twilio-gateway"]
