package dev.sluice.processing;

import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every flag the job accepts, with an example, its default and meaning, read from the picocli
 * options that {@link JobOptions#parse} uses (so there is no second list to keep): what {@code
 * --help} prints and what the configuration reference ({@code docs/reference.md}) is generated
 * from.
 *
 * <p>An option's example is its {@code paramLabel}; its default is its {@code defaultValue}, or a
 * second description line {@code default: …} when the default is not a value (required, from the
 * environment), or {@code off} for a switch. The S3 secret key is deliberately absent: it is never
 * a flag (env {@value JobOptions#ENV_SECRET_KEY} or {@code --s3-secret-key-file}); the hidden
 * option that refuses it is not listed.
 */
public final class JobFlags {
  private static final String DEFAULT_LINE = "default: ";

  /**
   * One flag.
   *
   * @param name the flag, e.g. {@code --topic}
   * @param example a valid value, for the reference and the tests; empty for a switch
   * @param defaultText the default as a user reads it
   * @param meaning what it does
   */
  public record Flag(String name, String example, String defaultText, String meaning) {
    /** Whether the flag takes no value. */
    public boolean isSwitch() {
      return example.isEmpty();
    }
  }

  /** All flags, in the order the help lists them. */
  public static final List<Flag> ALL =
      JobFlagTypes.commandLine(new JobOptions()).getCommandSpec().options().stream()
          .filter(o -> !o.hidden())
          .map(JobFlags::flag)
          .toList();

  private JobFlags() {}

  private static Flag flag(OptionSpec option) {
    String[] description = option.description();
    boolean isSwitch = option.typeInfo().isBoolean();
    String defaultText =
        description.length > 1 && description[1].startsWith(DEFAULT_LINE)
            ? description[1].substring(DEFAULT_LINE.length())
            : option.defaultValue() != null ? option.defaultValue() : isSwitch ? "off" : "-";
    return new Flag(
        option.longestName(), isSwitch ? "" : option.paramLabel(), defaultText, description[0]);
  }

  /** The flag called {@code name}, if the job has one. */
  public static Optional<Flag> find(String name) {
    return ALL.stream().filter(f -> f.name().equals(name)).findFirst();
  }

  /** The help text: usage line and one line per flag. */
  public static String help() {
    StringBuilder out =
        new StringBuilder(
            "usage: flink run sluice-job.jar --bootstrap-servers HOSTS --s3-endpoint URL"
                + " [flag value]...\n"
                + "The S3 secret key comes from env "
                + JobOptions.ENV_SECRET_KEY
                + " (for a local run only), --s3-secret-key-file or, with"
                + " --s3-credentials-from-env, the TaskManagers' environment; it never goes into"
                + " the job graph.\n\n");
    for (Flag flag : ALL) {
      String head = flag.isSwitch() ? flag.name() : flag.name() + " " + flag.example();
      out.append(
          String.format("  %-42s %s (default: %s)%n", head, flag.meaning(), flag.defaultText()));
    }
    return out.toString();
  }
}
