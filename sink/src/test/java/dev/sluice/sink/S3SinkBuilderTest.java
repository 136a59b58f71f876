package dev.sluice.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.model.LogEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class S3SinkBuilderTest {
  private static final String SECRET = "very-secret-key-42";

  private static S3SinkBuilder<LogEvent> valid() {
    return S3Sink.<LogEvent>builder()
        .connection(
            S3Connection.builder()
                .endpoint("http://127.0.0.1:9000")
                .credentials("AKIDEXAMPLE", SECRET)
                .build())
        .bucket("sluice")
        .table("logs")
        .recordClass(LogEvent.class)
        .partitioner(
            HivePartitioner.byTimeAndService(LogEvent::getEventTime, LogEvent::getService));
  }

  @Test
  void buildsASerializableSink() throws Exception {
    S3Sink<LogEvent> sink = valid().build();
    try (ObjectOutputStream out = new ObjectOutputStream(new ByteArrayOutputStream())) {
      out.writeObject(sink);
    }
    assertThat(sink.table()).isEqualTo("logs");
  }

  @Test
  void neverShowsCredentials() {
    String shown = valid().build().toString();
    assertThat(shown).doesNotContain(SECRET).doesNotContain("AKIDEXAMPLE").contains("***");
  }

  @Test
  void saysWhatToFix() {
    assertThatThrownBy(() -> valid().bucket("A").build()).hasMessageContaining("bucket 'A'");
    assertThatThrownBy(() -> valid().table("_tmp").build()).hasMessageContaining("table '_tmp'");
    assertThatThrownBy(() -> valid().partitioner(null).build())
        .hasMessageContaining("partitioner is missing");
    assertThatThrownBy(() -> valid().partSize(1 << 20).build())
        .hasMessageContaining("partSize must be between 5 MiB");
    assertThatThrownBy(() -> valid().maxOpenPartitions(0).build())
        .hasMessageContaining("maxOpenPartitions");
    assertThatThrownBy(() -> valid().retention(Duration.ofHours(1)).build())
        .hasMessageContaining("retention must be at least one day");
    assertThatThrownBy(() -> valid().connection(null).build())
        .hasMessageContaining("S3 connection is missing");
  }

  @Test
  void connectionChecksEndpointAndKeysWithoutEchoingThem() {
    assertThatThrownBy(
            () -> S3Connection.builder().endpoint("ftp://x").credentials("a", "b").build())
        .hasMessageContaining("http:// or https://");
    assertThatThrownBy(
            () ->
                S3Connection.builder()
                    .endpoint("http://x:9000/bucket")
                    .credentials("a", "b")
                    .build())
        .hasMessageContaining("must not have a path");
    assertThatThrownBy(
            () -> S3Connection.builder().endpoint("https://s3").credentials("a", "").build())
        .hasMessageContaining("secret key is missing");
  }

  private static byte[] serialise(Object o) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(o);
    }
    return bytes.toByteArray();
  }

  @SuppressWarnings("unchecked")
  private static <T> T deserialise(byte[] bytes) throws Exception {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
      return (T) in.readObject();
    }
  }

  @Test
  void theSecretKeyIsInNoSerialisedFormAndACopyInThisJvmStillFindsIt() throws Exception {
    S3Sink<LogEvent> sink = valid().build();
    byte[] bytes = serialise(sink);
    assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).doesNotContain(SECRET);

    S3Sink<LogEvent> copy = deserialise(bytes);
    assertThat(copy.settings().connection().resolveCredentials(Map.of()))
        .containsExactly("AKIDEXAMPLE", SECRET);
  }

  @Test
  void aCopyInAnotherJvmSaysHowToGiveTheTaskManagersTheSecret() throws Exception {
    S3Connection c =
        deserialise(
            serialise(
                S3Connection.builder()
                    .endpoint("http://127.0.0.1:9000")
                    .credentials("AKIDEXAMPLE", "another-secret-7")
                    .build()));
    c.forgetSecretInThisJvm();
    assertThatThrownBy(() -> c.resolveCredentials(Map.of()))
        .hasMessageContaining("--s3-credentials-from-env")
        .hasMessageContaining("--s3-secret-key-file")
        .hasMessageNotContaining("another-secret-7");
  }

  @Test
  void aSecretKeyFileTravelsAsItsPathAndIsReadWhereTheClientIsMade(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("s3-secret-key");
    Files.writeString(file, "file-secret-9\n");
    S3Connection c =
        S3Connection.builder().endpoint("http://127.0.0.1:9000").credentials("ak", file).build();
    byte[] bytes = serialise(c);
    assertThat(new String(bytes, StandardCharsets.ISO_8859_1))
        .doesNotContain("file-secret-9")
        .contains(file.toString());
    S3Connection copy = deserialise(bytes);
    assertThat(copy.resolveCredentials(Map.of())).containsExactly("ak", "file-secret-9");
    assertThat(copy.toString()).doesNotContain("file-secret-9");

    Files.delete(file);
    assertThatThrownBy(() -> copy.resolveCredentials(Map.of()))
        .hasMessageContaining("the S3 secret key refers to file " + file + ", which cannot be read")
        .hasMessageContaining("every task manager");
  }

  @Test
  void readsCredentialsFromTheEnvironmentOrSaysWhichVariableIsMissing() {
    S3Connection c =
        S3Connection.builder().endpoint("https://s3.example").credentialsFromEnvironment().build();
    assertThat(c.resolveCredentials(Map.of("AWS_ACCESS_KEY_ID", "a", "SLUICE_S3_SECRET_KEY", "s")))
        .containsExactly("a", "s");
    assertThatThrownBy(() -> c.resolveCredentials(Map.of("AWS_ACCESS_KEY_ID", "a")))
        .hasMessageContaining(S3Connection.ENV_SECRET_KEY)
        .hasMessageNotContaining("a,");
  }
}
