package dev.sluice.processing.bench.detect;

import dev.sluice.ingest.demo.IncidentKind;
import dev.sluice.ingest.demo.IncidentSchedule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The incident magnitudes of {@code sluice bench detect}, from near the detectors' design shift to
 * far past it, five rungs per kind; rung 3 is the middle. New error messages (made of words the
 * service's own templates use, in a sentence shape it never writes, so the template miner must tell
 * them apart by shape) climb in rate from one in ten minutes to three a minute; silences (nothing
 * at all, health checks included) in length from one minute to ten. And the schedule that puts
 * every rung of every kind on every service once, after a quiet warm-up day, at random (from the
 * seed) slots of three incident lengths in the days after, each starting at a random second, not on
 * a window boundary.
 */
public final class Ladder {
  /** The kinds on the ladder. */
  public static final List<IncidentKind> KINDS =
      List.of(
          IncidentKind.TRAFFIC_SPIKE,
          IncidentKind.TRAFFIC_DROP,
          IncidentKind.ERROR_BURST,
          IncidentKind.LATENCY_RISE,
          IncidentKind.NEW_ERROR_MESSAGE,
          IncidentKind.SILENCE);

  /** Rungs per kind. */
  public static final int RUNGS = 5;

  /** The rung from which the F1 goals hold (1-based): the middle. */
  public static final int MIDDLE = 3;

  private Ladder() {}

  /** The magnitude of {@code kind} at rung {@code rung} (1-based). */
  public static double magnitude(IncidentKind kind, int rung) {
    double[] m =
        switch (kind) {
          case TRAFFIC_SPIKE -> new double[] {1.5, 2, 3, 4, 6};
          case TRAFFIC_DROP -> new double[] {0.7, 0.5, 0.35, 0.15, 0};
          case ERROR_BURST -> new double[] {0.02, 0.05, 0.10, 0.15, 0.25};
          case LATENCY_RISE -> new double[] {1.3, 1.6, 2, 3, 6};
          // new error messages per minute, made of the service's own words: one in 10 min up
          case NEW_ERROR_MESSAGE -> new double[] {0.1, 0.2, 0.5, 1, 3};
          // minutes without a single event, health checks included
          case SILENCE -> new double[] {1, 2, 3, 5, 10};
          default -> throw new IllegalArgumentException(kind + " has no ladder");
        };
    return m[rung - 1];
  }

  /** How a magnitude reads: {@code x1.5}, {@code to 70%}, {@code +2 pt}. */
  public static String label(IncidentKind kind, int rung) {
    double m = magnitude(kind, rung);
    return switch (kind) {
      case TRAFFIC_SPIKE, LATENCY_RISE -> String.format(Locale.ROOT, "x%s", trim(m));
      case TRAFFIC_DROP -> String.format(Locale.ROOT, "to %.0f%%", 100 * m);
      case ERROR_BURST -> String.format(Locale.ROOT, "+%.0f pt", 100 * m);
      case NEW_ERROR_MESSAGE -> String.format(Locale.ROOT, "%s/min", trim(m));
      case SILENCE -> String.format(Locale.ROOT, "%s min", trim(m));
      default -> trim(m);
    };
  }

  private static String trim(double m) {
    return m == Math.rint(m) ? Long.toString((long) m) : Double.toString(m);
  }

  /** The rung of {@code magnitude} for {@code kind}, 0 when it is not on the ladder. */
  public static int rungOf(IncidentKind kind, double magnitude) {
    for (int r = 1; r <= RUNGS; r++) {
      if (Math.abs(magnitude(kind, r) - magnitude) < 1e-9) {
        return r;
      }
    }
    return 0;
  }

  /**
   * Every rung of every kind once on each of {@code services}, in half-hour slots (an incident of
   * {@code length}, then quiet) after {@code warmUp}, over {@code days} in all.
   *
   * @throws IllegalArgumentException when they do not fit
   */
  public static IncidentSchedule schedule(
      long seed, List<String> services, Duration warmUp, double days, Duration length) {
    Duration slot = length.multipliedBy(3);
    long span = Math.round(days * 86_400_000L) - warmUp.toMillis();
    int slots = (int) (span / slot.toMillis());
    int needed = KINDS.size() * RUNGS;
    if (slots < needed) {
      throw new IllegalArgumentException(
          "--days "
              + days
              + " leaves "
              + slots
              + " slots of "
              + slot
              + " after the warm-up day; "
              + needed
              + " are needed");
    }
    SplittableRandom random = new SplittableRandom(seed);
    List<IncidentSchedule.Entry> entries = new ArrayList<>();
    for (String service : services) {
      int[] order = shuffled(slots, random);
      int k = 0;
      for (IncidentKind kind : KINDS) {
        for (int rung = 1; rung <= RUNGS; rung++) {
          Duration offset =
              warmUp
                  .plus(slot.multipliedBy(order[k++]))
                  .plusSeconds(random.nextInt(60)); // not on a window boundary
          entries.add(
              new IncidentSchedule.Entry(
                  kind, service, offset, length(kind, rung, length), magnitude(kind, rung)));
        }
      }
    }
    return IncidentSchedule.of(entries);
  }

  /**
   * How long an incident of {@code kind} at {@code rung} lasts: a silence its rung, else {@code
   * length}.
   */
  static Duration length(IncidentKind kind, int rung, Duration length) {
    if (kind == IncidentKind.SILENCE) {
      Duration d = Duration.ofSeconds(Math.round(60 * magnitude(kind, rung)));
      return d.compareTo(length.multipliedBy(2)) <= 0 ? d : length.multipliedBy(2);
    }
    return length;
  }

  private static int[] shuffled(int n, SplittableRandom random) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }
}
