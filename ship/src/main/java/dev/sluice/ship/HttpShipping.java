package dev.sluice.ship;

import dev.sluice.ingest.http.HttpSource;
import dev.sluice.ingest.ship.Shipper;
import dev.sluice.ingest.ship.ShipperConfig;
import dev.sluice.ingest.ship.StopOnShutdown;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs {@code sluice ship} with an HTTP source: alone, or beside the file shipper when paths are
 * configured too (the HTTP source then runs on a thread of its own and stops with the shipper).
 * Wrong configuration — a port in use, unusable TLS files, an unset token variable — is a one-line
 * user error before anything is taken.
 */
final class HttpShipping {
  private HttpShipping() {}

  static int ship(ShipperConfig config, PrintWriter err) throws InterruptedException {
    HttpSource http;
    try {
      http = new HttpSource(config);
      http.start();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new UserException(e.getMessage());
    }
    if (config.sources().isEmpty()) {
      return ShipCommand.runUntilStopped(
          "sluice-ship-http-shutdown",
          () -> {
            try {
              http.run();
            } finally {
              http.close();
            }
          },
          http::stop,
          err);
    }
    Shipper shipper;
    try {
      shipper = new Shipper(config, new PrintStream(System.err, true));
    } catch (IllegalStateException | IllegalArgumentException e) {
      http.close();
      throw new UserException(e.getMessage());
    }
    AtomicReference<RuntimeException> httpFailure = new AtomicReference<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                http.run();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (RuntimeException e) {
                httpFailure.set(e);
                shipper.stop();
              }
            },
            "sluice-ship-http");
    thread.start();
    try {
      int code = ShipCommand.ship(shipper, err);
      if (httpFailure.get() != null) {
        throw new UserException(httpFailure.get().getMessage(), 1, httpFailure.get());
      }
      return code;
    } finally {
      http.stop();
      thread.join(StopOnShutdown.GRACE.toMillis());
      http.close();
    }
  }
}
