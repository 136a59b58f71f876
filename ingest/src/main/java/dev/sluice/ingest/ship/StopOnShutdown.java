package dev.sluice.ingest.ship;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs a long-lived task in the calling thread until it returns or the JVM is asked to stop
 * (SIGTERM, Ctrl-C). On a stop request the shutdown hook calls {@code stop} and then holds the JVM
 * open for up to {@link #GRACE} so the task can finish its clean shutdown (deliver what is in
 * flight, save positions). The hook is removed when the task returns on its own.
 */
public final class StopOnShutdown {
  /** How long a stopping JVM waits for the task to finish. */
  public static final Duration GRACE = Duration.ofSeconds(15);

  /** The work to run; it returns when done or after {@code stop} was called. */
  @FunctionalInterface
  public interface Task {
    void run() throws InterruptedException;
  }

  private StopOnShutdown() {}

  /** Runs {@code task}; {@code stop} asks it to finish early. */
  public static void run(String hookName, Task task, Runnable stop) throws InterruptedException {
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              stop.run();
              try {
                finished.await(GRACE.toMillis(), TimeUnit.MILLISECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            hookName);
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      task.run();
    } finally {
      finished.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: it is waiting for us
      }
    }
  }
}
