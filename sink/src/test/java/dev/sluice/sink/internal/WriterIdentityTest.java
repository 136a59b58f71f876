package dev.sluice.sink.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.model.layout.PartFilePath;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class WriterIdentityTest {
  private static final String JOB = "0123456789abcdef0123456789abcdef";

  @Test
  void aFreshWriterIsGenerationZeroFromSequenceZero() {
    WriterIdentity id = WriterIdentity.of(JOB, 3, 4, OptionalLong.empty(), List.of());
    assertThat(id.generation()).isZero();
    assertThat(id.nextSequence()).isZero();
  }

  @Test
  void aFailedOverWriterContinuesItsOwnGenerationAndSequence() {
    S3WriterState own = new S3WriterState(JOB, 5, 3, 4, 42, List.of());
    WriterIdentity id = WriterIdentity.of(JOB, 3, 4, OptionalLong.of(9), List.of(own));
    assertThat(id.generation()).isEqualTo(5);
    assertThat(id.nextSequence()).isEqualTo(42);
  }

  @Test
  void aRescaledWriterTakesTheRestoredCheckpointAsANewGeneration() {
    S3WriterState old = new S3WriterState(JOB, 0, 3, 4, 42, List.of());
    WriterIdentity scaledDown = WriterIdentity.of(JOB, 1, 2, OptionalLong.of(9), List.of(old));
    WriterIdentity scaledUp = WriterIdentity.of(JOB, 7, 8, OptionalLong.of(9), List.of());
    assertThat(scaledDown.generation()).isEqualTo(9);
    assertThat(scaledUp.generation()).isEqualTo(9);
    PartFilePath oldKey = new PartFilePath("logs", "p=1", JOB, 0, 1, 0);
    assertThat(scaledDown.owns(oldKey)).isFalse();
    assertThat(scaledDown.path("logs", "p=1", 0).toKey()).isNotEqualTo(oldKey.toKey());
  }
}
