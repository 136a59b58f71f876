package dev.sluice.ingest.metrics;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A one-line summary of what the shipper did since the previous line, for stderr: lines and bytes
 * read (with rates), events sent, rejects, errors, truncations, queue depth and total lag; syslog
 * UDP drops once there are any.
 */
public final class StatusLine {
  private final ShipMetrics metrics;
  private final ShipGauges gauges;
  private final PrintStream out;
  private long lastNanos = System.nanoTime();
  private long lastLines;
  private long lastBytes;

  public StatusLine(ShipMetrics metrics, ShipGauges gauges, PrintStream out) {
    this.metrics = metrics;
    this.gauges = gauges;
    this.out = out;
  }

  /**
   * Prints a status line every {@code interval} on {@code scheduler}; a zero interval prints none.
   */
  public static void schedule(
      ScheduledExecutorService scheduler,
      Duration interval,
      ShipMetrics metrics,
      ShipGauges gauges,
      PrintStream out) {
    if (interval.isZero()) {
      return;
    }
    StatusLine status = new StatusLine(metrics, gauges, out);
    long ms = interval.toMillis();
    scheduler.scheduleAtFixedRate(status::print, ms, ms, TimeUnit.MILLISECONDS);
  }

  /** Prints one line. */
  public synchronized void print() {
    out.println(render());
    out.flush();
  }

  /** The line, without printing it. */
  public synchronized String render() {
    long now = System.nanoTime();
    double seconds = Math.max(1e-9, (now - lastNanos) / 1e9);
    long lines = metrics.linesRead.sum();
    long bytes = metrics.bytesRead.sum();
    long lag = gauges.fileLag().values().stream().mapToLong(Long::longValue).sum();
    String line =
        String.format(
            Locale.ROOT,
            "sluice ship: read %d lines (%.0f/s) %s (%s/s), sent %d, rejects %d, errors %d,"
                + " parse failures %d, truncated files %d lines %d, queue %d events %s, lag %s",
            lines,
            (lines - lastLines) / seconds,
            bytes(bytes),
            bytes((long) ((bytes - lastBytes) / seconds)),
            metrics.eventsSent.sum(),
            metrics.rejectsSent.sum(),
            metrics.sendErrors.sum(),
            metrics.parseFailures.sum(),
            metrics.fileTruncations.sum(),
            metrics.eventsTruncated.sum(),
            gauges.inFlightRecords(),
            bytes(gauges.inFlightBytes()),
            bytes(lag));
    long udpDropped = metrics.udpDropped.sum();
    if (udpDropped > 0) {
      line += ", udp dropped " + udpDropped;
    }
    lastNanos = now;
    lastLines = lines;
    lastBytes = bytes;
    return line;
  }

  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    if (n < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
    }
    return String.format(Locale.ROOT, "%.1f MiB", n / (1024.0 * 1024));
  }
}
