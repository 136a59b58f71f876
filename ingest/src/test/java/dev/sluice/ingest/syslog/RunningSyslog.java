package dev.sluice.ingest.syslog;

import dev.sluice.ingest.ship.ShipperConfig;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicReference;

/** A {@link SyslogShipper} running in a thread of its own; closing stops it and waits. */
final class RunningSyslog implements AutoCloseable {
  final SyslogShipper shipper;
  private final Thread thread;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  RunningSyslog(ShipperConfig config) {
    shipper = new SyslogShipper(config, new PrintStream(OutputStream.nullOutputStream()));
    thread =
        new Thread(
            () -> {
              try {
                shipper.run();
              } catch (Throwable t) {
                failure.set(t);
              }
            },
            "test-syslog-shipper");
    thread.start();
  }

  static ShipperConfig.Builder config(String bootstrapServers, String topic) {
    return ShipperConfig.builder()
        .bootstrapServers(bootstrapServers)
        .topic(topic)
        .rejectsTopic(topic)
        .lingerMs(5)
        .statusInterval(java.time.Duration.ZERO)
        .stateDir(java.nio.file.Path.of(System.getProperty("java.io.tmpdir")));
  }

  @Override
  public void close() throws Exception {
    shipper.stop();
    thread.join(30_000);
    if (thread.isAlive()) {
      throw new AssertionError("the syslog shipper did not stop within 30 s");
    }
    if (failure.get() != null) {
      throw new AssertionError("the syslog shipper failed", failure.get());
    }
  }
}
