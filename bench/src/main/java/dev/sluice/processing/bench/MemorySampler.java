package dev.sluice.processing.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples this JVM's heap used and resident set size every {@value #PERIOD_MS} ms on a daemon
 * thread, from {@link #start()} until {@link #close()}, and keeps the peaks. The resident set is
 * read from {@code /proc/self/status} ({@code VmRSS}); 0 where that file does not exist.
 */
final class MemorySampler implements AutoCloseable {
  static final long PERIOD_MS = 100;
  private static final Path STATUS = Path.of("/proc/self/status");

  /** The peaks seen, in bytes. */
  record Peaks(long heapBytes, long rssBytes) {}

  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final AtomicLong heap = new AtomicLong();
  private final AtomicLong rss = new AtomicLong();
  private final Thread thread;
  private volatile boolean running = true;

  private MemorySampler() {
    thread = new Thread(this::loop, "bench-memory-sampler");
    thread.setDaemon(true);
  }

  static MemorySampler start() {
    MemorySampler s = new MemorySampler();
    s.sample();
    s.thread.start();
    return s;
  }

  /** The peaks so far, one last sample included. */
  Peaks peaks() {
    sample();
    return new Peaks(heap.get(), rss.get());
  }

  private void loop() {
    while (running) {
      sample();
      try {
        Thread.sleep(PERIOD_MS); // a sampling period, not synchronisation
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void sample() {
    heap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
    rss.accumulateAndGet(residentBytes(), Math::max);
  }

  static long residentBytes() {
    try {
      for (String line : Files.readAllLines(STATUS)) {
        if (line.startsWith("VmRSS:")) {
          String kb = line.substring(6).trim();
          return Long.parseLong(kb.substring(0, kb.indexOf(' '))) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    return 0;
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
