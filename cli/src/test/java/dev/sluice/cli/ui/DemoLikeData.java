package dev.sluice.cli.ui;

import dev.sluice.local.junit.S3Extension;
import dev.sluice.model.Anomaly;
import dev.sluice.model.AnomalyKind;
import dev.sluice.model.AnomalyStatus;
import dev.sluice.model.Exemplar;
import dev.sluice.model.Level;
import dev.sluice.model.LogEvent;
import dev.sluice.model.Severity;
import dev.sluice.model.WindowStats;
import dev.sluice.query.fixtures.SinkWrites;
import dev.sluice.sink.AvroCompression;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Demo-like stored tables for the UI's tests, stored through the real S3 sink ({@link SinkWrites}:
 * its writer and committer, the job's partitioners) into a real S3 server: 40 minutes of 20 s
 * per-service stats for three services, the raw log lines of {@code payments} and {@code search}
 * with template ids, and two incidents — an error-rate rise on payments (OPEN warning, escalated to
 * critical, RESOLVED) whose exemplars are ERROR lines of the logs table, and a latency rise on
 * search.
 */
final class DemoLikeData {
  static final List<String> SERVICES = List.of("checkout", "payments", "search");
  static final Duration WINDOW = Duration.ofSeconds(20);
  static final String ERROR_INCIDENT = "ERROR_RATE_RISE-payments-burst";
  static final String LATENCY_INCIDENT = "LATENCY_RISE-search-slow";
  static final String EXEMPLAR_MESSAGE = "payment declined: gateway timeout after 3000 ms";
  private static final DateTimeFormatter DT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

  final Instant start;
  final Instant end;
  final Instant burstStart;
  final Instant burstEnd;
  final List<String> exemplarIds = new ArrayList<>();

  private DemoLikeData(Instant end) {
    this.end = end;
    this.start = end.minus(Duration.ofMinutes(40));
    this.burstStart = start.plus(Duration.ofMinutes(20));
    this.burstEnd = burstStart.plus(Duration.ofSeconds(200));
  }

  /** Writes the tables into {@code bucket}, ending at the last full minute before now. */
  static DemoLikeData write(S3Extension s3, String bucket) {
    DemoLikeData d = new DemoLikeData(Instant.now().truncatedTo(ChronoUnit.MINUTES));
    SinkWrites sink = new SinkWrites(s3, bucket);
    Random random = new Random(42);
    List<LogEvent> logs = d.logs(random);
    sink.logs(AvroCompression.ZSTD, logs.iterator());
    sink.stats(d.stats(random));
    sink.anomalies(d.anomalies(logs));
    return d;
  }

  boolean inBurst(Instant t) {
    return !t.isBefore(burstStart) && t.isBefore(burstEnd);
  }

  boolean slowSearch(Instant t) {
    Instant s = start.plus(Duration.ofMinutes(28));
    return !t.isBefore(s) && t.isBefore(s.plus(Duration.ofMinutes(4)));
  }

  private List<WindowStats> stats(Random random) {
    List<WindowStats> out = new ArrayList<>();
    for (Instant w = start; w.isBefore(end); w = w.plus(WINDOW)) {
      for (String service : SERVICES) {
        long count = 180 + (service.equals("checkout") ? 120 : 0) + random.nextInt(30);
        long errors = service.equals("payments") && inBurst(w) ? count * 3 / 10 : random.nextInt(3);
        double p95 =
            (service.equals("search") ? 110 : 70)
                + random.nextInt(25)
                + (service.equals("search") && slowSearch(w) ? 290 : 0);
        out.add(
            WindowStats.newBuilder()
                .setService(service)
                .setWindowStart(w)
                .setWindowEnd(w.plus(WINDOW))
                .setCount(count)
                .setErrorCount(errors)
                .setLatencyCount(count)
                .setLatencyP50Ms(p95 * 0.6)
                .setLatencyP95Ms(p95)
                .setLatencyP99Ms(p95 * 1.4)
                .build());
      }
    }
    return out;
  }

