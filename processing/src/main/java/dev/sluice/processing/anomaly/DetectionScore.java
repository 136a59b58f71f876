package dev.sluice.processing.anomaly;

import dev.sluice.model.Anomaly;
import dev.sluice.model.AnomalyKind;
import dev.sluice.model.AnomalyStatus;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Scores detected anomalies against the incidents that were injected (for {@code sluice bench
 * detect}). An anomaly (its OPEN record) matches an incident of the same kind and service when its
 * span — from its first window, where the evidence began to build up, to the moment it opened
 * ({@code detectedAt}) — meets the incident widened by one window on each side. (The evidence can
 * start a window or two before the incident: a sequential test's run may begin in a normal window
 * that happened to lean the same way.) Per kind: recall is the share of incidents with a match,
 * precision the share of anomalies with a match, the delay runs from the incident's start to the
 * matching anomaly's {@code detectedAt} (the earliest, when several match). An anomaly that matches
 * no incident is a false alarm. Extra anomalies matching an already matched incident (a host as
 * well as its service) are counted as duplicates; they are true but redundant.
 *
 * <p>An incident also shows as the kinds it implies ({@link #implied}): a silence is a volume drop
 * to nothing, new error messages raise the error share, and an error burst writes error messages
 * the service may never have written before. An anomaly of an implied kind on the incident's
 * service, in the same span of time as a match, is neither a match nor a false alarm: it is listed
 * apart ({@link #explained()}) and left out of precision.
 */
public final class DetectionScore {
  /** One injected incident: kind, service, [start, end) in epoch ms. */
  public record Truth(AnomalyKind kind, String service, long start, long end) {}

  /** The figures of one kind. Delays in ms, -1 when nothing was detected. */
  public record Row(
      AnomalyKind kind,
      int incidents,
      int detected,
      int anomalies,
      int matched,
      int duplicates,
      long medianDelay,
      long worstDelay) {
    public double precision() {
      return anomalies == 0 ? (incidents == 0 ? 1 : 0) : (double) matched / anomalies;
    }

    public double recall() {
      return incidents == 0 ? 1 : (double) detected / incidents;
    }

    public double f1() {
      double p = precision();
      double r = recall();
      return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }
  }

  private final List<Row> rows;
  private final List<Anomaly> falseAlarms;
  private final List<Anomaly> explained;

  private DetectionScore(List<Row> rows, List<Anomaly> falseAlarms, List<Anomaly> explained) {
    this.rows = rows;
    this.falseAlarms = falseAlarms;
    this.explained = explained;
  }

  /** The other kinds of anomaly an incident of {@code kind} shows as. */
  public static Set<AnomalyKind> implied(AnomalyKind kind) {
    return switch (kind) {
      case SILENCE -> Set.of(AnomalyKind.VOLUME_DROP);
      case NEW_PATTERN -> Set.of(AnomalyKind.ERROR_RATE_RISE);
      case ERROR_RATE_RISE -> Set.of(AnomalyKind.NEW_PATTERN);
      default -> Set.of();
    };
  }

  public List<Row> rows() {
    return rows;
  }

  /** The OPEN records that matched no incident and are no kind an incident implies. */
  public List<Anomaly> falseAlarms() {
    return falseAlarms;
  }

  /** The OPEN records that matched no incident but are a kind an incident then implied. */
  public List<Anomaly> explained() {
    return explained;
  }

  /**
   * @param records every anomaly record the detectors emitted (only OPEN ones are scored)
   * @param windowMillis the detectors' window, the matching tolerance
   */
  public static DetectionScore of(List<Truth> truth, List<Anomaly> records, long windowMillis) {
    Map<String, Anomaly> opens = new LinkedHashMap<>();
    for (Anomaly a : records) {
      if (a.getStatus() == AnomalyStatus.OPEN) {
        opens.putIfAbsent(a.getId(), a);
      }
    }
    Map<AnomalyKind, List<Long>> delays = new EnumMap<>(AnomalyKind.class);
    Map<AnomalyKind, int[]> counts =
        new EnumMap<>(AnomalyKind.class); // incidents, detected, anomalies, matched, dups
    for (AnomalyKind k : AnomalyKind.values()) {
      delays.put(k, new ArrayList<>());
      counts.put(k, new int[5]);
    }
    List<Anomaly> falseAlarms = new ArrayList<>();
    List<Anomaly> explained = new ArrayList<>();
    boolean[] hit = new boolean[truth.size()];
    long[] firstDetection = new long[truth.size()];
    java.util.Arrays.fill(firstDetection, Long.MAX_VALUE);
    for (Anomaly a : opens.values()) {
      int match = -1;
      for (int i = 0; i < truth.size(); i++) {
        if (matches(truth.get(i), a, windowMillis)) {
          match = i;
          break;
        }
      }
      if (match < 0 && truth.stream().anyMatch(t -> impliedBy(t, a, windowMillis))) {
        explained.add(a);
        continue;
      }
      counts.get(a.getKind())[2]++;
      if (match < 0) {
        falseAlarms.add(a);
        continue;
      }
      counts.get(a.getKind())[3]++;
      if (hit[match]) {
        counts.get(a.getKind())[4]++;
      }
      hit[match] = true;
      long delay = Math.max(0, a.getDetectedAt().toEpochMilli() - truth.get(match).start());
      firstDetection[match] = Math.min(firstDetection[match], delay);
    }
    for (int i = 0; i < truth.size(); i++) {
      int[] c = counts.get(truth.get(i).kind());
      c[0]++;
      if (hit[i]) {
        c[1]++;
        delays.get(truth.get(i).kind()).add(firstDetection[i]);
      }
    }
    List<Row> rows = new ArrayList<>();
    for (AnomalyKind k : AnomalyKind.values()) {
      int[] c = counts.get(k);
      if (c[0] == 0 && c[2] == 0) {
        continue;
      }
      List<Long> d = delays.get(k);
      d.sort(null);
      long median = d.isEmpty() ? -1 : d.get(d.size() / 2);
      long worst = d.isEmpty() ? -1 : d.get(d.size() - 1);
      rows.add(new Row(k, c[0], c[1], c[2], c[3], c[4], median, worst));
    }
    return new DetectionScore(rows, falseAlarms, explained);
  }

  /**
   * Whether {@code a} is a detection of {@code t}: same kind and service, and the anomaly's span
   * from its first window to its decision meets the incident widened by one window on each side.
   */
  public static boolean matches(Truth t, Anomaly a, long windowMillis) {
    long first = a.getWindowStart().toEpochMilli();
    long decided = Math.max(first, a.getDetectedAt().toEpochMilli());
    return t.kind() == a.getKind()
        && Objects.equals(t.service(), a.getService())
        && decided >= t.start() - windowMillis
        && first <= t.end() + windowMillis;
  }

  /**
   * Whether {@code a} is a kind {@code t} implies, on its service, in the span a match would have.
   */
  private static boolean impliedBy(Truth t, Anomaly a, long windowMillis) {
    return implied(t.kind()).contains(a.getKind())
        && matches(new Truth(a.getKind(), t.service(), t.start(), t.end()), a, windowMillis);
  }

  /** The table as text, with false alarms per service per simulated day. */
  public String table(int services, double days) {
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "%-16s %9s %8s %9s %9s %6s %6s %6s %12s %12s%n",
            "kind",
            "incidents",
            "detected",
            "anomalies",
            "duplicates",
            "prec",
            "recall",
            "F1",
            "median delay",
            "worst delay"));
    for (Row r : rows) {
      s.append(
          String.format(
              Locale.ROOT,
              "%-16s %9d %8d %9d %9d %6.2f %6.2f %6.2f %12s %12s%n",
              r.kind(),
              r.incidents(),
              r.detected(),
              r.anomalies(),
              r.duplicates(),
              r.precision(),
              r.recall(),
              r.f1(),
              seconds(r.medianDelay()),
              seconds(r.worstDelay())));
    }
    s.append(
        String.format(
            Locale.ROOT,
            "false alarms: %d over %d services x %.1f simulated days = %.2f per service per day%n",
            falseAlarms.size(),
            services,
            days,
            falseAlarms.size() / (services * days)));
    return s.toString();
  }

  private static String seconds(long ms) {
    return ms < 0 ? "-" : String.format(Locale.ROOT, "%.0f s", ms / 1000.0);
  }
}
