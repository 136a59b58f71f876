package dev.sluice.ingest.metrics;

import dev.sluice.ingest.file.FileSourceListener;
import java.util.concurrent.atomic.LongAdder;

/**
 * The shipper's counters, cheap to bump from the reader and the Kafka callback threads. Names
 * follow Vector's component spec: received (lines, bytes), sent, errors, rejects, truncations.
 * Gauges (queue depth, per-file lag) are read from the components when metrics are exported.
 */
public final class ShipMetrics implements FileSourceListener {
  public final LongAdder linesRead = new LongAdder();

  /** Records that entered the event pipeline (every way in), before parsing. */
  public final LongAdder eventsReceived = new LongAdder();

  public final LongAdder bytesRead = new LongAdder();
  public final LongAdder eventsSent = new LongAdder();
  public final LongAdder rejectsSent = new LongAdder();
  public final LongAdder sendErrors = new LongAdder();
  public final LongAdder parseFailures = new LongAdder();
  public final LongAdder fileTruncations = new LongAdder();
  public final LongAdder eventsTruncated = new LongAdder();

  /** HTTP source: requests answered, and those answered with an error (4xx/5xx). */
  public final LongAdder httpRequests = new LongAdder();

  public final LongAdder httpRequestsFailed = new LongAdder();

  /** Syslog UDP datagrams dropped because the queue to Kafka was full. */
  public final LongAdder udpDropped = new LongAdder();

  @Override
  public void bytesRead(long bytes) {
    bytesRead.add(bytes);
  }

  @Override
  public void fileTruncated(String path) {
    fileTruncations.increment();
  }
}
