package dev.sluice.cli.demo;

import dev.sluice.ingest.demo.GroundTruth;
import dev.sluice.model.Anomaly;
import dev.sluice.model.AnomalyStatus;
import dev.sluice.processing.anomaly.DetectionScore;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The incidents the demo injected beside the anomalies the job found, matched as {@code sluice
 * bench detect} matches them ({@link DetectionScore#matches}: same kind and service, its span from
 * first window to decision meeting the incident widened by one window each side).
 *
 * <p>Guarantees: every injected incident has one line, with the earliest matching OPEN anomaly or
 * "not found"; every OPEN anomaly that matches no incident is listed: as implied when it is of a
 * kind an incident then showed as ({@link DetectionScore#implied}: an error burst's new error
 * messages, say), otherwise as another finding.
 */
public final class IncidentReport {
  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  /** One injected incident and the anomaly that detected it, or null. */
  public record Line(GroundTruth.Entry incident, Anomaly found) {}

  private final List<Line> lines;
  private final List<Anomaly> implied;
  private final List<Anomaly> others;

  private IncidentReport(List<Line> lines, List<Anomaly> implied, List<Anomaly> others) {
    this.lines = lines;
    this.implied = implied;
    this.others = others;
  }

  /** Matches {@code records} (every status; only OPEN ones count) against {@code injected}. */
  public static IncidentReport of(
      List<GroundTruth.Entry> injected, List<Anomaly> records, Duration window) {
    List<DetectionScore.Truth> truth = injected.stream().map(IncidentReport::truth).toList();
    List<Anomaly> opens =
        records.stream()
            .filter(a -> a.getStatus() == AnomalyStatus.OPEN)
            .sorted(Comparator.comparing(Anomaly::getDetectedAt))
            .toList();
    List<Line> lines = new ArrayList<>();
    for (int i = 0; i < injected.size(); i++) {
      DetectionScore.Truth t = truth.get(i);
      Anomaly found =
          opens.stream()
              .filter(a -> DetectionScore.matches(t, a, window.toMillis()))
              .findFirst()
              .orElse(null);
      lines.add(new Line(injected.get(i), found));
    }
    DetectionScore score = DetectionScore.of(truth, records, window.toMillis());
    return new IncidentReport(lines, score.explained(), score.falseAlarms());
  }

  private static DetectionScore.Truth truth(GroundTruth.Entry e) {
    return new DetectionScore.Truth(
        e.kind(), e.service(), e.start().toEpochMilli(), e.end().toEpochMilli());
  }

  public List<Line> lines() {
    return lines;
  }

  /** OPEN anomalies that match no injected incident but are a kind one of them implied. */
  public List<Anomaly> implied() {
    return implied;
  }

  /** OPEN anomalies that match no injected incident and are no kind one of them implied. */
  public List<Anomaly> others() {
    return others;
  }

  /** How many injected incidents were found. */
  public long found() {
    return lines.stream().filter(l -> l.found() != null).count();
  }

  /** Prints the comparison. */
  public void print(PrintWriter out) {
    out.printf(
        Locale.ROOT,
        "  %-19s %-18s %-10s %-8s %s%n",
        "injected (UTC)",
        "incident",
        "service",
        "found",
        "anomaly (kind, detection delay, what the detector said)");
    for (Line l : lines) {
      GroundTruth.Entry e = l.incident();
      String when = CLOCK.format(e.start()) + "-" + CLOCK.format(e.end());
      if (l.found() == null) {
        out.printf(
            Locale.ROOT,
            "  %-19s %-18s %-10s %-8s expected %s%n",
            when,
            e.incident().slug(),
            e.service(),
            "MISSED",
            e.kind());
      } else {
        Anomaly a = l.found();
        long delay = Math.max(0, Duration.between(e.start(), a.getDetectedAt()).toSeconds());
        out.printf(
            Locale.ROOT,
            "  %-19s %-18s %-10s %-8s %s after %d s: %s%n",
            when,
            e.incident().slug(),
            e.service(),
            "yes",
            a.getKind(),
            delay,
            a.getDescription());
      }
    }
    out.printf(
        Locale.ROOT,
        "%d of %d injected incidents found; %d other anomal%s%s.%n",
        found(),
        lines.size(),
        others.size(),
        others.size() == 1 ? "y" : "ies",
        implied.isEmpty()
            ? ""
            : String.format(
                Locale.ROOT,
                " (and %d of a kind an incident implies: a silence's volume drop, new errors'"
                    + " error-rate rise, an error burst's new patterns)",
                implied.size()));
    for (Anomaly a : implied) {
      print(out, "implied", a);
    }
    for (Anomaly a : others) {
      print(out, "other", a);
    }
  }

  private static void print(PrintWriter out, String label, Anomaly a) {
    out.printf(
        Locale.ROOT,
        "  %s: %s %s%s at %s: %s%n",
        label,
        a.getKind(),
        a.getService(),
        a.getHost() == null ? "" : "/" + a.getHost(),
        CLOCK.format(a.getWindowStart()),
        a.getDescription());
  }
}
