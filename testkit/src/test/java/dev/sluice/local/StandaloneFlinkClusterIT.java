package dev.sluice.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StandaloneFlinkClusterIT {
  @Test
  void startsSeparateJobManagerAndTaskManagerProcessesAndSurvivesAKilledTaskManager()
      throws Exception {
    try (StandaloneFlinkCluster cluster = StandaloneFlinkCluster.start(2, 1, Map.of())) {
      String overview = get(cluster, "/overview");
      assertThat(overview).contains("\"taskmanagers\":2").contains("\"slots-total\":2");
      long others = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).count();
      assertThat(others).as("JobManager and two TaskManagers run as processes").isEqualTo(3);

      cluster.killTaskManager(0);
      // The JobManager notices the SIGKILLed TaskManager when its heartbeat times out.
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(250))
          .untilAsserted(
              () -> assertThat(get(cluster, "/overview")).contains("\"taskmanagers\":1,"));

      int replacement = cluster.startTaskManager();
      assertThat(replacement).isEqualTo(2);
      cluster.awaitTaskManagers(2, Duration.ofSeconds(60));
      assertThat(countOf(get(cluster, "/taskmanagers"), "\"id\"")).isEqualTo(2);
    }
    assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).count())
        .as("no processes left behind")
        .isZero();
  }

  private static int countOf(String text, String needle) {
    int count = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
      count++;
    }
    return count;
  }

  private static String get(StandaloneFlinkCluster cluster, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(cluster.restEndpoint().resolve(path)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
