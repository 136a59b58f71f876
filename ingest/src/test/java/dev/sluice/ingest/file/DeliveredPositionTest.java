package dev.sluice.ingest.file;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeliveredPositionTest {
  @Test
  void movesOnlyPastBatchesWhoseEveryRecordAndEveryEarlierBatchIsAcknowledged() {
    DeliveredPosition position = new DeliveredPosition(10);
    DeliveredPosition.Batch first = position.openBatch();
    first.sent();
    first.sent();
    first.seal(100);
    DeliveredPosition.Batch second = position.openBatch();
    second.sent();
    second.seal(200);

    second.acknowledged(); // out of order: the later batch is done first
    assertThat(position.delivered()).isEqualTo(10);
    first.acknowledged();
    assertThat(position.delivered()).isEqualTo(10);
    first.acknowledged();
    assertThat(position.delivered()).isEqualTo(200);
    assertThat(position.allDelivered()).isTrue();
  }

  @Test
  void anUnsealedBatchHoldsThePosition() {
    DeliveredPosition position = new DeliveredPosition(0);
    DeliveredPosition.Batch batch = position.openBatch();
    batch.sent();
    batch.acknowledged();
    assertThat(position.delivered()).isZero();
    assertThat(position.allDelivered()).isFalse();
    batch.seal(42);
    assertThat(position.delivered()).isEqualTo(42);
    assertThat(position.handedOff()).isEqualTo(42);
  }
}
