package dev.sluice.cli;

import dev.sluice.cli.templates.Loghub2k;
import dev.sluice.cli.templates.OfflineMiner;
import dev.sluice.ingest.parse.Parsers;
import dev.sluice.processing.template.TemplateAccuracy;
import dev.sluice.processing.template.TemplateCluster;
import dev.sluice.ship.UserException;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sluice bench templates DIR}: runs the public path — the {@code auto} parser, then the
 * job's template miner — over every dataset of a Loghub-2k layout ({@link Loghub2k}) and prints,
 * per dataset and on average, grouping accuracy (GA), parsing accuracy (PA), FGA and FTA ({@link
 * TemplateAccuracy}), beside Drain's published GA; the share of lines whose message the header
 * split found exactly as the ground truth's "Content"; and the miner's throughput in lines per CPU
 * second of its thread (one core, however busy the machine is). Prints measured figures; asserts
 * nothing.
 */
@Command(
    name = "templates",
    mixinStandardHelpOptions = true,
    description =
        "Score template mining on a Loghub-2k directory (<Name>/<Name>_2k.log and its"
            + " _structured_corrected.csv): GA, PA, FGA, FTA per dataset beside Drain's published"
            + " GA, and the miner's lines/s per core.")
public final class BenchTemplatesCommand implements Callable<Integer> {
  /**
   * Drain's grouping accuracy on Loghub-2k as logparser publishes it (docs/benchmark.rst; the
   * original ground truth, per-dataset regular expressions and settings).
   */
  static final Map<String, Double> DRAIN_GA =
      Map.ofEntries(
          Map.entry("HDFS", 0.998),
          Map.entry("Hadoop", 0.948),
          Map.entry("Spark", 0.920),
          Map.entry("Zookeeper", 0.967),
          Map.entry("OpenStack", 0.733),
          Map.entry("BGL", 0.963),
          Map.entry("HPC", 0.887),
          Map.entry("Thunderbird", 0.955),
          Map.entry("Windows", 0.997),
          Map.entry("Linux", 0.690),
          Map.entry("Mac", 0.787),
          Map.entry("Android", 0.911),
          Map.entry("HealthApp", 0.780),
          Map.entry("Apache", 1.000),
          Map.entry("OpenSSH", 0.788),
          Map.entry("Proxifier", 0.527));

  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "DIR",
      description = "A Loghub-2k directory, e.g. logparser's data/loghub_2k_corrected.")
  Path dir;

  @Option(
      names = "--parser",
      defaultValue = "auto",
      description = "Parser in front of the miner (default: ${DEFAULT-VALUE}).")
  String parser;

  @Option(
      names = "--similarity",
      defaultValue = "0.5",
      description =
          "Smallest share of equal positions to join a template (default: ${DEFAULT-VALUE}).")
  double similarity;

  @Option(
      names = "--repeats",
      defaultValue = "5",
      description =
          "Timed passes of the miner over all messages after a warm-up; the median counts"
              + " (default: ${DEFAULT-VALUE}).")
  int repeats;

  @Override
  public Integer call() throws Exception {
    if (!Files.isDirectory(dir)) {
      throw new UserException(
          "no directory " + dir + ": fetch logpai/logparser and pass data/loghub_2k_corrected");
    }
    if (repeats < 1 || !(similarity > 0 && similarity <= 1)) {
      throw new UserException("--repeats must be positive and --similarity in (0, 1]");
    }
    try {
      Parsers.byName(parser);
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage());
    }
    List<Loghub2k> sets;
    try {
      sets = Loghub2k.read(dir);
    } catch (IOException e) {
      throw new UserException("cannot read " + dir + ": " + e.getMessage());
    }
    if (sets.isEmpty()) {
      throw new UserException(
          "no dataset under "
              + dir
              + ": expected <Name>/<Name>_2k.log beside <Name>_2k.log_structured_corrected.csv");
    }
    PrintWriter out = spec.commandLine().getOut();
    Set<String> truthFiles = new LinkedHashSet<>();
    out.printf(
        Locale.ROOT,
        "%-12s %6s %6s %6s %6s %6s  %9s  %7s%n",
        "dataset",
        "lines",
        "GA",
        "PA",
        "FGA",
        "FTA",
        "Drain GA",
        "message");
    double[] sum = new double[6];
    int drainCount = 0;
    List<String> messages = new ArrayList<>();
    for (Loghub2k d : sets) {
      truthFiles.add(d.truthFile().replace(d.name(), "<Name>"));
      OfflineMiner miner = new OfflineMiner(Parsers.byName(parser), "bench", similarity);
      List<TemplateCluster> assigned = new ArrayList<>(d.lines().size());
      int headerRight = 0;
      for (int i = 0; i < d.lines().size(); i++) {
        OfflineMiner.Mined m = miner.add(d.lines().get(i));
        assigned.add(m.template());
        String content = d.contents().get(i);
        if (content != null && content.strip().equals(m.fields().message.strip())) {
          headerRight++;
        }
        messages.add(m.fields().message);
      }
      List<String> ids = new ArrayList<>();
      List<String> texts = new ArrayList<>();
      for (TemplateCluster c : assigned) {
        TemplateCluster t = miner.resolve(c);
        ids.add(t.id);
        texts.add(t.text());
      }
      TemplateAccuracy a = TemplateAccuracy.of(d.truth(), ids, texts);
      Double drain = DRAIN_GA.get(d.name());
      double header = (double) headerRight / d.lines().size();
      out.printf(
          Locale.ROOT,
          "%-12s %6d %6.3f %6.3f %6.3f %6.3f  %9s  %7.3f%n",
          d.name(),
          d.lines().size(),
          a.groupingAccuracy(),
          a.parsingAccuracy(),
          a.groupingF1(),
          a.templateF1(),
          drain == null ? "-" : String.format(Locale.ROOT, "%.3f", drain),
          header);
      sum[0] += a.groupingAccuracy();
      sum[1] += a.parsingAccuracy();
      sum[2] += a.groupingF1();
      sum[3] += a.templateF1();
      sum[5] += header;
      if (drain != null) {
        sum[4] += drain;
        drainCount++;
      }
    }
    int n = sets.size();
    out.printf(
        Locale.ROOT,
        "%-12s %6s %6.3f %6.3f %6.3f %6.3f  %9s  %7.3f%n",
        "average",
        "",
        sum[0] / n,
        sum[1] / n,
        sum[2] / n,
        sum[3] / n,
        drainCount == 0 ? "-" : String.format(Locale.ROOT, "%.3f", sum[4] / drainCount),
        sum[5] / n);
    out.println();
    out.println(
        "ground truth: "
            + String.join(", ", truthFiles)
            + " under "
            + dir
            + " (corrected = Khan et al. 2022, as in logparser's data/loghub_2k_corrected)");
    out.println(
        "GA as logparser's evaluator, PA/FGA/FTA as Loghub-2.0's; Drain GA: logparser"
            + " docs/benchmark.rst (original ground truth, per-dataset regexes);"
            + " message: share of lines whose parsed message equals the ground truth's Content");
    out.printf(
        Locale.ROOT,
        "miner: %,.0f lines per CPU second (one core; %d messages, fresh miner each pass, median"
            + " of %d passes, header parsing excluded)%n",
        throughput(messages),
        messages.size(),
        repeats);
    out.flush();
    return 0;
  }

  /**
   * Lines per CPU second of this thread (so: per core, whatever else the machine runs) of a fresh
   * miner over {@code messages}, median of {@link #repeats} after one warm-up pass.
   */
  private double throughput(List<String> messages) throws Exception {
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    double[] rates = new double[repeats];
    for (int r = -1; r < repeats; r++) {
      OfflineMiner miner = new OfflineMiner(Parsers.byName("none"), "bench", similarity);
      long start = cpu.getCurrentThreadCpuTime();
      long t = 0;
      for (String m : messages) {
        miner.addMessage(m, t++);
      }
      long took = Math.max(1, cpu.getCurrentThreadCpuTime() - start);
      if (r >= 0) {
        rates[r] = messages.size() / (took / 1e9);
      }
    }
    Arrays.sort(rates);
    return rates[repeats / 2];
  }
}
