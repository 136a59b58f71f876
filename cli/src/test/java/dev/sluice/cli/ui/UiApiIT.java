package dev.sluice.cli.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.local.junit.S3Extension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JSON API behind {@code sluice ui}, over demo-like tables on a real S3 server. */
class UiApiIT {
  @RegisterExtension static final S3Extension S3 = S3Extension.shared();

  private static UiStack stack;
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void start() {
    stack = new UiStack(S3);
  }

  @AfterAll
  static void stop() {
    stack.close();
  }

  /** Status and body; a hang fails on the request timeout instead of blocking the suite. */
  private static HttpResponse<String> get(String pathAndQuery) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(stack.url() + pathAndQuery.substring(1)))
            .timeout(Duration.ofSeconds(60))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode ok(String pathAndQuery) throws Exception {
    HttpResponse<String> r = get(pathAndQuery);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static String badRequest(String pathAndQuery) throws Exception {
    HttpResponse<String> r = get(pathAndQuery);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    String error = JSON.readTree(r.body()).path("error").asText();
    assertThat(error).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ");
    return error;
  }

  @Test
  void timelineHasAPointPerWindowForEveryServiceWithTheBurstVisible() throws Exception {
    JsonNode timeline = ok("/api/timeline?" + stack.range());
    assertThat(timeline.fieldNames())
        .toIterable()
        .containsExactly("checkout", "payments", "search");
    JsonNode payments = timeline.path("payments");
    assertThat(payments).hasSize(120);
    double peak = 0;
    for (JsonNode p : payments) {
      peak = Math.max(peak, p.path("errorShare").asDouble());
      assertThat(p.path("p95").isNumber()).isTrue();
    }
    assertThat(peak).isBetween(0.25, 0.35);
  }

  @Test
  void incidentsAreOnePerIdWithTheirExplanationAndExemplars() throws Exception {
    JsonNode incidents = ok("/api/incidents?" + stack.range());
    assertThat(incidents).hasSize(2);
    JsonNode burst = incidents.get(0);
    assertThat(burst.path("id").asText()).isEqualTo(DemoLikeData.ERROR_INCIDENT);
    assertThat(burst.path("status").asText()).isEqualTo("RESOLVED");
    assertThat(burst.path("severity").asText())
        .as("the highest severity it reached")
        .isEqualTo("CRITICAL");
    assertThat(burst.path("start").asText()).isEqualTo(stack.data.burstStart.toString());
    assertThat(burst.path("description").asText()).startsWith("error rate rise on payments");
    assertThat(burst.path("exemplars")).hasSize(3);

    JsonNode onlyLatency = ok("/api/incidents?" + stack.range() + "&kind=latency_rise");
    assertThat(onlyLatency).hasSize(1);
    assertThat(onlyLatency.get(0).path("service").asText()).isEqualTo("search");
  }

  @Test
  void logsOfAWindowCarryTemplateIdsAndMarkTheExemplars() throws Exception {
    String ids = String.join(",", stack.data.exemplarIds);
    JsonNode logs =
        ok(
            "/api/logs?service=payments&from="
                + stack.data.burstStart
                + "&to="
                + stack.data.burstEnd
                + "&highlight="
                + ids);
    JsonNode lines = logs.path("lines");
    assertThat(lines.size()).isBetween(60, 140);
    int exemplars = 0;
    for (JsonNode l : lines) {
      assertThat(l.path("templateId").asText()).startsWith("t-");
      Instant t = Instant.parse(l.path("time").asText());
      assertThat(t).isBetween(stack.data.burstStart, stack.data.burstEnd);
      exemplars += l.path("exemplar").asBoolean() ? 1 : 0;
    }
    assertThat(exemplars).isEqualTo(3);
    assertThat(logs.path("truncated").asBoolean()).isFalse();
  }

  @Test
  void anUnknownServiceIsABadRequestThatListsTheKnownOnes() throws Exception {
    String error = badRequest("/api/timeline?" + stack.range() + "&service=paymnets");
    assertThat(error).contains("unknown service 'paymnets'").contains("checkout, payments, search");
    assertThat(badRequest("/api/logs?" + stack.range() + "&service=nope"))
        .contains("unknown service 'nope'");
  }

  @Test
  void anInvertedRangeIsABadRequest() throws Exception {
    String error = badRequest("/api/timeline?from=" + stack.data.end + "&to=" + stack.data.start);
    assertThat(error).contains("inverted");
  }

  @Test
  void aQueryWithoutATimeBoundOrOverTheLimitIsRefusedBeforeAnyScan() throws Exception {
    assertThat(badRequest("/api/timeline")).contains("without a time bound");
    assertThat(badRequest("/api/logs?service=payments&from=now-1h"))
        .contains("without a time bound");
    assertThat(badRequest("/api/incidents?from=2020-01-01T00:00:00Z&to=now")).contains("narrow it");
    assertThat(badRequest("/api/timeline?from=yesterday&to=now"))
        .contains("'yesterday' is not a time");
  }

  @Test
  void otherBadInputSaysWhatToChange() throws Exception {
    assertThat(badRequest("/api/incidents?" + stack.range() + "&kind=spike"))
        .contains("VOLUME_SPIKE");
    assertThat(badRequest("/api/logs?" + stack.range())).contains("name a service");
    assertThat(badRequest("/api/logs?" + stack.range() + "&service=payments&limit=0"))
        .contains("limit");
    assertThat(get("/api/nothing").statusCode()).isEqualTo(404);
  }

  @Test
  void progressReportsTheRunningScanAsItReads() throws Exception {
    assertThat(ok("/api/progress").path("running").asBoolean()).isFalse();
    UiQueries queries = new UiQueries(stack.engine);
    List<JsonNode> seen = new ArrayList<>();
    queries.run(
        "logs",
        "SELECT id FROM logs WHERE eventTime >= TIMESTAMP '2000-01-01 00:00:00'",
        row -> {
          if (seen.size() < 2000) {
            seen.add(queries.progress());
          }
        });
    JsonNode first = seen.get(0);
    JsonNode later = seen.get(seen.size() - 1);
    assertThat(first.path("running").asBoolean()).isTrue();
    assertThat(first.path("what").asText()).isEqualTo("logs");
    assertThat(later.path("objects").asLong()).isGreaterThanOrEqualTo(1);
    assertThat(later.path("rows").asLong()).isGreaterThan(first.path("rows").asLong());
    assertThat(queries.progress().path("running").asBoolean()).isFalse();
  }

  @Test
  void servesThePageAndTheChartingLibraryFromTheJar() throws Exception {
    assertThat(get("/").body()).contains("<title>Sluice</title>");
    HttpResponse<String> uplot = get("/vendor/uplot/uPlot.iife.min.js");
    assertThat(uplot.statusCode()).isEqualTo(200);
    assertThat(uplot.body()).contains("uPlot");
    assertThat(get("/assets/../../etc/passwd").statusCode()).isEqualTo(404);
  }
}
