package dev.sluice.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IngestRequestsTest {

  @Test
  void bodyIdIsTheXxHash64OfTheBodyInHex() {
    // the reference value of XXH64 for empty input and seed 0 (xxHash's own test vectors)
    assertThat(IngestRequests.bodyId(new byte[0])).isEqualTo("ef46db3751d8e999");
    assertThat(IngestRequests.bodyId("a".getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo("d24ec4f1a98c6e5b");
  }

  @Test
  void theSameBodyGivesTheSameIdAndBodiesThatDifferGiveOthers() {
    byte[] body = "{\"msg\":\"a\"}\n{\"msg\":\"b\"}\n".getBytes(StandardCharsets.UTF_8);
    assertThat(IngestRequests.bodyId(body.clone())).isEqualTo(IngestRequests.bodyId(body));
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      ids.add(
          IngestRequests.bodyId(
              ("{\"msg\":\"line " + i + "\"}\n").getBytes(StandardCharsets.UTF_8)));
    }
    assertThat(ids).hasSize(10_000).allMatch(id -> id.matches("[0-9a-f]{16}"));
  }
}
