package dev.sluice.ingest.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

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

  /**
   * What one round cost.
   *
   * @param sideByThread the side's CPU seconds by what its threads do ({@link #role})
   */
  record Cost(
      double sideSeconds,
      double brokerSeconds,
      double processSeconds,
      Map<String, Double> sideByThread) {}

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
    Map<String, Double> byThread = new TreeMap<>();
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
        byThread.merge(
            role(infos[i].getThreadName(), ids[i] == roundThread), delta / 1e9, Double::sum);
      } else {
        broker += delta;
      }
    }
    return new Cost(
        side / 1e9, broker / 1e9, (processNanos() - processBefore) / 1e9, Map.copyOf(byThread));
  }

  /**
   * What a thread of the side does, from its name: Netty's event loops, the HTTP workers, the
   * threads that hand records to the producer, the producer's I/O thread, the round's own thread
   * (the baseline's send loop; for a listener it only waits); other names with their numbers
   * collapsed.
   */
  static String role(String threadName, boolean roundThread) {
    if (roundThread) {
      return "round thread";
    }
    if (threadName.startsWith("multiThreadIoEventLoopGroup-")) {
      return "event loops";
    }
    if (threadName.startsWith("kafka-producer-network-thread")) {
      return "producer I/O";
    }
    if (threadName.startsWith("sluice-http-ingest-")) {
      return "HTTP workers";
    }
    if (threadName.equals("sluice-kafka-send")) {
      return "send thread";
    }
    if (threadName.startsWith("bench-")) {
      return "send thread"; // the listener's run(): for syslog, the sender to Kafka
    }
    return threadName.replaceAll("\\d+", "N");
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
