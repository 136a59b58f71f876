package dev.sluice.cli.alert;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What {@code sluice alert} did, for tests, the status log and (with {@code --metrics-port})
 * Prometheus: {@code sluice_alert_transitions_total}, {@code
 * sluice_alert_notifications_delivered_total{target}}, {@code
 * sluice_alert_delivery_retries_total{target}}, {@code
 * sluice_alert_notifications_rejected_total{target}}, {@code
 * sluice_alert_records_undecodable_total}, {@code sluice_alert_open_incidents}.
 */
public final class AlertMetrics {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Counter transitions =
      Counter.builder()
          .name("sluice_alert_transitions")
          .help("Incident transitions (OPEN, ESCALATED, RESOLVED) found on the topic.")
          .register(registry);
  private final Counter delivered =
      Counter.builder()
          .name("sluice_alert_notifications_delivered")
          .help("Notifications a target accepted (2xx).")
          .labelNames("target")
          .register(registry);
  private final Counter retries =
      Counter.builder()
          .name("sluice_alert_delivery_retries")
          .help("Failed attempts that were retried (connection failure, timeout, 429, 5xx).")
          .labelNames("target")
          .register(registry);
  private final Counter rejected =
      Counter.builder()
          .name("sluice_alert_notifications_rejected")
          .help("Notifications a target refused with a 4xx (not retried).")
          .labelNames("target")
          .register(registry);
  private final Counter undecodable =
      Counter.builder()
          .name("sluice_alert_records_undecodable")
          .help("Topic records that are not Anomaly records (skipped).")
          .register(registry);
  private final AtomicLong open = new AtomicLong();
  private final ConcurrentHashMap<String, LongAdder> deliveredByTarget = new ConcurrentHashMap<>();
  private final LongAdder transitionCount = new LongAdder();

  public AlertMetrics() {
    GaugeWithCallback.builder()
        .name("sluice_alert_open_incidents")
        .help("Incidents notified as open and not yet resolved.")
        .callback(cb -> cb.call(open.get()))
        .register(registry);
  }

  void transition() {
    transitions.inc();
    transitionCount.increment();
  }

  void delivered(String target) {
    delivered.labelValues(target).inc();
    deliveredByTarget.computeIfAbsent(target, k -> new LongAdder()).increment();
  }

  void retried(String target) {
    retries.labelValues(target).inc();
  }

  void rejected(String target) {
    rejected.labelValues(target).inc();
  }

  void undecodable() {
    undecodable.inc();
  }

  void openIncidents(int n) {
    open.set(n);
  }

  /** Transitions found so far. */
  public long transitions() {
    return transitionCount.sum();
  }

  /** Notifications {@code target} accepted so far. */
  public long deliveredTo(String target) {
    LongAdder a = deliveredByTarget.get(target);
    return a == null ? 0 : a.sum();
  }

  /** Serves {@code GET /metrics} on {@code port} (all interfaces) until closed. */
  public HTTPServer serve(int port) {
    try {
      return HTTPServer.builder().port(port).registry(registry).buildAndStart();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve metrics on port " + port, e);
    }
  }
}
