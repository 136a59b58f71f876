package dev.sluice.ingest.metrics;

import java.util.Map;

/** The shipper's gauges, read when metrics are exported or the status line is printed. */
public interface ShipGauges {
  /** Records handed to Kafka and not yet acknowledged. */
  int inFlightRecords();

  /** Bytes of records handed to Kafka and not yet acknowledged. */
  long inFlightBytes();

  /** Bytes not yet delivered, per followed file; none for sources that follow no file. */
  default Map<String, Long> fileLag() {
    return Map.of();
  }
}
