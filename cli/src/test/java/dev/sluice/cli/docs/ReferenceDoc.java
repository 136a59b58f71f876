package dev.sluice.cli.docs;

import dev.sluice.processing.JobFlags;
import dev.sluice.processing.anomaly.AnomalyConfig;
import dev.sluice.processing.anomaly.AnomalySetting;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;

/**
 * Renders the configuration reference (Markdown) from the picocli model, {@link JobFlags} and the
 * settings of {@link AnomalyConfig}.
 */
final class ReferenceDoc {
  private static final int WIDTH = 100;

  private ReferenceDoc() {}

  static String render(CommandLine root, List<JobFlags.Flag> jobFlags) {
    StringBuilder out = new StringBuilder();
    out.append("# Configuration reference\n\n")
        .append("Generated from the code by `cli/src/test/java/dev/sluice/cli/docs/")
        .append("ReferenceDocTest.java`; the build fails when this file is stale. Regenerate:\n\n")
        .append("```\nmvn -pl cli -am test -Dtest=ReferenceDocTest")
        .append(" -Dsurefire.failIfNoSpecifiedTests=false -Dsluice.updateDocs=true\n```\n\n")
        .append("- [The Flink job's flags](#the-flink-jobs-flags)\n")
        .append("  - [`--anomaly` settings](#anomaly-settings)\n");
    collect(root)
        .forEach(
            c -> out.append("- [`").append(name(c)).append("`](#").append(anchor(c)).append(")\n"));
    out.append("\n## The Flink job's flags\n\n")
        .append("For `flink run sluice-job.jar …`, `sluice submit … -- …` and `sluice run -- …`.")
        .append(" Every flag is `--name value` or `--name=value`; a wrong value fails at start")
        .append(
            " with one line naming the flag. `flink run sluice-job.jar --help` prints this list.\n\n")
        .append("| flag | example | default | meaning |\n| --- | --- | --- | --- |\n");
    for (JobFlags.Flag f : jobFlags) {
      out.append("| `")
          .append(f.name())
          .append("` | ")
          .append(f.isSwitch() ? "" : "`" + f.example() + "`")
          .append(" | ")
          .append(f.defaultText())
          .append(" | ")
          .append(f.meaning().replace("|", "\\|"))
          .append(" |\n");
    }
    anomalySettings(out);
    for (CommandLine command : collect(root)) {
      command.setUsageHelpWidth(WIDTH);
      out.append("\n## `")
          .append(name(command))
          .append("`\n\n```text\n")
          .append(command.getUsageMessage(Ansi.OFF).stripTrailing())
          .append("\n```\n");
    }
    return out.toString();
  }

  private static void anomalySettings(StringBuilder out) {
    out.append("\n### `--anomaly` settings\n\n")
        .append("`--anomaly name=value[,name=value]` (repeatable) tunes the detectors; an unknown")
        .append(" name or a value out of range fails at start. Durations as everywhere in Sluice")
        .append(" (`90s`, `5m`, `2h`, `1d`). The window is the job's `--window`.\n\n")
        .append("| setting | default | accepts | meaning |\n| --- | --- | --- | --- |\n");
    for (AnomalySetting s : AnomalyConfig.settings()) {
      if (s.byName()) {
        out.append("| `")
            .append(s.name())
            .append("` | `")
            .append(s.defaultText())
            .append("` | ")
            .append(s.range())
            .append(" | ")
            .append(s.meaning().replace("|", "\\|"))
            .append(" |\n");
      }
    }
  }

  private static List<CommandLine> collect(CommandLine root) {
    List<CommandLine> all = new java.util.ArrayList<>();
    for (CommandLine sub : root.getSubcommands().values()) {
      if (!all.contains(sub)) {
        all.add(sub);
        for (CommandLine nested : collect(sub)) {
          if (!all.contains(nested)) {
            all.add(nested);
          }
        }
      }
    }
    return all;
  }

  private static String name(CommandLine command) {
    return command.getCommandSpec().qualifiedName();
  }

  private static String anchor(CommandLine command) {
    return name(command).replace(' ', '-');
  }
}
