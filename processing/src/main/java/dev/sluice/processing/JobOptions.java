package dev.sluice.processing;

import dev.sluice.processing.anomaly.AnomalyConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.flink.util.TimeUtils;

/**
 * The job's options, parsed once from the command line (and the environment, for the S3 secret key)
 * and validated before any graph is built.
 *
 * <p>Guarantees: {@link #parse} either returns a complete, consistent set of options or throws an
 * {@link OptionsException} whose message names the flag to fix; the S3 secret key is never taken
 * from a plain flag (it would show in {@code ps} and in logs) and never appears in {@link
 * #toString()} or in an error message. The flags are listed, with defaults, in {@link JobFlags}.
 */
public final class JobOptions {
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

  String bootstrapServers;
  String topic = "logs";
  String groupId = "sluice-processing";
  Map<String, String> kafkaProperties = new LinkedHashMap<>();
  StartingOffsets startingOffsets = StartingOffsets.EARLIEST;
  String rejectsTopic = "logs.rejects";
  String statsTopic = "stats";
  String anomaliesTopic = "anomalies";
  String anomalySettings = "";
  KafkaDelivery kafkaDelivery = KafkaDelivery.AT_LEAST_ONCE;
  String transactionalIdPrefix = "sluice-processing";
  String s3Endpoint;
  String s3AccessKey;
  Secret s3SecretKey;
  Path s3SecretKeyFile;
  boolean s3CredentialsFromEnv;
  String s3Region = "us-east-1";
  String bucket = "sluice";
  Duration checkpointInterval = Duration.ofSeconds(10);
  Integer parallelism;
  int maxParallelism = 128;
  Duration window = Duration.ofMinutes(1);
  Duration allowedLateness = Duration.ofMinutes(1);
  Duration lateRetention = Duration.ofMinutes(10);
  Duration outOfOrderness = Duration.ofSeconds(5);
  Duration idleness = Duration.ofSeconds(30);
  Duration maxDrift = Duration.ofMinutes(1);
  Duration rollInterval = Duration.ofMinutes(5);
  int topPaths = 10;
  Set<Feature> enabled = EnumSet.of(Feature.ARCHIVE, Feature.STATS);

  JobOptions() {}

