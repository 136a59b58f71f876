package dev.sluice.processing.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Appends JSON log lines to a few files at a steady rate, as a service would, and among them a
 * probe line every {@code probeInterval} from {@link #startProbing()} until {@link #stopProbing()}.
 * A probe's message is {@code <marker> <n>}; the {@link System#nanoTime()} right after it was
 * written and flushed to the file is kept for {@link #probesAppended()}.
 *
 * <p>Guarantees: the background rate is kept on average (a late tick writes the lines it owes); a
 * probe is recorded only once its line is in the file; a write failure stops the writer and is
 * rethrown by {@link #checkHealthy()}.
 */
final class SteadyLogWriter implements AutoCloseable {
  private static final Duration TICK = Duration.ofMillis(10);
  private static final String[] PATHS = {"/api/items", "/api/cart", "/api/orders", "/login"};

  private final List<BufferedWriter> files = new ArrayList<>();
  private final double linesPerSecond;
  private final long probeEveryNanos;
  private final String marker;
  private final Map<Integer, Long> probes = new ConcurrentHashMap<>();
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "freshness-writer");
            t.setDaemon(true);
            return t;
          });
  private volatile boolean probing;
  private volatile RuntimeException failure;
  private long startNanos;
  private long nextProbeNanos;
  private long backgroundLines;
  private int nextFile;
  private int nextProbe;

  /**
   * @param paths the files to append to (created if missing)
   * @param linesPerSecond background lines per second over all files
   * @param probeInterval time between two probe lines
   * @param marker the start of every probe's message, unique to the run
   */
  SteadyLogWriter(List<Path> paths, double linesPerSecond, Duration probeInterval, String marker)
      throws IOException {
    for (Path path : paths) {
      files.add(
          Files.newBufferedWriter(
              path,
              StandardCharsets.UTF_8,
              StandardOpenOption.CREATE,
              StandardOpenOption.APPEND,
              StandardOpenOption.WRITE));
    }
    this.linesPerSecond = linesPerSecond;
    this.probeEveryNanos = probeInterval.toNanos();
    this.marker = marker;
  }

  /** Starts writing the background lines. */
  void start() {
    startNanos = System.nanoTime();
    ticker.scheduleAtFixedRate(this::tick, 0, TICK.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Writes a probe now and then one every probe interval. */
  synchronized void startProbing() {
    nextProbeNanos = System.nanoTime();
    probing = true;
  }

  /** Writes no more probes; the background lines go on until {@link #close()}. */
  void stopProbing() {
    probing = false;
  }

  /** Probe number to the {@link System#nanoTime()} its line was in the file at. */
  Map<Integer, Long> probesAppended() {
    return probes;
  }

  /** Background lines written so far (probes not counted). */
  synchronized long backgroundLines() {
    return backgroundLines;
  }

  /** Nanoseconds since {@link #start()}. */
  long elapsedNanos() {
    return System.nanoTime() - startNanos;
  }

  /** Throws what stopped the writer, if anything did. */
  void checkHealthy() {
    if (failure != null) {
      throw failure;
    }
  }

  private synchronized void tick() {
    if (failure != null) {
      return;
    }
    try {
      long now = System.nanoTime();
      long due = (long) ((now - startNanos) / 1e9 * linesPerSecond) - backgroundLines;
      for (long i = 0; i < due; i++) {
        next().write(line(backgroundMessage(backgroundLines)));
        backgroundLines++;
      }
      int probe = -1;
      BufferedWriter probeFile = null;
      if (probing && now - nextProbeNanos >= 0) {
        probe = nextProbe++;
        nextProbeNanos += probeEveryNanos;
        probeFile = next();
        probeFile.write(line(marker + " " + probe));
      }
      for (BufferedWriter file : files) {
        file.flush();
      }
      if (probe >= 0) {
        probes.put(probe, System.nanoTime());
      }
    } catch (IOException e) {
      failure = new UncheckedIOException("the freshness writer cannot append to its files", e);
    } catch (RuntimeException e) {
      failure = e;
    }
  }

  private BufferedWriter next() {
    BufferedWriter file = files.get(nextFile);
    nextFile = (nextFile + 1) % files.size();
    return file;
  }

  private static String backgroundMessage(long n) {
    return String.format(
        Locale.ROOT,
        "GET %s/%d served in %d ms",
        PATHS[(int) (n % PATHS.length)],
        n % 997,
        5 + (n * 31) % 200);
  }

  private static String line(String message) {
    return "{\"ts\":\""
        + Instant.now()
        + "\",\"level\":\"INFO\",\"logger\":\"dev.shop.Freshness\",\"msg\":\""
        + message
        + "\"}\n";
  }

  /** Stops writing and closes the files. */
  @Override
  public void close() throws IOException {
    ticker.shutdownNow();
    try {
      ticker.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      for (BufferedWriter file : files) {
        file.close();
      }
    }
  }
}
