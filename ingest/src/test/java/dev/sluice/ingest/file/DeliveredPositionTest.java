package dev.sluice.ingest.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
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

  @Test
  void tellsTheListenerOnceWhenTheSealedBatchIsAcknowledged() {
    List<String> told = new ArrayList<>();
    DeliveredPosition.Batch batch = new DeliveredPosition(0).openBatch(listener(told));
    batch.sent();
    batch.sent();
    batch.acknowledged();
    batch.acknowledged();
    assertThat(told).as("not before it is sealed").isEmpty();
    batch.seal(2);
    assertThat(told).containsExactly("delivered");
    batch.failed(new IllegalStateException("late"));
    assertThat(told).as("told once").containsExactly("delivered");
  }

  @Test
  void anEmptySealedBatchIsDeliveredAndAFailureIsToldOnce() {
    List<String> told = new ArrayList<>();
    new DeliveredPosition(0).openBatch(listener(told)).seal(0);
    assertThat(told).containsExactly("delivered");

    told.clear();
    DeliveredPosition.Batch failing = new DeliveredPosition(0).openBatch(listener(told));
    failing.sent();
    failing.seal(1);
    failing.failed(new IllegalStateException("too large"));
    failing.failed(new IllegalStateException("again"));
    assertThat(told).containsExactly("failed: too large");
  }

  private static DeliveredPosition.Listener listener(List<String> told) {
    return new DeliveredPosition.Listener() {
      @Override
      public void delivered() {
        told.add("delivered");
      }

      @Override
      public void failed(RuntimeException cause) {
        told.add("failed: " + cause.getMessage());
      }
    };
  }
}
