package dev.sluice.processing;

import dev.sluice.processing.anomaly.AnomalyConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The job's options, parsed once from the command line (and the environment, for the S3 secret key)
 * and validated before any graph is built.
 *
 * <p>Guarantees: {@link #parse} either returns a complete, consistent set of options or throws an
 * {@link OptionsException} whose message names the flag to fix; the S3 secret key is never taken
 * from a plain flag (it would show in {@code ps} and in logs) and never appears in {@link
 * #toString()} or in an error message. Each flag is defined once, as a picocli option (name, type,
 * default, meaning) in one of the groups {@link KafkaFlags}, {@link S3Flags} and {@link
 * StreamFlags}; {@link JobFlags} lists them for {@code --help} and the reference from that model.
 */
@Command(name = "sluice-job")
public final class JobOptions {
  /** The checkpoint interval when {@code --checkpoint-interval} is not given. */
  public static final String DEFAULT_CHECKPOINT_INTERVAL = "10s";

  /** Environment variable holding the S3 secret key. */
  public static final String ENV_SECRET_KEY = "SLUICE_S3_SECRET_KEY";

  /** Environment variable holding the S3 access key, when {@code --s3-access-key} is absent. */
  public static final String ENV_ACCESS_KEY = "SLUICE_S3_ACCESS_KEY";

  /** The sub-graphs that can be switched on and off with {@code --enable}. */
  public enum Feature {
    /** Every event to the {@code logs} table. */
    ARCHIVE,
    /** Window stats to the {@code stats} table and topic. */
    STATS,
    /**
     * Template mining (template id and text on archived events) and the anomaly detectors, to the
     * {@code anomalies} table and topic.
     */
    ANOMALIES;

    static Feature parse(String name) {
      try {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new OptionsException(
            "--enable: unknown part '"
                + name.trim()
                + "'; use a comma list of archive, stats, anomalies");
      }
    }
  }

  /** Where the Kafka source starts when the consumer group has no committed offset. */
  public enum StartingOffsets {
    EARLIEST,
    LATEST
  }

  /** Delivery guarantee of the Kafka sinks ({@code stats}, {@code logs.rejects}). */
  public enum KafkaDelivery {
    EXACTLY_ONCE,
    AT_LEAST_ONCE
  }

  @Mixin KafkaFlags kafka = new KafkaFlags();
  @Mixin S3Flags s3 = new S3Flags();
  @Mixin StreamFlags stream = new StreamFlags();

  /** What {@link #parse} was given, so {@link #withParallelism} re-parses it rather than copy. */
  private String[] args = {};

  private Map<String, String> env = Map.of();
  private Map<String, String> kafkaProperties;
  private Set<Feature> enabled;

  JobOptions() {}

  /**
   * Parses {@code --flag value} / {@code --flag=value} arguments; the flags are defined once, as
   * picocli options of {@link KafkaFlags}, {@link S3Flags} and {@link StreamFlags}.
   *
   * @param args the command line
   * @param env the environment (for {@value #ENV_SECRET_KEY} and {@value #ENV_ACCESS_KEY})
   * @throws OptionsException naming the flag to fix
   */
  public static JobOptions parse(String[] args, Map<String, String> env) {
    JobOptions o = new JobOptions();
    try {
      JobFlagTypes.commandLine(o).parseArgs(args);
    } catch (ParameterException e) {
      throw new OptionsException(message(e));
    }
    o.args = args.clone();
    o.env = env;
    o.s3.resolveCredentials(env);
    o.kafka.validate();
    o.stream.validate();
    o.s3.validate();
    o.kafkaProperties = o.kafka.properties();
    o.enabled = o.stream.features();
    return o;
  }

  /**
   * The one line for a picocli error: it names the flag and, like every message here, no secret.
   */
  private static String message(ParameterException e) {
    if (e instanceof UnmatchedArgumentException unmatched) {
      String arg = unmatched.getUnmatched().get(0);
      if (!arg.startsWith("--")) {
        return "unexpected argument '" + arg + "': flags start with --";
      }
      return "unknown flag "
          + (arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg)
          + "; --help lists the job's flags (also in docs/reference.md)";
    }
    if (e instanceof MissingParameterException missing && !missing.getMissing().isEmpty()) {
      return flag(missing.getMissing().get(0)) + " needs a value";
    }
    if (e.getCause() instanceof TypeConversionException conversion && e.getArgSpec() != null) {
      return flag(e.getArgSpec()) + ": " + conversion.getMessage();
    }
    return e.getMessage();
  }

  private static String flag(ArgSpec spec) {
    return spec instanceof OptionSpec option ? option.longestName() : spec.paramLabel();
  }

  static void require(String value, String flag, String what) {
    if (value == null || value.isBlank()) {
      throw new OptionsException(flag + " is missing: give " + what);
    }
  }

  public String bootstrapServers() {
    return kafka.bootstrapServers;
  }

  public String topic() {
    return kafka.topic;
  }

  public String groupId() {
    return kafka.groupId;
  }

  /** Extra Kafka client properties (TLS, SASL …) for the source and both Kafka sinks. */
  public Map<String, String> kafkaProperties() {
    return Collections.unmodifiableMap(kafkaProperties);
  }

  public StartingOffsets startingOffsets() {
    return kafka.startingOffsets;
  }

  public String rejectsTopic() {
    return kafka.rejectsTopic;
  }

  public String statsTopic() {
    return kafka.statsTopic;
  }

  /** The topic anomalies go to ({@code --anomalies-topic}, default {@code anomalies}). */
  public String anomaliesTopic() {
    return kafka.anomaliesTopic;
  }

  /** The detectors' settings: the defaults, {@code --window}, and every {@code --anomaly}. */
  public AnomalyConfig anomalyConfig() {
    return stream.anomalyConfig();
  }

  public KafkaDelivery kafkaDelivery() {
    return kafka.kafkaDelivery;
  }

  public String transactionalIdPrefix() {
    return kafka.transactionalIdPrefix;
  }

  public String s3Endpoint() {
    return s3.endpoint;
  }

  public String s3AccessKey() {
    return s3.accessKey;
  }

  /** The secret key, or null with {@link #s3CredentialsFromEnv()}. Never log it. */
  public Secret s3SecretKey() {
    return s3.secretKey;
  }

  /**
   * The file {@code --s3-secret-key-file} named, or null. The job hands the task managers this
   * path, never the secret; they read the file themselves.
   */
  public Path s3SecretKeyFile() {
    return s3.secretKeyFile;
  }

  /**
   * Whether the secret key was found only in this process's environment ({@value #ENV_SECRET_KEY}),
   * neither in a file nor on the task managers: it then reaches task managers in this JVM only.
   */
  public boolean s3SecretKeyOnlyInThisProcess() {
    return !s3.credentialsFromEnv && s3.secretKeyFile == null;
  }

  /** Whether the task managers read both S3 keys from their own environment. */
  public boolean s3CredentialsFromEnv() {
    return s3.credentialsFromEnv;
  }

  public String s3Region() {
    return s3.region;
  }

  public String bucket() {
    return s3.bucket;
  }

  public Duration checkpointInterval() {
    return stream.checkpointInterval;
  }

  /** The job's parallelism, or null for the cluster's default. */
  public Integer parallelism() {
    return stream.parallelism;
  }

  public int maxParallelism() {
    return stream.maxParallelism;
  }

  public Duration window() {
    return stream.window;
  }

  public Duration allowedLateness() {
    return stream.allowedLateness;
  }

  /** How long after a window's allowed lateness its last result is kept for late-event counts. */
  public Duration lateRetention() {
    return stream.lateRetention;
  }

  public Duration outOfOrderness() {
    return stream.outOfOrderness;
  }

  public Duration idleness() {
    return stream.idleness;
  }

  /**
   * How far one Kafka partition's event time may run ahead of the slowest partition's before its
   * reading pauses (Flink's watermark alignment).
   */
  public Duration maxDrift() {
    return stream.maxDrift;
  }

  /**
   * Longest time an S3 part file stays open before it is rolled (it is also rolled on every
   * checkpoint).
   */
  public Duration rollInterval() {
    return stream.rollInterval;
  }

  public int topPaths() {
    return stream.topPaths;
  }

  public boolean enabled(Feature feature) {
    return enabled.contains(feature);
  }

  /**
   * The same options with a different parallelism (for tests and the benchmark): the arguments are
   * parsed again, so no flag can be lost on the way.
   */
  public JobOptions withParallelism(Integer parallelism) {
    JobOptions copy = parse(args, env);
    copy.stream.parallelism = parallelism;
    return copy;
  }

  @Override
  public String toString() {
    Map<String, String> masked = new LinkedHashMap<>();
    kafkaProperties.forEach(
        (k, v) ->
            masked.put(
                k,
                k.toLowerCase(Locale.ROOT).matches(".*(password|secret|jaas|key).*") ? "***" : v));
    return "JobOptions{topic="
        + topic()
        + ", bootstrapServers="
        + bootstrapServers()
        + ", groupId="
        + groupId()
        + ", kafkaProperties="
        + masked
        + ", s3Endpoint="
        + s3Endpoint()
        + ", bucket="
        + bucket()
        + ", s3Credentials="
        + (s3CredentialsFromEnv() ? "from task manager environment" : "***")
        + ", enabled="
        + enabled
        + ", window="
        + window()
        + ", allowedLateness="
        + allowedLateness()
        + ", outOfOrderness="
        + outOfOrderness()
        + ", idleness="
        + idleness()
        + ", maxDrift="
        + maxDrift()
        + ", checkpointInterval="
        + checkpointInterval()
        + ", parallelism="
        + parallelism()
        + ", maxParallelism="
        + maxParallelism()
        + ", kafkaDelivery="
        + kafkaDelivery()
        + (enabled.contains(Feature.ANOMALIES)
            ? ", anomaliesTopic=" + anomaliesTopic() + ", anomalies=" + anomalyConfig()
            : "")
        + "}";
  }

  /** A secret value whose {@link #toString()} never shows it. */
  public static final class Secret implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final String value;

    Secret(String value) {
      this.value = value;
    }

    /** The secret itself, for the client that needs it. */
    public String reveal() {
      return value;
    }

    @Override
    public String toString() {
      return "***";
    }
  }
}