  private List<LogEvent> logs(Random random) {
    List<LogEvent> out = new ArrayList<>();
    int n = 0;
    for (Instant t = start; t.isBefore(end); t = t.plusMillis(1500 + random.nextInt(1000))) {
      for (String service : List.of("payments", "search")) {
        String id = service + "-" + (n++);
        boolean error = service.equals("payments") && inBurst(t) && random.nextInt(3) == 0;
        String message;
        String templateId;
        String template;
        if (error) {
          message = EXEMPLAR_MESSAGE;
          templateId = "t-9c1e";
          template = "payment declined: gateway timeout after <*> ms";
          if (exemplarIds.size() < 3) {
            exemplarIds.add(id);
          }
        } else if (service.equals("payments")) {
          message =
              "payment "
                  + (10000 + random.nextInt(90000))
                  + " authorized in "
                  + (40 + random.nextInt(60))
                  + " ms";
          templateId = "t-3f2a";
          template = "payment <*> authorized in <*> ms";
        } else {
          message =
              "GET /search?q=item"
                  + random.nextInt(500)
                  + " 200 in "
                  + (60 + random.nextInt(80))
                  + " ms";
          templateId = "t-77b0";
          template = "GET /search?q=<*> <*> in <*> ms";
        }
        out.add(
            LogEvent.newBuilder()
                .setId(id)
                .setEventTime(t)
                .setIngestTime(t)
                .setService(service)
                .setHost(service + "-1")
                .setLevel(error ? Level.ERROR : Level.INFO)
                .setMessage(message)
                .setTemplateId(templateId)
                .setTemplateText(template)
                .build());
      }
    }
    return out;
  }

  private List<Anomaly> anomalies(List<LogEvent> logs) {
    List<Exemplar> exemplars = new ArrayList<>();
    for (LogEvent e : logs) {
      if (exemplarIds.contains(e.getId())) {
        exemplars.add(
            Exemplar.newBuilder()
                .setEventId(e.getId())
                .setEventTime(e.getEventTime())
                .setMessage(e.getMessage())
                .build());
      }
    }
    Instant slow = start.plus(Duration.ofMinutes(28));
    return List.of(
        anomaly(
            ERROR_INCIDENT,
            AnomalyKind.ERROR_RATE_RISE,
            AnomalyStatus.OPEN,
            Severity.WARNING,
            "payments",
            burstStart,
            exemplars,
            "error rate rise on payments: 61 of 203 events were errors (30.0%) where 0.9% is usual"),
        anomaly(
            ERROR_INCIDENT,
            AnomalyKind.ERROR_RATE_RISE,
            AnomalyStatus.UPDATED,
            Severity.CRITICAL,
            "payments",
            burstStart.plus(WINDOW.multipliedBy(2)),
            exemplars,
            "error rate rise on payments: 63 of 209 events were errors (30.1%) where 0.9% is usual"),
        anomaly(
            ERROR_INCIDENT,
            AnomalyKind.ERROR_RATE_RISE,
            AnomalyStatus.RESOLVED,
            Severity.CRITICAL,
            "payments",
            burstEnd,
            List.of(),
            "error rate on payments back to normal"),
        anomaly(
            LATENCY_INCIDENT,
            AnomalyKind.LATENCY_RISE,
            AnomalyStatus.OPEN,
            Severity.WARNING,
            "search",
            slow,
            List.of(),
            "latency rise on search: p95 latency 402 ms over 190 requests where about 121 ms is usual"),
        anomaly(
            LATENCY_INCIDENT,
            AnomalyKind.LATENCY_RISE,
            AnomalyStatus.RESOLVED,
            Severity.WARNING,
            "search",
            slow.plus(Duration.ofMinutes(4)),
            List.of(),
            "latency on search back to normal"));
  }

  private static Anomaly anomaly(
      String id,
      AnomalyKind kind,
      AnomalyStatus status,
      Severity severity,
      String service,
      Instant window,
      List<Exemplar> exemplars,
      String description) {
    return Anomaly.newBuilder()
        .setId(id)
        .setKind(kind)
        .setStatus(status)
        .setService(service)
        .setWindowStart(window)
        .setWindowEnd(window.plus(WINDOW))
        .setDetectedAt(window.plus(WINDOW))
        .setObserved(0.3)
        .setExpected(0.009)
        .setLowerBound(0)
        .setUpperBound(0.04)
        .setScore(11.2)
        .setSeverity(severity)
        .setDescription(description)
        .setExemplars(exemplars)
        .build();
  }
}
