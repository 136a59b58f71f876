package dev.sluice.sink.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.model.layout.PartFilePath;
import java.util.List;
import org.junit.jupiter.api.Test;

class S3WriterStateSerializerTest {
  private static final String JOB = "0123456789abcdef0123456789abcdef";

  @Test
  void roundTripsOpenFiles() throws Exception {
    S3WriterStateSerializer serializer = new S3WriterStateSerializer();
    OpenFileState withRemainder =
        new OpenFileState(
            new PartFilePath("logs", "dt=2026-11-26/hour=08/service=a", JOB, 0, 1, 4),
            "upload-1",
            List.of(new UploadedPart(1, "e1")),
            new byte[] {'O', 'b', 'j', 1, 2, 3},
            List.of("_sluice/tmp/logs/x/2.remainder", "_sluice/tmp/logs/x/3.remainder"),
            1234,
            2,
            99,
            5 << 20,
            1000,
            2000);
    OpenFileState fresh =
        new OpenFileState(
            new PartFilePath("logs", "dt=2026-11-26/hour=09/service=b", JOB, 0, 1, 5),
            null,
            List.of(),
            new byte[] {9},
            List.of(),
            0,
            0,
            0,
            0,
            3000,
            3000);
    S3WriterState state = new S3WriterState(JOB, 3, 1, 4, 6, List.of(withRemainder, fresh));

    S3WriterState back =
        serializer.deserialize(serializer.getVersion(), serializer.serialize(state));

    assertThat(back).usingRecursiveComparison().isEqualTo(state);
  }

  @Test
  void readsVersionOneWithItsSingleTemporaryObject() throws Exception {
    S3WriterStateSerializer serializer = new S3WriterStateSerializer();
    OpenFileState file =
        new OpenFileState(
            new PartFilePath("stats", "dt=2026-11-26/hour=08", JOB, 0, 0, 1),
            "upload-7",
            List.of(new UploadedPart(1, "e1")),
            new byte[] {'O', 'b', 'j', 1},
            List.of("_sluice/tmp/stats/x/1.remainder"),
            77,
            1,
            5,
            5 << 20,
            10,
            20);
    S3WriterState state = new S3WriterState(JOB, 0, 0, 1, 2, List.of(file));

    S3WriterState back = serializer.deserialize(1, S3WriterStateSerializer.serializeV1(state));

    assertThat(back).usingRecursiveComparison().isEqualTo(state);
  }
}
