package dev.sluice.ingest.metrics;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.LongAdder;

/**
 * The shipper's Prometheus endpoint ({@code GET /metrics}, text format), served by the Prometheus
 * Java client. Counters and gauges are read from {@link ShipMetrics} and {@link ShipGauges} when
 * scraped, so the hot path pays only for a {@link LongAdder} increment.
 *
 * <p>Metrics: {@code sluice_ship_lines_read_total}, {@code sluice_ship_bytes_read_total}, {@code
 * sluice_ship_events_received_total}, {@code sluice_ship_events_sent_total}, {@code
 * sluice_ship_rejects_sent_total}, {@code sluice_ship_send_errors_total}, {@code
 * sluice_ship_parse_failures_total}, {@code sluice_ship_file_truncations_total}, {@code
 * sluice_ship_events_truncated_total}, {@code sluice_ship_udp_dropped_total}, {@code
 * sluice_ship_queue_events}, {@code sluice_ship_queue_bytes}, {@code
 * sluice_ship_file_lag_bytes{file}}.
 */
public final class MetricsEndpoint implements AutoCloseable {
  private final HTTPServer server;

  private MetricsEndpoint(HTTPServer server) {
    this.server = server;
  }

  /** Serves the metrics on {@code port} (0 picks a free one) on all interfaces. */
  public static MetricsEndpoint start(int port, ShipMetrics metrics, ShipGauges gauges) {
    PrometheusRegistry registry = new PrometheusRegistry();
    counter(registry, "sluice_ship_lines_read", "Lines read from files.", metrics.linesRead);
    counter(registry, "sluice_ship_bytes_read", "Bytes read from files.", metrics.bytesRead);
    counter(
        registry,
        "sluice_ship_events_received",
        "Records that entered the event pipeline, from any way in.",
        metrics.eventsReceived);
    counter(
        registry, "sluice_ship_events_sent", "Events acknowledged by Kafka.", metrics.eventsSent);
    counter(
        registry,
        "sluice_ship_rejects_sent",
        "Rejects acknowledged by Kafka (records that had to parse and did not).",
        metrics.rejectsSent);
    counter(
        registry,
        "sluice_ship_send_errors",
        "Sends Kafka failed (retried unless fatal).",
        metrics.sendErrors);
    counter(
        registry,
        "sluice_ship_parse_failures",
        "Records the parser did not understand.",
        metrics.parseFailures);
    counter(
        registry,
        "sluice_ship_file_truncations",
        "Files found truncated or overwritten and read again from the start.",
        metrics.fileTruncations);
    counter(
        registry,
        "sluice_ship_events_truncated",
        "Lines cut at the maximum line size.",
        metrics.eventsTruncated);
    counter(registry, "sluice_ship_http_requests", "HTTP requests answered.", metrics.httpRequests);
    counter(
        registry,
        "sluice_ship_http_requests_failed",
        "HTTP requests answered with an error (4xx, 5xx).",
        metrics.httpRequestsFailed);
    counter(
        registry,
        "sluice_ship_udp_dropped",
        "Syslog UDP datagrams dropped because the queue to Kafka was full.",
        metrics.udpDropped);
    GaugeWithCallback.builder()
        .name("sluice_ship_queue_events")
        .help("Records sent to Kafka and not yet acknowledged.")
        .callback(cb -> cb.call(gauges.inFlightRecords()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("sluice_ship_queue_bytes")
        .help("Bytes of records sent to Kafka and not yet acknowledged.")
        .callback(cb -> cb.call(gauges.inFlightBytes()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("sluice_ship_file_lag_bytes")
        .help("Bytes of a followed file not yet delivered to Kafka.")
        .labelNames("file")
        .callback(cb -> gauges.fileLag().forEach((file, lag) -> cb.call(lag, file)))
        .register(registry);
    try {
      return new MetricsEndpoint(
          HTTPServer.builder().port(port).registry(registry).buildAndStart());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot serve metrics on port " + port + " (in use? pick another with --metrics-port)",
          e);
    }
  }

  private static void counter(
      PrometheusRegistry registry, String name, String help, LongAdder value) {
    CounterWithCallback.builder()
        .name(name)
        .help(help)
        .callback(cb -> cb.call(value.sum()))
        .register(registry);
  }

  /** The port served. */
  public int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    server.close();
  }
}