  /**
   * Parses {@code --flag value} / {@code --flag=value} arguments.
   *
   * @param args the command line
   * @param env the environment (for {@value #ENV_SECRET_KEY} and {@value #ENV_ACCESS_KEY})
   * @throws OptionsException naming the flag to fix
   */
  public static JobOptions parse(String[] args, Map<String, String> env) {
    JobOptions o = new JobOptions();
    Path secretFile = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        throw new OptionsException("unexpected argument '" + arg + "': flags start with --");
      }
      String name = arg;
      String value = null;
      int eq = arg.indexOf('=');
      if (eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      }
      if (name.equals("--s3-credentials-from-env")) {
        o.s3CredentialsFromEnv = value == null || Boolean.parseBoolean(value);
        continue;
      }
      if (name.equals("--s3-secret-key")) {
        throw new OptionsException(
            "--s3-secret-key is not accepted (it would show in ps and logs): set "
                + ENV_SECRET_KEY
                + " or pass --s3-secret-key-file");
      }
      if (value == null) {
        if (i + 1 >= args.length) {
          throw new OptionsException(name + " needs a value");
        }
        value = args[++i];
      }
      switch (name) {
        case "--bootstrap-servers" -> o.bootstrapServers = value;
        case "--topic" -> o.topic = value;
        case "--group-id" -> o.groupId = value;
        case "--kafka-property" -> o.putKafkaProperty(value);
        case "--starting-offsets" ->
            o.startingOffsets = enumValue(name, value, StartingOffsets.class);
        case "--rejects-topic" -> o.rejectsTopic = value;
        case "--stats-topic" -> o.statsTopic = value;
        case "--anomalies-topic" -> o.anomaliesTopic = value;
        case "--anomaly" -> o.anomalySettings += "," + value;
        case "--kafka-delivery" -> o.kafkaDelivery = enumValue(name, value, KafkaDelivery.class);
        case "--transactional-id-prefix" -> o.transactionalIdPrefix = value;
        case "--s3-endpoint" -> o.s3Endpoint = value;
        case "--s3-access-key" -> o.s3AccessKey = value;
        case "--s3-secret-key-file" -> secretFile = Path.of(value);
        case "--s3-region" -> o.s3Region = value;
        case "--bucket" -> o.bucket = value;
        case "--checkpoint-interval" -> o.checkpointInterval = duration(name, value);
        case "--parallelism" -> o.parallelism = positiveInt(name, value);
        case "--max-parallelism" -> o.maxParallelism = positiveInt(name, value);
        case "--window" -> o.window = duration(name, value);
        case "--allowed-lateness" -> o.allowedLateness = duration(name, value);
        case "--late-retention" -> o.lateRetention = duration(name, value);
        case "--out-of-orderness" -> o.outOfOrderness = duration(name, value);
        case "--idleness" -> o.idleness = duration(name, value);
        case "--max-drift" -> o.maxDrift = duration(name, value);
        case "--roll-interval" -> o.rollInterval = duration(name, value);
        case "--top-paths" -> o.topPaths = positiveInt(name, value);
        case "--enable" -> o.enabled = features(value);
        default ->
            throw new OptionsException(
                "unknown flag "
                    + name
                    + "; --help lists the job's flags (also in docs/reference.md)");
      }
    }
    o.resolveCredentials(secretFile, env);
    o.validate();
    return o;
  }

  private void putKafkaProperty(String value) {
    int eq = value.indexOf('=');
    if (eq <= 0) {
      throw new OptionsException("--kafka-property needs key=value, e.g. security.protocol=SSL");
    }
    kafkaProperties.put(value.substring(0, eq).trim(), value.substring(eq + 1));
  }

  private void resolveCredentials(Path secretFile, Map<String, String> env) {
    if (s3AccessKey == null) {
      s3AccessKey = blankToNull(env.get(ENV_ACCESS_KEY));
    }
    s3SecretKeyFile = secretFile;
    if (secretFile != null) {
      try {
        s3SecretKey = new Secret(Files.readString(secretFile, StandardCharsets.UTF_8).strip());
      } catch (IOException e) {
        throw new OptionsException(
            "--s3-secret-key-file: cannot read "
                + secretFile
                + " ("
                + e.getClass().getSimpleName()
                + "); give a readable file that holds only the secret key");
      }
      if (s3SecretKey.reveal().isEmpty()) {
        throw new OptionsException("--s3-secret-key-file: " + secretFile + " is empty");
      }
    } else if (blankToNull(env.get(ENV_SECRET_KEY)) != null) {
      s3SecretKey = new Secret(env.get(ENV_SECRET_KEY));
    }
  }

  private void validate() {
    require(bootstrapServers, "--bootstrap-servers", "the Kafka brokers, e.g. localhost:9092");
    require(topic, "--topic", "the topic to read, e.g. logs");
    require(groupId, "--group-id", "the consumer group, e.g. sluice-processing");
    if (enabled.isEmpty()) {
      throw new OptionsException("--enable: name at least one of archive, stats, anomalies");
    }
    try {
      AnomalyConfig.parse(anomalySettings, window);
    } catch (IllegalArgumentException e) {
      throw new OptionsException("--anomaly: " + e.getMessage());
    }
    // S3 is always needed: the rejects table is always written.
    require(s3Endpoint, "--s3-endpoint", "the S3 endpoint, e.g. http://localhost:9000");
    if (!s3Endpoint.startsWith("http://") && !s3Endpoint.startsWith("https://")) {
      throw new OptionsException(
          "--s3-endpoint '" + s3Endpoint + "' must start with http:// or https://");
    }
    require(bucket, "--bucket", "the bucket to write to, e.g. sluice");
    if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
      throw new OptionsException(
          "--bucket '"
              + bucket
              + "' is not a valid bucket name: use 3-63 lower-case letters, digits, '.' or '-'");
    }
    if (!s3CredentialsFromEnv) {
      if (s3AccessKey == null) {
        throw new OptionsException(
            "S3 access key missing: pass --s3-access-key or set "
                + ENV_ACCESS_KEY
                + " (or --s3-credentials-from-env to read both keys on the task managers)");
      }
      if (s3SecretKey == null) {
        throw new OptionsException(
            "S3 secret key missing: set "
                + ENV_SECRET_KEY
                + " or pass --s3-secret-key-file (or --s3-credentials-from-env to read both"
                + " keys on the task managers)");
      }
    }
    positive(checkpointInterval, "--checkpoint-interval");
    positive(window, "--window");
    positive(idleness, "--idleness");
    positive(maxDrift, "--max-drift");
    positive(rollInterval, "--roll-interval");
    notNegative(allowedLateness, "--allowed-lateness");
    notNegative(outOfOrderness, "--out-of-orderness");
    notNegative(lateRetention, "--late-retention");
    if (parallelism != null && parallelism > maxParallelism) {
      throw new OptionsException(
          "--parallelism "
              + parallelism
              + " is above --max-parallelism "
              + maxParallelism
              + ": raise --max-parallelism (it cannot change after the first savepoint)");
    }
    if (maxParallelism > 32768) {
      throw new OptionsException("--max-parallelism must be at most 32768");
    }
    if (Duration.ofDays(1).toMillis() % window.toMillis() != 0) {
      throw new OptionsException(
          "--window " + TimeUtils.formatWithHighestUnit(window) + " must divide a day evenly");
    }
    if (kafkaDelivery == KafkaDelivery.EXACTLY_ONCE) {
      require(transactionalIdPrefix, "--transactional-id-prefix", "a prefix unique per job");
    }
  }

  private static void require(String value, String flag, String what) {
    if (value == null || value.isBlank()) {
      throw new OptionsException(flag + " is missing: give " + what);
    }
  }

  private static void positive(Duration d, String flag) {
    if (d.isZero() || d.isNegative()) {
      throw new OptionsException(flag + " must be positive");
    }
  }

  private static void notNegative(Duration d, String flag) {
    if (d.isNegative()) {
      throw new OptionsException(flag + " must not be negative");
    }
  }

  private static Duration duration(String flag, String value) {
    try {
      return TimeUtils.parseDuration(value);
    } catch (RuntimeException e) {
      throw new OptionsException(
          flag + ": '" + value + "' is not a duration; write e.g. 500ms, 10s, 1m, 2h");
    }
  }

  private static int positiveInt(String flag, String value) {
    try {
      int n = Integer.parseInt(value.trim());
      if (n < 1) {
        throw new OptionsException(flag + " must be at least 1, got " + n);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new OptionsException(flag + ": '" + value + "' is not a whole number");
    }
  }

  private static <E extends Enum<E>> E enumValue(String flag, String value, Class<E> type) {
    String normalized = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(normalized)) {
        return e;
      }
    }
    List<String> names = new ArrayList<>();
    for (E e : type.getEnumConstants()) {
      names.add(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }
    throw new OptionsException(
        flag + ": '" + value + "' is not one of " + String.join(", ", names));
  }

  private static Set<Feature> features(String value) {
    Set<Feature> set = EnumSet.noneOf(Feature.class);
    for (String part : value.split(",")) {
      if (!part.isBlank()) {
        set.add(Feature.parse(part));
      }
    }
    return set;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  public String topic() {
    return topic;
  }

  public String groupId() {
    return groupId;
  }

  /** Extra Kafka client properties (TLS, SASL …) for the source and both Kafka sinks. */
  public Map<String, String> kafkaProperties() {
    return Collections.unmodifiableMap(kafkaProperties);
  }

  public StartingOffsets startingOffsets() {
    return startingOffsets;
  }

  public String rejectsTopic() {
    return rejectsTopic;
  }

  public String statsTopic() {
    return statsTopic;
  }

  /** The topic anomalies go to ({@code --anomalies-topic}, default {@code anomalies}). */
  public String anomaliesTopic() {
    return anomaliesTopic;
  }

  /** The detectors' settings: the defaults, {@code --window}, and every {@code --anomaly}. */
  public AnomalyConfig anomalyConfig() {
    return AnomalyConfig.parse(anomalySettings, window);
  }

  public KafkaDelivery kafkaDelivery() {
    return kafkaDelivery;
  }

  public String transactionalIdPrefix() {
    return transactionalIdPrefix;
  }

  public String s3Endpoint() {
    return s3Endpoint;
  }

  public String s3AccessKey() {
    return s3AccessKey;
  }

  /** The secret key, or null with {@link #s3CredentialsFromEnv()}. Never log it. */
  public Secret s3SecretKey() {
    return s3SecretKey;
  }

  /**
   * The file {@code --s3-secret-key-file} named, or null. The job hands the task managers this
   * path, never the secret; they read the file themselves.
   */
  public Path s3SecretKeyFile() {
    return s3SecretKeyFile;
  }

  /**
   * Whether the secret key was found only in this process's environment ({@value #ENV_SECRET_KEY}),
   * neither in a file nor on the task managers: it then reaches task managers in this JVM only.
   */
  public boolean s3SecretKeyOnlyInThisProcess() {
    return !s3CredentialsFromEnv && s3SecretKeyFile == null;
  }

  /** Whether the task managers read both S3 keys from their own environment. */
  public boolean s3CredentialsFromEnv() {
    return s3CredentialsFromEnv;
  }

  public String s3Region() {
    return s3Region;
  }

  public String bucket() {
    return bucket;
  }

  public Duration checkpointInterval() {
    return checkpointInterval;
  }

  /** The job's parallelism, or null for the cluster's default. */
  public Integer parallelism() {
    return parallelism;
  }

  public int maxParallelism() {
    return maxParallelism;
  }

  public Duration window() {
    return window;
  }

  public Duration allowedLateness() {
    return allowedLateness;
  }

  /** How long after a window's allowed lateness its last result is kept for late-event counts. */
  public Duration lateRetention() {
    return lateRetention;
  }

  public Duration outOfOrderness() {
    return outOfOrderness;
  }

  public Duration idleness() {
    return idleness;
  }

  /**
   * How far one Kafka partition's event time may run ahead of the slowest partition's before its
   * reading pauses (Flink's watermark alignment).
   */
  public Duration maxDrift() {
    return maxDrift;
  }

  /**
   * Longest time an S3 part file stays open before it is rolled (it is also rolled on every
   * checkpoint).
   */
  public Duration rollInterval() {
    return rollInterval;
  }

  public int topPaths() {
    return topPaths;
  }

  public boolean enabled(Feature feature) {
    return enabled.contains(feature);
  }

  /** A copy with a different parallelism (for tests and the benchmark). */
  public JobOptions withParallelism(Integer parallelism) {
    JobOptions copy = copy();
    copy.parallelism = parallelism;
    return copy;
  }

  JobOptions copy() {
    JobOptions c = new JobOptions();
    c.bootstrapServers = bootstrapServers;
    c.topic = topic;
    c.groupId = groupId;
    c.kafkaProperties = new LinkedHashMap<>(kafkaProperties);
    c.startingOffsets = startingOffsets;
    c.rejectsTopic = rejectsTopic;
    c.statsTopic = statsTopic;
    c.kafkaDelivery = kafkaDelivery;
    c.transactionalIdPrefix = transactionalIdPrefix;
    c.s3Endpoint = s3Endpoint;
    c.s3AccessKey = s3AccessKey;
    c.s3SecretKey = s3SecretKey;
    c.s3SecretKeyFile = s3SecretKeyFile;
    c.s3CredentialsFromEnv = s3CredentialsFromEnv;
    c.s3Region = s3Region;
    c.bucket = bucket;
    c.checkpointInterval = checkpointInterval;
    c.parallelism = parallelism;
    c.maxParallelism = maxParallelism;
    c.window = window;
    c.allowedLateness = allowedLateness;
    c.lateRetention = lateRetention;
    c.outOfOrderness = outOfOrderness;
    c.idleness = idleness;
    c.maxDrift = maxDrift;
    c.rollInterval = rollInterval;
    c.topPaths = topPaths;
    c.enabled = EnumSet.copyOf(enabled);
    return c;
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
        + topic
        + ", bootstrapServers="
        + bootstrapServers
        + ", groupId="
        + groupId
        + ", kafkaProperties="
        + masked
        + ", s3Endpoint="
        + s3Endpoint
        + ", bucket="
        + bucket
        + ", s3Credentials="
        + (s3CredentialsFromEnv ? "from task manager environment" : "***")
        + ", enabled="
        + enabled
        + ", window="
        + window
        + ", allowedLateness="
        + allowedLateness
        + ", outOfOrderness="
        + outOfOrderness
        + ", idleness="
        + idleness
        + ", maxDrift="
        + maxDrift
        + ", checkpointInterval="
        + checkpointInterval
        + ", parallelism="
        + parallelism
        + ", maxParallelism="
        + maxParallelism
        + ", kafkaDelivery="
        + kafkaDelivery
        + (enabled.contains(Feature.ANOMALIES)
            ? ", anomaliesTopic=" + anomaliesTopic + ", anomalies=" + anomalyConfig()
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
