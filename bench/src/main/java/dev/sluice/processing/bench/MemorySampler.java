package dev.sluice.processing.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Samples this JVM's heap used and resident set size every {@value #PERIOD_MS} ms on a daemon
 * thread, from {@link #start()} until {@link #close()}, and keeps the peaks; also the largest heap
 * in use right after a garbage collection (from the collectors' notifications), which is what the
 * live data needed, where the sampled heap mostly shows when the collector chose to run. The
 * resident set is read from {@code /proc/self/status} ({@code VmRSS}); 0 where that file does not
 * exist.
 */
final class MemorySampler implements AutoCloseable {
  static final long PERIOD_MS = 100;
  private static final Path STATUS = Path.of("/proc/self/status");

  /** The peaks seen, in bytes; {@code heapAfterGcBytes} 0 when no collection ran. */
  record Peaks(long heapBytes, long heapAfterGcBytes, long rssBytes) {}

  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final AtomicLong heap = new AtomicLong();
  private final AtomicLong rss = new AtomicLong();
  private final AtomicLong afterGc = new AtomicLong();
  private final Set<String> heapPools = new HashSet<>();
  private final List<NotificationEmitter> emitters = new ArrayList<>();
  private final NotificationListener listener = (n, handback) -> collected(n);
  private final Thread thread;
  private volatile boolean running = true;

  private MemorySampler() {
    thread = new Thread(this::loop, "bench-memory-sampler");
    thread.setDaemon(true);
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        heapPools.add(pool.getName());
      }
    }
  }

  static MemorySampler start() {
    MemorySampler s = new MemorySampler();
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(s.listener, null, null);
        s.emitters.add(emitter);
      }
    }
    s.sample();
    s.thread.start();
    return s;
  }

  /** The peaks so far, one last sample included. */
  Peaks peaks() {
    sample();
    return new Peaks(heap.get(), afterGc.get(), rss.get());
  }

  private void collected(Notification n) {
    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
      return;
    }
    GarbageCollectionNotificationInfo info =
        GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
    long used = 0;
    for (Map.Entry<String, MemoryUsage> pool :
        info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
      if (heapPools.contains(pool.getKey())) {
        used += pool.getValue().getUsed();
      }
    }
    afterGc.accumulateAndGet(used, Math::max);
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
    for (NotificationEmitter emitter : emitters) {
      try {
        emitter.removeNotificationListener(listener);
      } catch (ListenerNotFoundException e) {
        // already gone
      }
    }
    running = false;
    thread.interrupt();
  }
}
