package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Reads a running job's state from a Flink cluster's REST API, for tests to wait on. */
final class FlinkRestProbe {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI endpoint;
  private final String jobId;

  FlinkRestProbe(URI endpoint, String jobId) {
    this.endpoint = endpoint;
    this.jobId = jobId;
  }

  /** Completed checkpoints so far (counted across restarts). */
  long completedCheckpoints() throws IOException, InterruptedException {
    return get("/jobs/" + jobId + "/checkpoints").path("counts").path("completed").asLong();
  }

  /** How often the job restarted after a failure. */
  long restarts() throws IOException, InterruptedException {
    for (JsonNode metric : get("/jobs/" + jobId + "/metrics?get=numRestarts")) {
      if (metric.path("id").asText().equals("numRestarts")) {
        return metric.path("value").asLong();
      }
    }
    return 0;
  }

  /** Whether the job and every one of its vertices are {@code RUNNING}. */
  boolean allRunning() throws IOException, InterruptedException {
    JsonNode job = get("/jobs/" + jobId);
    if (!job.path("state").asText().equals("RUNNING")) {
      return false;
    }
    for (JsonNode vertex : job.path("vertices")) {
      if (!vertex.path("status").asText().equals("RUNNING")) {
        return false;
      }
    }
    return true;
  }

  /** The job's state, e.g. {@code RUNNING} or {@code RESTARTING}. */
  String state() throws IOException, InterruptedException {
    return get("/jobs/" + jobId).path("state").asText();
  }

  private JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(endpoint.resolve(path)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(
          "GET " + path + ": HTTP " + response.statusCode() + " " + response.body());
    }
    return JSON.readTree(response.body());
  }
}
