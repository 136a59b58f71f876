package dev.sluice.cli.demo;

import dev.sluice.ingest.demo.DemoConfig;
import dev.sluice.ingest.demo.IncidentSchedule;
import dev.sluice.ingest.ship.DemoShipper;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's timeline: a warm-up of normal traffic shipped as fast as it goes (so the detectors
 * have baselines and know the usual message templates), then {@link IncidentSchedule#defaultDemo()}
 * — one incident of every kind — at {@code speed} times real time, from {@link #LEAD} before its
 * first incident to the end of {@code duration}. Also the job flags that suit this traffic
 * (20-second windows, template warm-up as long as the warm-up).
 *
 * <p>Guarantees: the simulation is placed so that its last event time is no later than the wall
 * clock when it is shipped (Kafka and {@code --since} queries see recent, never future, times); the
 * same seed gives the same traffic; the incidents are the default demo's, each shifted by the
 * warm-up.
 */
public record DemoPlan(
    long seed, Duration warmUp, Duration duration, double speed, double rateScale) {

  /** How much normal traffic before the first incident is paced rather than fast-forwarded. */
  public static final Duration LEAD = Duration.ofSeconds(30);

  /** Stats and detector window: long enough for low-volume services, short enough to be quick. */
  public static final Duration WINDOW = Duration.ofSeconds(20);

  /** The defaults of {@code sluice demo}: about two minutes of paced traffic at 3×. */
  public static DemoPlan defaults() {
    return new DemoPlan(42, Duration.ofMinutes(10), Duration.ofMinutes(7), 3, 2);
  }

  /**
   * @throws IllegalArgumentException naming the setting to fix
   */
  public DemoPlan {
    if (warmUp.compareTo(Duration.ofMinutes(6)) < 0) {
      throw new IllegalArgumentException(
          "--warm-up must be at least 6m (the detectors learn baselines over 15 windows of "
              + WINDOW.toSeconds()
              + " s), got "
              + warmUp.toSeconds()
              + " s");
    }
    if (duration.compareTo(firstIncident().plus(Duration.ofSeconds(30))) < 0) {
      throw new IllegalArgumentException(
          "--duration must be at least "
              + firstIncident().plusSeconds(30).toSeconds()
              + "s to reach an incident, got "
              + duration.toSeconds()
              + " s");
    }
    if (!(speed > 0) || Double.isInfinite(speed)) {
      throw new IllegalArgumentException("--speed must be a positive number, got " + speed);
    }
    if (!(rateScale > 0) || Double.isInfinite(rateScale)) {
      throw new IllegalArgumentException(
          "--rate-scale must be a positive number, got " + rateScale);
    }
  }

  private static Duration firstIncident() {
    return IncidentSchedule.defaultDemo().entries().get(0).offset();
  }

  /** The default demo's incidents, shifted by the warm-up. */
  public IncidentSchedule schedule() {
    List<IncidentSchedule.Entry> shifted = new ArrayList<>();
    for (IncidentSchedule.Entry e : IncidentSchedule.defaultDemo().entries()) {
      shifted.add(
          new IncidentSchedule.Entry(
              e.kind(), e.service(), e.host(), e.offset().plus(warmUp), e.length(), e.magnitude()));
    }
    return IncidentSchedule.of(shifted);
  }

  /** Simulated time from the start to the end. */
  public Duration total() {
    return warmUp.plus(duration);
  }

  /** Simulated time shipped as fast as it goes: the warm-up and the quiet start of the demo. */
  public Duration fastForward() {
    return warmUp.plus(firstIncident()).minus(LEAD);
  }

  /** How long the paced part takes on the wall clock. */
  public Duration pacedWallTime() {
    return Duration.ofMillis((long) (total().minus(fastForward()).toMillis() / speed));
  }

  /** The shipper's pace. */
  public DemoShipper.Pace pace() {
    return new DemoShipper.Pace(speed, fastForward());
  }

  /**
   * Simulated start for a demo that starts shipping at {@code now}, on a window boundary: a partial
   * first window would teach the volume baselines too low a level.
   */
  public Instant start(Instant now) {
    Duration paced = total().minus(fastForward());
    long ahead = (long) (paced.toMillis() * (1 - 1 / speed));
    long start = now.minus(fastForward()).minusMillis(ahead).toEpochMilli();
    return Instant.ofEpochMilli(start - Math.floorMod(start, WINDOW.toMillis()));
  }

  /** The generator's settings, writing what it injects to {@code groundTruth}. */
  public DemoConfig demoConfig(Instant start, Path groundTruth) {
    return DemoConfig.builder()
        .seed(seed)
        .start(start)
        .duration(total())
        .rateScale(rateScale)
        .schedule(schedule())
        .groundTruth(groundTruth)
        .build();
  }

  /**
   * Flags of the Sluice job for this demo, after the connection flags. The detectors run with
   * {@code AnomalyConfig.defaults()} except for the settings whose meaning is time, which this
   * time-compressed demo shortens: the window (20 s, not 1 min), the template warm-up (the warm-up,
   * not 2 h) and the quiet after which a new pattern resolves (1 min, not 5).
   */
  public List<String> jobFlags() {
    return List.of(
        "--enable",
        "archive,stats,anomalies",
        "--parallelism",
        "1",
        "--checkpoint-interval",
        "3s",
        "--roll-interval",
        "20s",
        "--window",
        WINDOW.toSeconds() + "s",
        "--anomaly",
        "template-warmup=" + warmUp.toSeconds() + "s,pattern-quiet-after=1m");
  }

  /** Share of the timeline reached when the shipper is at simulated time {@code reached}. */
  public double progress(Instant start, long reached) {
    if (reached < 0) {
      return 0;
    }
    return Math.min(1, Math.max(0, (reached - start.toEpochMilli()) / (double) total().toMillis()));
  }
}
