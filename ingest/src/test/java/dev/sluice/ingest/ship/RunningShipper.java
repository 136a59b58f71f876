package dev.sluice.ingest.ship;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicReference;

/** A {@link Shipper} running on a thread of its own, for tests; closing stops it and waits. */
final class RunningShipper implements AutoCloseable {
  final Shipper shipper;
  private final Thread thread;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  RunningShipper(ShipperConfig config) {
    shipper = new Shipper(config, new PrintStream(PrintStream.nullOutputStream()));
    thread =
        new Thread(
            () -> {
              try {
                shipper.run();
              } catch (Throwable t) {
                failure.set(t);
              }
            },
            "test-shipper");
    thread.start();
  }

  /** Waits for {@link Shipper#run()} to return by itself (stop-at-eof). */
  void awaitFinished(long millis) throws InterruptedException {
    thread.join(millis);
    if (thread.isAlive()) {
      throw new AssertionError("the shipper did not finish within " + millis + " ms");
    }
    rethrow();
  }

  void rethrow() {
    if (failure.get() != null) {
      throw new AssertionError("the shipper failed", failure.get());
    }
  }

  @Override
  public void close() throws InterruptedException {
    shipper.stop();
    thread.join(30_000);
    shipper.close();
    rethrow();
  }
}
