package dev.sluice.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobOptionsTest {
  private static final Map<String, String> ENV =
      Map.of(JobOptions.ENV_SECRET_KEY, "s3cr3t-value", JobOptions.ENV_ACCESS_KEY, "ak");

  private static String[] minimal(String... more) {
    String[] base = {
      "--bootstrap-servers", "localhost:9092", "--s3-endpoint", "http://localhost:9000"
    };
    String[] all = new String[base.length + more.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }

  @Test
  void appliesDefaultsForEverythingButTheEndpoints() {
    JobOptions o = JobOptions.parse(minimal(), ENV);
    assertThat(o.topic()).isEqualTo("logs");
    assertThat(o.window()).isEqualTo(Duration.ofMinutes(1));
    assertThat(o.bucket()).isEqualTo("sluice");
    assertThat(o.maxParallelism()).isEqualTo(128);
    assertThat(o.enabled(JobOptions.Feature.ARCHIVE)).isTrue();
    assertThat(o.enabled(JobOptions.Feature.STATS)).isTrue();
    assertThat(o.s3AccessKey()).isEqualTo("ak");
    assertThat(o.s3SecretKey().reveal()).isEqualTo("s3cr3t-value");
  }

  @Test
  void parsesEveryFlagInBothSpellings() {
    JobOptions o =
        JobOptions.parse(
            minimal(
                "--topic=raw",
                "--window",
                "5m",
                "--allowed-lateness=30s",
                "--out-of-orderness",
                "2s",
                "--idleness",
                "1m",
                "--parallelism",
                "4",
                "--max-parallelism",
                "256",
                "--enable",
                "archive",
                "--kafka-property",
                "security.protocol=SSL",
                "--kafka-property",
                "sasl.jaas.config=secret stuff",
                "--kafka-delivery",
                "at-least-once",
                "--checkpoint-interval",
                "500ms"),
            ENV);
    assertThat(o.topic()).isEqualTo("raw");
    assertThat(o.window()).isEqualTo(Duration.ofMinutes(5));
    assertThat(o.allowedLateness()).isEqualTo(Duration.ofSeconds(30));
    assertThat(o.parallelism()).isEqualTo(4);
    assertThat(o.maxParallelism()).isEqualTo(256);
    assertThat(o.enabled(JobOptions.Feature.STATS)).isFalse();
    assertThat(o.kafkaProperties()).containsEntry("security.protocol", "SSL");
    assertThat(o.kafkaDelivery()).isEqualTo(JobOptions.KafkaDelivery.AT_LEAST_ONCE);
    assertThat(o.checkpointInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(o.toString()).doesNotContain("secret stuff").contains("security.protocol=SSL");
  }

  @Test
  void neverShowsTheSecretKey() {
    JobOptions o = JobOptions.parse(minimal(), ENV);
    assertThat(o.toString()).doesNotContain("s3cr3t-value");
    assertThat(o.s3SecretKey().toString()).isEqualTo("***");
  }

  @Test
  void refusesASecretKeyOnTheCommandLine() {
    assertThatThrownBy(() -> JobOptions.parse(minimal("--s3-secret-key", "abc"), ENV))
        .isInstanceOf(OptionsException.class)
        .hasMessageContaining(JobOptions.ENV_SECRET_KEY)
        .hasMessageContaining("--s3-secret-key-file")
        .hasMessageNotContaining("abc");
  }

  @Test
  void readsTheSecretKeyFromAFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("secret");
    Files.writeString(file, "from-file\n");
    JobOptions o =
        JobOptions.parse(
            minimal("--s3-access-key", "ak2", "--s3-secret-key-file", file.toString()), Map.of());
    assertThat(o.s3SecretKey().reveal()).isEqualTo("from-file");
    assertThat(o.s3AccessKey()).isEqualTo("ak2");
  }

  @Test
  void saysWhatToSetWhenTheSecretIsMissing() {
    assertThatThrownBy(() -> JobOptions.parse(minimal("--s3-access-key", "ak"), Map.of()))
        .hasMessageContaining(JobOptions.ENV_SECRET_KEY)
        .hasMessageContaining("--s3-secret-key-file");
    assertThat(
            JobOptions.parse(minimal("--s3-credentials-from-env"), Map.of()).s3CredentialsFromEnv())
        .isTrue();
  }

  @Test
  void namesTheFlagToFix() {
    assertThatThrownBy(() -> JobOptions.parse(new String[] {"--s3-endpoint", "http://x:1"}, ENV))
        .hasMessageStartingWith("--bootstrap-servers is missing");
    assertThatThrownBy(() -> JobOptions.parse(minimal("--window", "soon"), ENV))
        .hasMessageStartingWith("--window: 'soon' is not a duration")
        .hasMessageContaining("5m");
    assertThatThrownBy(() -> JobOptions.parse(minimal("--window", "7m"), ENV))
        .hasMessageContaining("divide a day");
    assertThatThrownBy(() -> JobOptions.parse(minimal("--parallelism", "300"), ENV))
        .hasMessageContaining("--max-parallelism");
    assertThatThrownBy(() -> JobOptions.parse(minimal("--enable", "archive,alerts"), ENV))
        .hasMessageContaining("unknown part 'alerts'")
        .hasMessageContaining("anomalies");
    assertThatThrownBy(() -> JobOptions.parse(minimal("--anomaly", "min-volumes=3"), ENV))
        .hasMessageStartingWith("--anomaly: unknown anomaly setting 'min-volumes'");
    assertThatThrownBy(() -> JobOptions.parse(minimal("--frobnicate", "1"), ENV))
        .hasMessageContaining("unknown flag --frobnicate");
    assertThatThrownBy(() -> JobOptions.parse(minimal("--s3-endpoint", "minio:9000"), ENV))
        .hasMessageContaining("http://");
    assertThatThrownBy(() -> JobOptions.parse(minimal("--bucket", "A_b"), ENV))
        .hasMessageContaining("--bucket");
    assertThatThrownBy(() -> JobOptions.parse(minimal("--kafka-property", "noequals"), ENV))
        .hasMessageContaining("key=value");
    assertThatThrownBy(() -> JobOptions.parse(minimal("--parallelism", "0"), ENV))
        .hasMessageStartingWith("--parallelism: must be at least 1");
    assertThatThrownBy(() -> JobOptions.parse(minimal("--kafka-delivery", "twice"), ENV))
        .hasMessageStartingWith("--kafka-delivery: 'twice' is not one of")
        .hasMessageContaining("at-least-once");
    assertThatThrownBy(() -> JobOptions.parse(minimal("--topic"), ENV))
        .hasMessage("--topic needs a value");
    assertThatThrownBy(() -> JobOptions.parse(minimal("logs"), ENV))
        .hasMessageContaining("unexpected argument 'logs'");
  }

  @Test
  void acceptsTheProjectsOneDurationGrammar() {
    JobOptions o = JobOptions.parse(minimal("--window", "5 min", "--idleness", "90s"), ENV);
    assertThat(o.window()).isEqualTo(Duration.ofMinutes(5));
    assertThat(o.idleness()).isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void keepsEveryNamedTopic() {
    JobOptions o =
        JobOptions.parse(
            minimal(
                "--topic",
                "t1",
                "--group-id",
                "it-t1",
                "--stats-topic",
                "t1.stats",
                "--rejects-topic",
                "t1.rejects",
                "--transactional-id-prefix",
                "it-t1",
                "--parallelism",
                "2",
                "--checkpoint-interval",
                "300ms",
                "--idleness",
                "1s",
                "--idleness",
                "30s"),
            ENV);
    assertThat(List.of(o.topic(), o.groupId(), o.statsTopic(), o.rejectsTopic()))
        .containsExactly("t1", "it-t1", "t1.stats", "t1.rejects");
    assertThat(o.transactionalIdPrefix()).isEqualTo("it-t1");
    assertThat(o.kafkaDelivery()).isEqualTo(JobOptions.KafkaDelivery.AT_LEAST_ONCE);
    assertThat(o.idleness()).isEqualTo(Duration.ofSeconds(30));
    assertThat(o.checkpointInterval()).isEqualTo(Duration.ofMillis(300));
    assertThat(o.enabled(JobOptions.Feature.STATS)).isTrue();
    assertThat(o.kafkaProperties()).isEmpty();
  }

  @Test
  void withParallelismKeepsEveryOtherFlag() {
    JobOptions o =
        JobOptions.parse(
            minimal(
                "--enable",
                "archive,anomalies",
                "--anomaly",
                "evidence-threshold=7",
                "--anomalies-topic",
                "alarms",
                "--kafka-property",
                "security.protocol=SSL"),
            ENV);
    JobOptions rescaled = o.withParallelism(3);
    assertThat(rescaled.parallelism()).isEqualTo(3);
    assertThat(o.parallelism()).isNull();
    assertThat(rescaled.anomaliesTopic()).isEqualTo("alarms");
    assertThat(rescaled.anomalyConfig().evidenceThreshold()).isEqualTo(7.0);
    assertThat(rescaled.enabled(JobOptions.Feature.ANOMALIES)).isTrue();
    assertThat(rescaled.toString())
        .isEqualTo(o.toString().replace("parallelism=null", "parallelism=3"));
  }

  @Test
  void refusesASecretKeyFlagEvenWithoutAValue() {
    assertThatThrownBy(() -> JobOptions.parse(minimal("--s3-secret-key"), ENV))
        .isInstanceOf(OptionsException.class)
        .hasMessageContaining("--s3-secret-key-file");
    assertThatThrownBy(() -> JobOptions.parse(minimal("--s3-secret-key=abc"), ENV))
        .hasMessageNotContaining("abc");
  }

  @Test
  void anUnreadableSecretFileIsNamedAndItsContentNeverShown(@TempDir Path dir) {
    Path missing = dir.resolve("missing");
    assertThatThrownBy(
            () -> JobOptions.parse(minimal("--s3-secret-key-file", missing.toString()), ENV))
        .isInstanceOf(OptionsException.class)
        .hasMessageStartingWith("--s3-secret-key-file")
        .hasMessageContaining(missing.toString());
  }
}
