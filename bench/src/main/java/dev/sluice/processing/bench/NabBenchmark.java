package dev.sluice.processing.bench;

import dev.sluice.model.AnomalyStatus;
import dev.sluice.processing.anomaly.AnomalyConfig;
import dev.sluice.processing.anomaly.SeriesJudge;
import dev.sluice.processing.anomaly.SeriesState;
import dev.sluice.processing.anomaly.WindowObservation;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The NAB run behind {@code sluice bench nab}: runs the volume detector ({@link SeriesJudge} with
 * {@link AnomalyConfig#defaults()}, as the job runs it) over every series of the Numenta Anomaly
 * Benchmark's data folder — CSV files of {@code timestamp,value}, one row per window — and writes
 * NAB results files ({@code timestamp,value,anomaly_score}) named and placed as NAB's scorer
 * expects ({@code <out>/<category>/<detector>_<file>.csv}). The window is the series' median
 * spacing; values that are not whole numbers are scaled so their median is 1000 (the volume test
 * models counts). The score of a row is continuous ({@link #score}): above 0.5 where an incident
 * opens that is more surprising than every earlier one on the series, ranked by how much and by how
 * long the series was quiet before, so that one threshold over all series compares each with its
 * own history; half the evidence building up elsewhere; 0 in an open incident's later windows. A
 * malformed series fails with an {@link IllegalArgumentException} naming the file and line.
 */
public final class NabBenchmark {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private NabBenchmark() {}

  /** What a run wrote: the results files and the incidents opened over all series. */
  public record Summary(int files, long opens) {}

  /**
   * Scores every {@code .csv} under {@code data} into {@code out}.
   *
   * @throws IllegalArgumentException if there is no series or one is malformed
   */
  public static Summary run(Path data, Path out, String detector) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.walk(data)) {
      files = s.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no .csv series under " + data);
    }
    long opens = 0;
    for (Path f : files) {
      Path rel = data.relativize(f);
      Path target =
          out.resolve(rel.getParent() == null ? Path.of("") : rel.getParent())
              .resolve(detector + "_" + f.getFileName());
      opens += score(f, target);
    }
    return new Summary(files.size(), opens);
  }

  /** One series: reads it, judges it row by row, writes the results file; returns the opens. */
  public static long score(Path in, Path target) throws IOException {
    List<String> lines = Files.readAllLines(in);
    List<Long> times = new ArrayList<>();
    List<String> stamps = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    boolean integers = true;
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        continue;
      }
      int comma = line.indexOf(',');
      if (comma < 0) {
        throw new IllegalArgumentException(in + " line " + (i + 1) + ": expected timestamp,value");
      }
      String stamp = line.substring(0, comma).strip();
      double v;
      try {
        times.add(LocalDateTime.parse(stamp, TIME).toInstant(ZoneOffset.UTC).toEpochMilli());
        v = Double.parseDouble(line.substring(comma + 1).strip());
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            in
                + " line "
                + (i + 1)
                + ": expected 'yyyy-MM-dd HH:mm:ss,number', got '"
                + line
                + "'");
      }
      stamps.add(stamp);
      values.add(v);
      integers &= v == Math.rint(v);
    }
    if (times.size() < 2) {
      throw new IllegalArgumentException(in + ": needs at least two rows");
    }
    long window = medianSpacing(times);
    double scale = integers ? 1 : 1000 / Math.max(1e-9, medianAbs(values));
    AnomalyConfig config = configFor(window);
    SeriesState s = new SeriesState();
    long opens = 0;
    int lastOpen = 0;
    double record = 0;
    Files.createDirectories(target.getParent());
    try (BufferedWriter w = Files.newBufferedWriter(target)) {
      w.write("timestamp,value,anomaly_score\n");
      for (int i = 0; i < times.size(); i++) {
        WindowObservation o = new WindowObservation();
        o.service = "nab";
        o.windowStart = times.get(i);
        o.windowEnd = i + 1 < times.size() ? times.get(i + 1) : times.get(i) + window;
        if (o.windowEnd <= o.windowStart) {
          o.windowEnd = o.windowStart + 1;
        }
        o.count = Math.max(0, Math.round(values.get(i) * scale));
        boolean opened = false;
        double surprise = 0;
        boolean inIncident = s.volume.open();
        for (SeriesJudge.Outcome outcome : SeriesJudge.judge(s, null, o, config)) {
          if (outcome.metric() != SeriesJudge.Metric.VOLUME) {
            continue;
          }
          SeriesJudge.Decision d = outcome.decision();
          if (d.status() == AnomalyStatus.OPEN) {
            opened = true;
            surprise = SeriesJudge.volumeSurprise(d);
          }
          if (d.status() == AnomalyStatus.RESOLVED) {
            SeriesJudge.close(d);
          }
        }
        double score =
            score(
                opened,
                i - lastOpen,
                surprise,
                record,
                inIncident,
                SeriesJudge.volumeScore(s, config));
        if (opened) {
          record = Math.max(record, surprise);
          opens++;
          lastOpen = i;
        }
        w.write(
            stamps.get(i)
                + ","
                + format(values.get(i))
                + ","
                + String.format(Locale.ROOT, "%.6f", score)
                + "\n");
      }
    }
    return opens;
  }

  /**
   * The anomaly score of one row: above 0.5 where an incident opens that is more surprising than
   * every earlier one on this series, below 0.5 elsewhere — half the evidence building up towards
   * the threshold ({@code evidence}, in thresholds) — and 0 in the later windows of an open
   * incident, which raise no new alarm. An opening is ranked against the series' own history, so
   * scores compare across series whatever their noise: by how much its run's surprise ({@code
   * surprise}, in standard deviations of the series' spread) exceeds the largest of the series'
   * earlier openings ({@code record}, 0 before the first), on a log scale, and by how long the
   * series was quiet before ({@code quiet}: windows since its previous opening, or since it began;
   * the log of it, at half weight). An opening that is no record scores below 0.5 (half the
   * exponential of its shortfall), so a threshold above 0.5 keeps the openings that were news on
   * their series, the most telling first.
   */
  static double score(
      boolean opened,
      long quiet,
      double surprise,
      double record,
      boolean inIncident,
      double evidence) {
    if (opened) {
      double u = 0.5 * Math.log1p(quiet) + Math.log1p(surprise) - Math.log1p(record);
      return u > 0 ? 0.5 + 0.5 * u / (u + 10) : 0.5 * Math.exp(u);
    }
    return inIncident ? 0 : 0.5 * Math.min(0.999, evidence);
  }

  /**
   * The defaults with the series' window, a day of 24 hours of at least one window, and the volume
   * tests only (errors and latency see nothing here anyway).
   */
  public static AnomalyConfig configFor(long windowMillis) {
    long day = Duration.ofDays(1).toMillis();
    long window = Math.min(Math.max(windowMillis, 1000), day / 24);
    return AnomalyConfig.defaults().toBuilder().window(Duration.ofMillis(window)).build();
  }

  private static long medianSpacing(List<Long> times) {
    List<Long> d = new ArrayList<>();
    for (int i = 1; i < times.size(); i++) {
      d.add(times.get(i) - times.get(i - 1));
    }
    d.sort(null);
    return Math.max(1000, d.get(d.size() / 2));
  }

  private static double medianAbs(List<Double> values) {
    List<Double> a = new ArrayList<>();
    for (double v : values) {
      a.add(Math.abs(v));
    }
    a.sort(null);
    double m = a.get(a.size() / 2);
    return m > 0 ? m : a.stream().mapToDouble(Double::doubleValue).max().orElse(1);
  }

  private static String format(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
