package dev.sluice.ingest.demo;

import dev.sluice.model.config.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * When to inject which incident, as offsets from the start of the simulation (so one schedule fits
 * any start time). Immutable.
 *
 * <p>Text form ({@link #parse}), for a command line or a file: entries separated by commas,
 * semicolons or new lines, each {@code kind:service[/host]:offset:duration[:magnitude]}, e.g.
 * {@code error-burst:payments:2m:90s, silence:auth/auth-2:1h:20m, traffic-drop:search:30m:10m:0.1}
 * (a host confines the incident to that host of the service). Durations are written as every Sluice
 * setting ({@link Durations}: {@code 500ms}, {@code 90s}, {@code 2m}, {@code 1h}, {@code 1d}, or
 * ISO-8601 {@code PT2M}); {@code #} starts a comment.
 */
public final class IncidentSchedule {

  /**
   * One scheduled incident, relative to the start of the simulation; {@code host} null for the
   * whole service.
   */
  public record Entry(
      IncidentKind kind,
      String service,
      String host,
      Duration offset,
      Duration length,
      double magnitude) {
    /** An entry for the whole service. */
    public Entry(
        IncidentKind kind, String service, Duration offset, Duration length, double magnitude) {
      this(kind, service, null, offset, length, magnitude);
    }

    /** The incident this entry is when the simulation starts at {@code start}. */
    public Incident at(Instant start) {
      return new Incident(
          kind, service, host, start.plus(offset), start.plus(offset).plus(length), magnitude);
    }
  }

  private static final IncidentSchedule NONE = new IncidentSchedule(List.of());

  private final List<Entry> entries;

  private IncidentSchedule(List<Entry> entries) {
    List<Entry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparing(Entry::offset));
    this.entries = List.copyOf(sorted);
  }

  /** A schedule with these entries. */
  public static IncidentSchedule of(List<Entry> entries) {
    return new IncidentSchedule(entries);
  }

  /** No incidents: normal traffic only. */
  public static IncidentSchedule none() {
    return NONE;
  }

  /**
   * The schedule of the few-minute demo over the default services: two minutes of normal traffic
   * for baselines, then one incident of every kind, 90 s each, staggered by 30 s, the last ending
   * six minutes in; quiet afterwards.
   */
  public static IncidentSchedule defaultDemo() {
    return parse(
        "error-burst:payments:120s:90s,"
            + "latency-rise:search:150s:90s,"
            + "traffic-spike:checkout:180s:90s,"
            + "traffic-drop:inventory:210s:90s,"
            + "silence:auth:240s:90s,"
            + "new-error-message:payments:270s:90s");
  }

  /**
   * A schedule for benchmarks: over {@code span}, after a quiet warm-up (a day when the span is at
   * least two days, else a fifth of it), {@code perKindPerService} incidents of every kind on every
   * service, each {@code length} long, at random (from {@code seed}) but never overlapping on one
   * service and at least two lengths apart, so every detection can be attributed.
   *
   * @throws IllegalArgumentException if the span is too short to fit them
   */
  public static IncidentSchedule spread(
      long seed, Duration span, List<String> services, int perKindPerService, Duration length) {
    Duration warmUp =
        span.compareTo(Duration.ofDays(2)) >= 0 ? Duration.ofDays(1) : span.dividedBy(5);
    Duration slot = length.multipliedBy(3); // the incident, then two lengths of quiet
    long slots = span.minus(warmUp).toMillis() / slot.toMillis();
    int needed = perKindPerService * IncidentKind.values().length;
    if (slots < needed) {
      throw new IllegalArgumentException(
          "a span of "
              + span
              + " fits "
              + slots
              + " incident slots of "
              + slot
              + " per service after a warm-up of "
              + warmUp
              + ", but "
              + needed
              + " are needed: lengthen the span or shorten the incidents");
    }
    SplittableRandom random = new SplittableRandom(seed);
    List<Entry> entries = new ArrayList<>();
    for (String service : services) {
      int[] order = shuffledSlots((int) Math.min(slots, Integer.MAX_VALUE), random);
      int k = 0;
      for (IncidentKind kind : IncidentKind.values()) {
        for (int i = 0; i < perKindPerService; i++) {
          Duration offset = warmUp.plus(slot.multipliedBy(order[k++]));
          entries.add(new Entry(kind, service, offset, length, kind.defaultMagnitude()));
        }
      }
    }
    return new IncidentSchedule(entries);
  }

  private static int[] shuffledSlots(int slots, SplittableRandom random) {
    int[] order = new int[slots];
    for (int i = 0; i < slots; i++) {
      order[i] = i;
    }
    for (int i = slots - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  /**
   * Reads the text form (see the class comment).
   *
   * @throws IllegalArgumentException naming the entry that is wrong and how to write it
   */
  public static IncidentSchedule parse(String spec) {
    List<Entry> entries = new ArrayList<>();
    for (String raw : spec.split("[,;\\n]")) {
      int hash = raw.indexOf('#');
      String entry = (hash >= 0 ? raw.substring(0, hash) : raw).strip();
      if (entry.isEmpty()) {
        continue;
      }
      String[] parts = entry.split(":");
      if (parts.length < 4 || parts.length > 5) {
        throw new IllegalArgumentException(
            "bad incident '"
                + entry
                + "': write kind:service:offset:duration[:magnitude], e.g. error-burst:payments:2m:90s");
      }
      IncidentKind kind = IncidentKind.of(parts[0]);
      String target = parts[1].strip();
      int slash = target.indexOf('/');
      String service = slash < 0 ? target : target.substring(0, slash).strip();
      String host = slash < 0 ? null : target.substring(slash + 1).strip();
      Duration offset = Durations.parse(parts[2].strip(), "incident '" + entry + "'");
      Duration length = Durations.parse(parts[3].strip(), "incident '" + entry + "'");
      double magnitude = kind.defaultMagnitude();
      if (parts.length == 5) {
        try {
          magnitude = Double.parseDouble(parts[4].strip());
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              "bad magnitude in incident '" + entry + "': " + parts[4]);
        }
      }
      if (service.isEmpty()
          || (host != null && host.isEmpty())
          || length.isZero()
          || length.isNegative()
          || offset.isNegative()) {
        throw new IllegalArgumentException(
            "bad incident '"
                + entry
                + "': it needs a service, an offset >= 0 and a positive duration");
      }
      Entry e = new Entry(kind, service, host, offset, length, magnitude);
      e.at(Instant.EPOCH); // validates the magnitude
      entries.add(e);
    }
    return new IncidentSchedule(entries);
  }

  public List<Entry> entries() {
    return entries;
  }

  /** The incidents of a simulation starting at {@code start}, in start order. */
  public List<Incident> at(Instant start) {
    List<Incident> incidents = new ArrayList<>(entries.size());
    for (Entry e : entries) {
      incidents.add(e.at(start));
    }
    return incidents;
  }

  /** The services this schedule names. */
  public List<String> services() {
    return entries.stream().map(Entry::service).distinct().toList();
  }
}
