package dev.sluice.ingest.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SavedPositionsSerializerTest {
  @TempDir Path dir;

  private final List<SavedPosition> positions =
      List.of(
          new SavedPosition("00112233aabbccdd", 0, "/var/log/a.log", 1_700_000_000_000L),
          new SavedPosition("ffeeddccbbaa9988", 123_456_789_012L, "/var/log/ü \"q\".log", 5));

  @Test
  void roundTrips() throws IOException {
    assertThat(SavedPositionsSerializer.deserialize(SavedPositionsSerializer.serialize(positions)))
        .isEqualTo(positions);
  }

  @Test
  void refusesAnUnknownVersionSayingWhy() {
    byte[] newer = "{\"version\":2,\"positions\":[]}".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> SavedPositionsSerializer.deserialize(newer))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("version 2")
        .hasMessageContaining("newer sluice");
  }

  @Test
  void refusesTornOrForeignBytes() {
    byte[] bytes = SavedPositionsSerializer.serialize(positions);
    byte[] torn = java.util.Arrays.copyOf(bytes, bytes.length / 2);
    assertThatThrownBy(() -> SavedPositionsSerializer.deserialize(torn))
        .isInstanceOf(IOException.class);
    assertThatThrownBy(
            () ->
                SavedPositionsSerializer.deserialize(
                    "{\"version\":1,\"positions\":[{\"offset\":1}]}"
                        .getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("without fingerprint");
  }

  @Test
  void theStateStoreSavesAtomicallyAndLocksItsDirectory() throws IOException {
    try (StateStore store = StateStore.open(dir)) {
      assertThat(store.load()).isEmpty();
      store.save(positions);
      assertThat(store.load()).isEqualTo(positions);
      assertThat(dir.resolve("positions.json.tmp")).doesNotExist();
      assertThatThrownBy(() -> StateStore.open(dir))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("another shipper is using the state directory");
    }
    try (StateStore again = StateStore.open(dir)) {
      assertThat(again.load()).isEqualTo(positions);
    }
  }
}
