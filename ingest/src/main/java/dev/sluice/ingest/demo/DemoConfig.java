package dev.sluice.ingest.demo;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Settings of the demo traffic generator. The same seed, start, services, schedule, rate scale and
 * day length give the same events, byte for byte. Immutable; build with {@link #builder()}.
 *
 * <ul>
 *   <li>{@code seed} (default 42);
 *   <li>{@code start}: simulated time of the first event, truncated to the second (default: now —
 *       set it for reproducible runs);
 *   <li>{@code end} or {@code duration}: when to stop (default: never; the iterator is endless);
 *   <li>{@code services} (default {@link DemoServices#defaults()});
 *   <li>{@code schedule} of incidents (default {@link IncidentSchedule#defaultDemo()}; {@link
 *       IncidentSchedule#none()} for normal traffic only);
 *   <li>{@code rateScale}: multiplies every request rate (default 1, about 45 events/s in all);
 *   <li>{@code dayLength}: the period of the daily volume cycle (default 24 h; shorten it to see a
 *       cycle in a short demo);
 *   <li>{@code groundTruth}: a file to write what was injected to (default: none);
 *   <li>{@code only}: simulate just these of the services (default: all). Each service draws from
 *       its own random stream, so a service simulated alone produces exactly the events it produces
 *       in the full run: run one generator per service on separate threads to go faster.
 * </ul>
 */
public final class DemoConfig {
  private final long seed;
  private final Instant start;
  private final Instant end;
  private final List<ServiceProfile> services;
  private final IncidentSchedule schedule;
  private final double rateScale;
  private final Duration dayLength;
  private final Path groundTruth;
  private final Set<String> only;

  private DemoConfig(Builder b) {
    this.seed = b.seed;
    this.start = b.start;
    this.end = b.end;
    this.services = b.services;
    this.schedule = b.schedule;
    this.rateScale = b.rateScale;
    this.dayLength = b.dayLength;
    this.groundTruth = b.groundTruth;
    this.only = b.only == null ? null : Set.copyOf(b.only);
  }

  public static Builder builder() {
    return new Builder();
  }

  public long seed() {
    return seed;
  }

  public Instant start() {
    return start;
  }

  /** When generation stops, or null for never. */
  public Instant end() {
    return end;
  }

  public List<ServiceProfile> services() {
    return services;
  }

  public IncidentSchedule schedule() {
    return schedule;
  }

  public double rateScale() {
    return rateScale;
  }

  public Duration dayLength() {
    return dayLength;
  }

  /** The ground-truth file, or null. */
  public Path groundTruth() {
    return groundTruth;
  }

  /** Whether {@code service} is simulated (see {@code only}). */
  public boolean simulates(String service) {
    return only == null || only.contains(service);
  }

  /** Builds {@link DemoConfig}; {@link #build()} checks the combination. */
  public static final class Builder {
    private long seed = 42;
    private Instant start;
    private Instant end;
    private Duration duration;
    private List<ServiceProfile> services = DemoServices.defaults();
    private IncidentSchedule schedule = IncidentSchedule.defaultDemo();
    private double rateScale = 1.0;
    private Duration dayLength = Duration.ofDays(1);
    private Path groundTruth;
    private Set<String> only;

    private Builder() {}

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder start(Instant start) {
      this.start = Objects.requireNonNull(start, "start");
      return this;
    }

    /** Stop at this simulated time (exclusive). */
    public Builder end(Instant end) {
      this.end = end;
      this.duration = null;
      return this;
    }

    /** Stop this long after the start. */
    public Builder duration(Duration duration) {
      this.duration = duration;
      this.end = null;
      return this;
    }

    public Builder services(List<ServiceProfile> services) {
      this.services = List.copyOf(services);
      return this;
    }

    public Builder schedule(IncidentSchedule schedule) {
      this.schedule = Objects.requireNonNull(schedule, "schedule");
      return this;
    }

    public Builder rateScale(double rateScale) {
      this.rateScale = rateScale;
      return this;
    }

    public Builder dayLength(Duration dayLength) {
      this.dayLength = Objects.requireNonNull(dayLength, "dayLength");
      return this;
    }

    public Builder groundTruth(Path file) {
      this.groundTruth = file;
      return this;
    }

    /** Simulate only these services (their incidents included); the others stay quiet. */
    public Builder only(java.util.Collection<String> services) {
      this.only = services == null ? null : new HashSet<>(services);
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the setting to fix
     */
    public DemoConfig build() {
      if (start == null) {
        start = Instant.now();
      }
      start = start.truncatedTo(ChronoUnit.SECONDS);
      if (duration != null) {
        if (duration.isNegative() || duration.isZero()) {
          throw new IllegalArgumentException("demo duration must be positive, got " + duration);
        }
        end = start.plus(duration);
      }
      if (end != null && !end.isAfter(start)) {
        throw new IllegalArgumentException("demo end " + end + " must be after its start " + start);
      }
      if (!(rateScale > 0) || Double.isInfinite(rateScale)) {
        throw new IllegalArgumentException(
            "demo rate scale must be a positive number, got " + rateScale);
      }
      if (dayLength.compareTo(Duration.ofMinutes(1)) < 0) {
        throw new IllegalArgumentException(
            "demo day length must be at least a minute, got " + dayLength);
      }
      if (services.isEmpty()) {
        throw new IllegalArgumentException("the demo needs at least one service");
      }
      Set<String> names = new HashSet<>();
      for (ServiceProfile s : services) {
        if (!names.add(s.name())) {
          throw new IllegalArgumentException("demo service " + s.name() + " is listed twice");
        }
      }
      if (only != null && !names.containsAll(only)) {
        throw new IllegalArgumentException(
            "'only' names services the demo does not run: " + only + "; services: " + names);
      }
      for (String service : schedule.services()) {
        if (!names.contains(service)) {
          throw new IllegalArgumentException(
              "the incident schedule names service '"
                  + service
                  + "', which the demo does not run; services: "
                  + names);
        }
      }
      for (IncidentSchedule.Entry entry : schedule.entries()) {
        if (entry.host() != null && !hostsOf(entry.service()).contains(entry.host())) {
          throw new IllegalArgumentException(
              "the incident schedule names host '"
                  + entry.host()
                  + "', which service "
                  + entry.service()
                  + " does not have; its hosts: "
                  + hostsOf(entry.service()));
        }
      }
      return new DemoConfig(this);
    }

    private List<String> hostsOf(String service) {
      for (ServiceProfile s : services) {
        if (s.name().equals(service)) {
          return java.util.stream.IntStream.rangeClosed(1, s.hosts())
              .mapToObj(k -> service + "-" + k)
              .toList();
        }
      }
      return List.of();
    }
  }
}
