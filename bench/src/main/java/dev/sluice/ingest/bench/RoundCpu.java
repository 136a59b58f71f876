package dev.sluice.ingest.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU seconds spent during one benchmark round, split by who spent them: the side under test (the
 * threads started during the round, and the thread that runs the round), the broker (the threads
 * that were already running, the embedded broker's), and the whole process (which also counts the
 * JIT compiler and the garbage collector). Benchmark clients measure their own thread CPU and
 * report it apart ({@link #clientNanos}); their threads are left out of the side's figure.
 *
 * <p>Take the snapshot with {@link #start()} before the side under test is created, and call {@link
 * #stop()} before it is closed: the CPU of a thread that ended before is not seen.
 */
final class RoundCpu {
  /** Names of benchmark client threads, whose CPU is reported on its own. */
  static final String CLIENT_THREAD_PREFIX = "bench-client-";

  /** What one round cost. */
  record Cost(double sideSeconds, double brokerSeconds, double processSeconds) {}

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final Map<Long, Long> before = new HashMap<>();
  private final long roundThread = Thread.currentThread().getId();
  private long processBefore;

  private RoundCpu() {}

  static RoundCpu start() {
    RoundCpu cpu = new RoundCpu();
    for (long id : THREADS.getAllThreadIds()) {
      long ns = THREADS.getThreadCpuTime(id);
      if (ns >= 0) {
        cpu.before.put(id, ns);
      }
    }
    cpu.processBefore = processNanos();
    return cpu;
  }

  Cost stop() {
    long side = 0;
    long broker = 0;
    long[] ids = THREADS.getAllThreadIds();
    ThreadInfo[] infos = THREADS.getThreadInfo(ids);
    for (int i = 0; i < ids.length; i++) {
      long ns = THREADS.getThreadCpuTime(ids[i]);
      if (ns < 0 || infos[i] == null || infos[i].getThreadName().startsWith(CLIENT_THREAD_PREFIX)) {
        continue;
      }
      Long was = before.get(ids[i]);
      long delta = ns - (was == null ? 0 : was);
      if (was == null || ids[i] == roundThread) {
        side += delta;
      } else {
        broker += delta;
      }
    }
    return new Cost(side / 1e9, broker / 1e9, (processNanos() - processBefore) / 1e9);
  }

  /** The calling thread's CPU time so far, for clients to report their own. */
  static long clientNanos() {
    return THREADS.getCurrentThreadCpuTime();
  }

  private static long processNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return 0;
  }
}
