package dev.sluice.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class EmbeddedFlinkIT {
  @Test
  void miniClusterServesTheRestApiWithItsSlots() throws Exception {
    try (EmbeddedFlink flink = EmbeddedFlink.start(2, 0, new Configuration())) {
      URI overview = flink.restEndpoint().resolve("/overview");
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(HttpRequest.newBuilder(overview).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).contains("\"slots-total\":2");
    }
  }
}
