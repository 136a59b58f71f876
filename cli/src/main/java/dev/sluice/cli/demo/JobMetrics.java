package dev.sluice.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobID;

/**
 * Reads two of a running job's metrics through the Flink REST API (the same one the web UI uses):
 * events written by the {@code logs} table's writer, and {@code filesCommitted}, summed over the
 * committers of every S3 table.
 *
 * <p>Guarantees: never throws; a figure that cannot be read (the job not yet running, the metric
 * not yet registered) is -1. Metric names are discovered from the API, not hard-coded per vertex.
 */
public final class JobMetrics {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI rest;
  private final JobID job;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final Map<String, List<String>> archived = new LinkedHashMap<>();
  private final Map<String, List<String>> files = new LinkedHashMap<>();

  /** Figures of one moment; -1 where unknown. */
  public record Snapshot(long archived, long filesCommitted) {}

  public JobMetrics(URI rest, JobID job) {
    this.rest = rest;
    this.job = job;
  }

  /** The current figures. */
  public Snapshot read() {
    try {
      if (archived.isEmpty() || files.isEmpty()) {
        discover();
      }
      return new Snapshot(sum(archived), sum(files));
    } catch (IOException | RuntimeException e) {
      return new Snapshot(-1, -1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Snapshot(-1, -1);
    }
  }

  private void discover() throws IOException, InterruptedException {
    archived.clear();
    files.clear();
    for (JsonNode vertex : get("/jobs/" + job).path("vertices")) {
      String id = vertex.path("id").asText();
      List<String> a = new ArrayList<>();
      List<String> f = new ArrayList<>();
      for (JsonNode metric : get("/jobs/" + job + "/vertices/" + id + "/subtasks/metrics")) {
        String name = metric.path("id").asText();
        if (name.endsWith(".filesCommitted")) {
          f.add(name);
        } else if (name.endsWith(".numRecordsIn")
            && name.contains("logs_table")
            && name.contains("Writer")) {
          a.add(name);
        }
      }
      if (!a.isEmpty()) {
        archived.put(id, a);
      }
      if (!f.isEmpty()) {
        files.put(id, f);
      }
    }
  }

  private long sum(Map<String, List<String>> metrics) throws IOException, InterruptedException {
    if (metrics.isEmpty()) {
      return -1;
    }
    long total = 0;
    for (Map.Entry<String, List<String>> vertex : metrics.entrySet()) {
      String names = URLEncoder.encode(String.join(",", vertex.getValue()), StandardCharsets.UTF_8);
      for (JsonNode m :
          get(
              "/jobs/"
                  + job
                  + "/vertices/"
                  + vertex.getKey()
                  + "/subtasks/metrics?agg=sum&get="
                  + names)) {
        total += (long) m.path("sum").asDouble();
      }
    }
    return total;
  }

  private JsonNode get(String path) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(rest.resolve(path)).timeout(Duration.ofSeconds(3)).GET().build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("HTTP " + response.statusCode() + " for " + path);
    }
    return JSON.readTree(response.body());
  }
}
