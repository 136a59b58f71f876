package dev.sluice.processing.bench.detect;

import dev.sluice.ingest.demo.DemoConfig;
import dev.sluice.ingest.demo.IncidentSchedule;
import dev.sluice.ingest.demo.ServiceProfile;
import dev.sluice.processing.anomaly.AnomalyConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One seed of {@code sluice bench detect}'s ladder: the {@link Ladder}'s schedule on {@code
 * profiles}, simulated from a random second of the hour after {@link #START} (so the first window
 * is partial), replayed through the job's detectors ({@link DetectReplay}) and added to a {@link
 * LadderScore}.
 */
public final class LadderRun {
  /** Where every simulation begins, before its random offset. */
  public static final Instant START = Instant.parse("2026-01-05T00:00:00Z");

  private LadderRun() {}

  /**
   * Replays seed {@code seed} over {@code days} (the first quiet) and scores it into {@code score}.
   */
  public static void replay(
      long seed,
      double days,
      Duration length,
      List<ServiceProfile> profiles,
      AnomalyConfig config,
      LadderScore score) {
    Instant start = START.plusSeconds(new SplittableRandom(seed).nextInt(3600));
    Duration span = Duration.ofMillis(Math.round(days * 86_400_000L));
    List<String> names = profiles.stream().map(ServiceProfile::name).toList();
    IncidentSchedule schedule = Ladder.schedule(seed, names, Duration.ofDays(1), days, length);
    DemoConfig demo =
        DemoConfig.builder()
            .seed(seed)
            .start(start)
            .duration(span)
            .services(profiles)
            .schedule(schedule)
            .build();
    score.add(schedule.at(start), DetectReplay.run(demo, config), days);
  }
}
