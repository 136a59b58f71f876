package dev.sluice.ship;

import dev.sluice.ingest.ship.ShipperConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code sluice ship}'s HTTP source flags (a picocli mixin): {@code --http [HOST:]PORT} turns the
 * source on; the others override the YAML file's {@code http:} section.
 */
public final class HttpSourceOptions {
  @Option(
      names = "--http",
      paramLabel = "[HOST:]PORT",
      description =
          "Take logs over HTTP on this address: POST /logs (JSON lines), POST /v1/logs (OTLP"
              + " protobuf or JSON). Answered 2xx only once Kafka acknowledged.")
  String listen;

  @Option(
      names = "--http-token",
      paramLabel = "SECRET-REF",
      description =
          "Require Authorization: Bearer <token>; give it as ${env:NAME} or ${file:/path}.")
  String token;

  @Option(
      names = "--http-max-body-bytes",
      paramLabel = "N",
      description = "Largest request body after decompression (default: 4194304); larger: 413.")
  Long maxBodyBytes;

  @Option(names = "--http-tls-cert", paramLabel = "FILE", description = "PEM certificate chain.")
  Path tlsCert;

  @Option(
      names = "--http-tls-key",
      paramLabel = "FILE",
      description = "PEM private key (PKCS#8) of --http-tls-cert.")
  Path tlsKey;

  /** Whether any HTTP flag was given. */
  boolean given() {
    return listen != null
        || token != null
        || maxBodyBytes != null
        || tlsCert != null
        || tlsKey != null;
  }

  /** Applies the flags given over what {@code b} holds (from a config file). */
  void applyTo(ShipperConfig.Builder b) {
    if (!given()) {
      return;
    }
    if (listen != null) b.http().listen(listen);
    if (token != null) b.http().token(token);
    if (maxBodyBytes != null) b.http().maxBodyBytes(maxBodyBytes);
    if (tlsCert != null) b.http().tlsCert(tlsCert);
    if (tlsKey != null) b.http().tlsKey(tlsKey);
  }
}
