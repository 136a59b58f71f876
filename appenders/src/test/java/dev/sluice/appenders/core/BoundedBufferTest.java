package dev.sluice.appenders.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BoundedBufferTest {
  @Test
  void refusesEventsBeyondTheCountBound() {
    BoundedBuffer buffer = new BoundedBuffer(2, 1_000);

    assertThat(buffer.tryReserveSlot() && buffer.offer(new byte[10])).isTrue();
    assertThat(buffer.tryReserveSlot() && buffer.offer(new byte[10])).isTrue();
    assertThat(buffer.tryReserveSlot()).isFalse();
    assertThat(buffer.heldEvents()).isEqualTo(2);
  }

  @Test
  void refusesEventsBeyondTheByteBoundAndGivesTheSlotBack() {
    BoundedBuffer buffer = new BoundedBuffer(10, 100);

    assertThat(buffer.tryReserveSlot() && buffer.offer(new byte[60])).isTrue();
    assertThat(buffer.tryReserveSlot()).isTrue();
    assertThat(buffer.offer(new byte[60])).isFalse();
    assertThat(buffer.heldEvents()).isEqualTo(1);
    assertThat(buffer.heldBytes()).isEqualTo(60);
  }

  @Test
  void keepsThePlaceOfAPolledEventUntilItIsReleased() throws Exception {
    BoundedBuffer buffer = new BoundedBuffer(1, 100);
    buffer.tryReserveSlot();
    buffer.offer(new byte[40]);

    byte[] polled = buffer.pollNow();

    assertThat(polled).hasSize(40);
    assertThat(buffer.tryReserveSlot()).as("still unacknowledged").isFalse();
    buffer.release(polled.length);
    assertThat(buffer.heldEvents()).isZero();
    assertThat(buffer.heldBytes()).isZero();
    assertThat(buffer.tryReserveSlot()).isTrue();
  }

  @Test
  void handsBackWhatIsQueuedOnCloseAndRefusesMore() {
    BoundedBuffer buffer = new BoundedBuffer(10, 1_000);
    buffer.tryReserveSlot();
    buffer.offer(new byte[1]);
    buffer.tryReserveSlot();
    buffer.offer(new byte[2]);

    assertThat(buffer.closeAndDrain()).hasSize(2);
    assertThat(buffer.tryReserveSlot()).isFalse();
  }
}
