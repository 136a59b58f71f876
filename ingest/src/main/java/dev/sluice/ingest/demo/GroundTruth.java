package dev.sluice.ingest.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.model.AnomalyKind;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the demo generator injected, one JSON object per line, for scoring detectors:
 *
 * <pre>
 * {"kind":"ERROR_RATE_RISE","incident":"error-burst","service":"payments","host":null,
 *  "start":"2024-01-15T10:02:00Z","end":"2024-01-15T10:03:30Z","startMillis":…,"endMillis":…,
 *  "magnitude":0.25,"complete":true}
 * </pre>
 *
 * {@code kind} is the {@link AnomalyKind} a detector should report; {@code host} is null for an
 * incident on the whole service; {@code start} is inclusive and {@code end} exclusive, in simulated
 * event time. {@code complete} is false for an incident the generation stopped in the middle of
 * (its {@code end} is then where it stopped). Incidents the generation never reached are not
 * written.
 */
public final class GroundTruth {
  private static final ObjectMapper JSON = new ObjectMapper();

  private GroundTruth() {}

  /** One line of the ground-truth file. */
  public record Entry(
      AnomalyKind kind,
      IncidentKind incident,
      String service,
      String host,
      Instant start,
      Instant end,
      double magnitude,
      boolean complete) {}

  /** Reads a ground-truth file. */
  public static List<Entry> read(Path file) throws IOException {
    List<Entry> entries = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode n = JSON.readTree(line);
      entries.add(
          new Entry(
              AnomalyKind.valueOf(n.get("kind").asText()),
              IncidentKind.of(n.get("incident").asText()),
              n.get("service").asText(),
              n.hasNonNull("host") ? n.get("host").asText() : null,
              Instant.parse(n.get("start").asText()),
              Instant.parse(n.get("end").asText()),
              n.get("magnitude").asDouble(),
              n.get("complete").asBoolean()));
    }
    return entries;
  }

  /** Appends entries to a file as they happen; each line is flushed when written. */
  public static final class Writer implements Closeable {
    private final BufferedWriter out;

    /** Creates (or truncates) {@code file}. */
    public Writer(Path file) throws IOException {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    }

    /** Writes one incident as it was generated. */
    public void write(Incident incident, Instant end, boolean complete) {
      ObjectNode n = JSON.createObjectNode();
      n.put("kind", incident.kind().anomalyKind().name());
      n.put("incident", incident.kind().slug());
      n.put("service", incident.service());
      if (incident.host() == null) {
        n.putNull("host");
      } else {
        n.put("host", incident.host());
      }
      n.put("start", incident.start().toString());
      n.put("end", end.toString());
      n.put("startMillis", incident.start().toEpochMilli());
      n.put("endMillis", end.toEpochMilli());
      n.put("magnitude", incident.magnitude());
      n.put("complete", complete);
      try {
        out.write(JSON.writeValueAsString(n));
        out.write('\n');
        out.flush();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the demo ground truth: " + e.getMessage(), e);
      }
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }
}
