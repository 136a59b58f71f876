package dev.sluice.sink.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class S3CommittableSerializerTest {
  private final S3CommittableSerializer serializer = new S3CommittableSerializer();

  @Test
  void roundTripsAnUploadToComplete() throws Exception {
    S3Committable c =
        S3Committable.complete(
            "bucket",
            "logs/dt=2026-11-26/hour=08/service=a/part-x.avro",
            "upload-1",
            List.of(new UploadedPart(1, "\"etag-1\""), new UploadedPart(2, "etag-2")),
            List.of("_sluice/tmp/logs/part-x.avro/3.remainder"));
    assertThat(serializer.deserialize(serializer.getVersion(), serializer.serialize(c)))
        .isEqualTo(c);
  }

  @Test
  void roundTripsACleanupOnlyCommittable() throws Exception {
    S3Committable c = S3Committable.cleanup("bucket", List.of("_sluice/tmp/a", "_sluice/tmp/b"));
    assertThat(serializer.deserialize(serializer.getVersion(), serializer.serialize(c)))
        .isEqualTo(c);
  }

  @Test
  void readsVersionOneFromOlderCheckpoints() throws Exception {
    S3Committable c =
        S3Committable.complete(
            "bucket", "logs/k.avro", "upload-9", List.of(new UploadedPart(1, "e")), List.of());
    byte[] v1 = S3CommittableSerializer.serializeV1(c);
    assertThat(serializer.deserialize(1, v1)).isEqualTo(c);
  }

  @Test
  void refusesUnknownVersionsWithAClearMessage() {
    assertThatThrownBy(() -> serializer.deserialize(99, new byte[0]))
        .hasMessageContaining("unknown S3 committable version 99");
  }
}
