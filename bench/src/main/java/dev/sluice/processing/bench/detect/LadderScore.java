package dev.sluice.processing.bench.detect;

import dev.sluice.ingest.demo.Incident;
import dev.sluice.ingest.demo.IncidentKind;
import dev.sluice.model.AnomalyKind;
import dev.sluice.processing.anomaly.DetectionScore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Scores detections against injected incidents, per profile (service), kind and magnitude rung. A
 * detection matches an incident of its kind on its service when it is decided between the
 * incident's start and one window after its end; the first match gives the delay (in windows, from
 * the incident's start to the decision). Detections that match no incident are false alarms.
 * Precision is per profile and kind (matched / all detections of the kind, false alarms included);
 * the F1 of a rung combines that precision with the rung's recall.
 *
 * <p>An incident also shows as the kinds it implies ({@link #implied}): a silence is a volume drop
 * to nothing, new error messages raise the error share, an error burst writes error messages the
 * service may not have written before. A detection of an implied kind during such an incident (same
 * window of time, same service) is neither a match nor a false alarm: it is counted apart ({@link
 * #explained}) and left out of precision.
 */
public final class LadderScore {
  private final long window;
  private final Map<String, int[]> incidents = new TreeMap<>(); // key → {incidents, detected}
  private final Map<String, List<Double>> delays = new TreeMap<>();
  private final Map<String, int[]> detections = new TreeMap<>(); // profile|kind → {all, matched}
  private final Map<String, Integer> falseAlarms = new TreeMap<>(); // profile → count
  private final List<DetectReplay.Detection> falseAlarmList = new ArrayList<>();
  private final Map<String, Integer> explained = new TreeMap<>(); // profile → count
  private double days;

  public LadderScore(long windowMillis) {
    this.window = windowMillis;
  }

  /** Adds one run: its incidents, its detections, and how many days it simulated. */
  public synchronized void add(
      List<Incident> truth, List<DetectReplay.Detection> found, double runDays) {
    days += runDays;
    boolean[] matched = new boolean[found.size()];
    boolean[] implied = new boolean[found.size()];
    for (Incident i : truth) {
      for (int d = 0; d < found.size(); d++) {
        if (during(found.get(d), i) && implied(i.kind()).contains(found.get(d).kind())) {
          implied[d] = true;
        }
      }
      int rung = Ladder.rungOf(i.kind(), i.magnitude());
      String key = key(i.service(), i.kind(), rung);
      int[] c = incidents.computeIfAbsent(key, k -> new int[2]);
      c[0]++;
      long first = Long.MAX_VALUE;
      for (int d = 0; d < found.size(); d++) {
        DetectReplay.Detection f = found.get(d);
        if (f.kind() == i.kind().anomalyKind() && during(f, i)) {
          matched[d] = true;
          first = Math.min(first, f.detectedAt());
        }
      }
      if (first != Long.MAX_VALUE) {
        c[1]++;
        delays
            .computeIfAbsent(key, k -> new ArrayList<>())
            .add(Math.ceil((first - i.start().toEpochMilli()) / (double) window));
      }
    }
    for (int d = 0; d < found.size(); d++) {
      DetectReplay.Detection f = found.get(d);
      if (!matched[d] && implied[d]) {
        explained.merge(f.service(), 1, Integer::sum);
        continue;
      }
      int[] c = detections.computeIfAbsent(f.service() + "|" + f.kind(), k -> new int[2]);
      c[0]++;
      if (matched[d]) {
        c[1]++;
      } else {
        falseAlarms.merge(f.service(), 1, Integer::sum);
        falseAlarmList.add(f);
      }
    }
  }

  private boolean during(DetectReplay.Detection f, Incident i) {
    return f.service().equals(i.service())
        && f.detectedAt() > i.start().toEpochMilli()
        && f.detectedAt() <= i.end().toEpochMilli() + window;
  }

  /** The other kinds an incident of {@code kind} shows as ({@link DetectionScore#implied}). */
  static java.util.Set<AnomalyKind> implied(IncidentKind kind) {
    return DetectionScore.implied(kind.anomalyKind());
  }

  /** Detections of {@code profile} of a kind its incident implies, left out of precision. */
  public int explained(String profile) {
    return explained.getOrDefault(profile, 0);
  }

  private static String key(String service, IncidentKind kind, int rung) {
    return service + "|" + kind.anomalyKind() + "|" + rung;
  }

  /** Precision of {@code kind} on {@code profile}: 1 when it reported nothing. */
  public double precision(String profile, AnomalyKind kind) {
    int[] c = detections.get(profile + "|" + kind);
    return c == null || c[0] == 0 ? 1 : (double) c[1] / c[0];
  }

  /** Recall of a rung (0 when it had no incidents). */
  public double recall(String profile, IncidentKind kind, int rung) {
    int[] c = incidents.get(key(profile, kind, rung));
    return c == null || c[0] == 0 ? 0 : (double) c[1] / c[0];
  }

  public double f1(String profile, IncidentKind kind, int rung) {
    double p = precision(profile, kind.anomalyKind());
    double r = recall(profile, kind, rung);
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }

  /** Median delay in windows over the given rungs, NaN when nothing was detected. */
  public double medianDelay(String profile, IncidentKind kind, int fromRung, int toRung) {
    List<Double> all = new ArrayList<>();
    for (int r = fromRung; r <= toRung; r++) {
      all.addAll(delays.getOrDefault(key(profile, kind, r), List.of()));
    }
    if (all.isEmpty()) {
      return Double.NaN;
    }
    all.sort(null);
    return all.get(all.size() / 2);
  }

  public double falseAlarmsPerServiceDay(List<String> profiles) {
    int n = 0;
    for (String p : profiles) {
      n += falseAlarms.getOrDefault(p, 0);
    }
    return days == 0 ? 0 : n / (days * profiles.size());
  }

  public List<DetectReplay.Detection> falseAlarms() {
    return falseAlarmList;
  }

  /** The table: one row per profile, kind and rung, then false alarms per service-day. */
  public String table(List<String> profiles) {
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "%-7s %-16s %-8s %9s %8s %6s %6s %6s %13s%n",
            "profile",
            "kind",
            "size",
            "incidents",
            "detected",
            "recall",
            "prec",
            "F1",
            "median delay"));
    for (String p : profiles) {
      for (IncidentKind k : Ladder.KINDS) {
        for (int r = 1; r <= Ladder.RUNGS; r++) {
          int[] c = incidents.getOrDefault(key(p, k, r), new int[2]);
          double d = medianDelay(p, k, r, r);
          s.append(
              String.format(
                  Locale.ROOT,
                  "%-7s %-16s %-8s %9d %8d %6.2f %6.2f %6.2f %13s%n",
                  p,
                  k.anomalyKind(),
                  Ladder.label(k, r),
                  c[0],
                  c[1],
                  recall(p, k, r),
                  precision(p, k.anomalyKind()),
                  f1(p, k, r),
                  Double.isNaN(d) ? "-" : String.format(Locale.ROOT, "%.0f windows", d)));
        }
      }
    }
    for (String p : profiles) {
      s.append(
          String.format(
              Locale.ROOT,
              "false alarms on %-6s: %d = %.2f per service-day (and %d detections of a kind"
                  + " the incident implies: a silence's volume drop, new errors' error-rate rise,"
                  + " an error burst's new patterns)%n",
              p,
              falseAlarms.getOrDefault(p, 0),
              falseAlarmsPerServiceDay(List.of(p)),
              explained(p)));
    }
    return s.toString();
  }

  /**
   * One line per goal of the issue: F1 from the middle rung up (>= 0.9 high/medium, >= 0.8 low),
   * false alarms per service-day (<= 1), median delay (<= 3 windows).
   */
  public String goals(List<String> profiles) {
    StringBuilder s = new StringBuilder();
    double worstHigh = 1;
    double worstLow = 1;
    List<Double> all = new ArrayList<>();
    for (String p : profiles) {
      for (IncidentKind k : Ladder.KINDS) {
        for (int r = Ladder.MIDDLE; r <= Ladder.RUNGS; r++) {
          if (p.equals("low")) {
            worstLow = Math.min(worstLow, f1(p, k, r));
          } else {
            worstHigh = Math.min(worstHigh, f1(p, k, r));
          }
          all.addAll(delays.getOrDefault(key(p, k, r), List.of()));
        }
      }
    }
    all.sort(null);
    double median = all.isEmpty() ? Double.NaN : all.get(all.size() / 2);
    s.append(
        String.format(
            Locale.ROOT,
            "goals (middle rung up): worst F1 high/medium %.2f (goal 0.90), low %.2f (goal 0.80);"
                + " median delay %.0f windows (goal <= 3); false alarms %.2f per service-day"
                + " (goal <= 1)%n",
            worstHigh,
            worstLow,
            median,
            falseAlarmsPerServiceDay(profiles)));
    return s.toString();
  }
}
