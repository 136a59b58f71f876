package dev.sluice.ingest.ship;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.sluice.ingest.file.ReadFrom;
import dev.sluice.ingest.http.HttpSourceConfig;
import dev.sluice.ingest.syslog.SyslogSettings;
import dev.sluice.model.config.Durations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a shipper configuration file (YAML) into a {@link ShipperConfig.Builder}, so command-line
 * flags can still override it. Unknown keys and wrongly typed values are errors that name the key.
 * See {@code ingest/README.md} for the format.
 */
public final class ShipperConfigYaml {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Set<String> TOP =
      Set.of(
          "service",
          "host",
          "environment",
          "labels",
          "state-dir",
          "read-from",
          "gzip",
          "max-line-bytes",
          "close-inactive",
          "partial-line-timeout",
          "scan-interval",
          "checkpoint-interval",
          "state-retention",
          "stop-at-eof",
          "sources",
          "kafka",
          "queue",
          "metrics",
          "http",
          "syslog");
  private static final Set<String> SOURCE =
      Set.of("type", "paths", "service", "parser", "regex", "must-parse", "labels", "multiline");
  private static final Set<String> MULTILINE =
      Set.of("mode", "pattern", "max-chars", "max-lines", "flush-timeout");
  private static final Set<String> KAFKA =
      Set.of(
          "bootstrap-servers",
          "topic",
          "rejects-topic",
          "compression",
          "linger-ms",
          "batch-size",
          "properties");
  private static final Set<String> QUEUE = Set.of("max-bytes");
  private static final Set<String> METRICS = Set.of("port", "status-interval");
  private static final Set<String> HTTP =
      Set.of(
          "listen",
          "token",
          "max-body-bytes",
          "tls-cert",
          "tls-key",
          "ack-timeout",
          "service",
          "labels");
  private static final Set<String> SYSLOG =
      Set.of("tcp", "udp", "tls", "max-frame-bytes", "must-parse");
  private static final Set<String> SYSLOG_TLS = Set.of("cert", "key");

  private ShipperConfigYaml() {}

  /** Reads a file. */
  public static ShipperConfig.Builder load(Path file) {
    try {
      return parse(Files.readString(file), file.toString());
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read config file " + file + ": " + e, e);
    }
  }

  /** Parses YAML text; {@code origin} names it in errors. */
  public static ShipperConfig.Builder parse(String yaml, String origin) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          origin + " is not valid YAML: " + e.getOriginalMessage(), e);
    }
    ShipperConfig.Builder b = ShipperConfig.builder();
    if (root == null || root.isMissingNode() || root.isNull()) {
      return b;
    }
    requireObject(root, "the top level", TOP, origin);
    if (root.has("service")) b.service(text(root, "service", origin));
    if (root.has("host")) b.host(text(root, "host", origin));
    if (root.has("environment")) b.environment(text(root, "environment", origin));
    strings(root.get("labels"), "labels", origin).forEach(b::label);
    if (root.has("state-dir")) b.stateDir(Path.of(text(root, "state-dir", origin)));
    if (root.has("read-from")) b.readFrom(readFrom(text(root, "read-from", origin), origin));
    if (root.has("gzip")) b.gzip(bool(root, "gzip", origin));
    if (root.has("max-line-bytes")) b.maxLineBytes((int) number(root, "max-line-bytes", origin));
    if (root.has("close-inactive")) b.closeInactive(duration(root, "close-inactive", origin));
    if (root.has("partial-line-timeout")) {
      b.partialLineTimeout(duration(root, "partial-line-timeout", origin));
    }
    if (root.has("scan-interval")) b.scanInterval(duration(root, "scan-interval", origin));
    if (root.has("checkpoint-interval")) {
      b.checkpointInterval(duration(root, "checkpoint-interval", origin));
    }
    if (root.has("state-retention")) b.stateRetention(duration(root, "state-retention", origin));
    if (root.has("stop-at-eof")) b.stopAtEof(bool(root, "stop-at-eof", origin));
    JsonNode sources = root.get("sources");
    if (sources != null) {
      if (!sources.isArray()) {
        throw new IllegalArgumentException(origin + ": 'sources' must be a list");
      }
      int i = 0;
      for (JsonNode source : sources) {
        String where = "sources[" + i++ + "]";
        requireObject(source, where, SOURCE, origin);
        String type = source.has("type") ? text(source, "type", origin) : "file";
        if (!type.equals("file")) {
          throw new IllegalArgumentException(
              origin + ": " + where + ".type '" + type + "' is not supported; use 'file'");
        }
        JsonNode paths = source.get("paths");
        List<String> list = new ArrayList<>();
        if (paths != null && paths.isTextual()) {
          list.add(paths.asText());
        } else if (paths != null && paths.isArray()) {
          paths.forEach(p -> list.add(p.asText()));
        } else {
          throw new IllegalArgumentException(
              origin + ": " + where + ".paths must be a glob or a list of globs");
        }
        b.source(
            list,
            source.has("service") ? text(source, "service", origin) : null,
            source.has("parser") ? text(source, "parser", origin) : null,
            source.has("regex") ? text(source, "regex", origin) : null,
            source.has("must-parse") && bool(source, "must-parse", origin),
            strings(source.get("labels"), where + ".labels", origin),
            multiline(source.get("multiline"), where + ".multiline", origin));
      }
    }
    JsonNode kafka = root.get("kafka");
    if (kafka != null) {
      requireObject(kafka, "kafka", KAFKA, origin);
      if (kafka.has("bootstrap-servers")) {
        b.bootstrapServers(text(kafka, "bootstrap-servers", origin));
      }
      if (kafka.has("topic")) b.topic(text(kafka, "topic", origin));
      if (kafka.has("rejects-topic")) b.rejectsTopic(text(kafka, "rejects-topic", origin));
      if (kafka.has("compression")) b.compression(text(kafka, "compression", origin));
      if (kafka.has("linger-ms")) b.lingerMs((int) number(kafka, "linger-ms", origin));
      if (kafka.has("batch-size")) b.batchSize((int) number(kafka, "batch-size", origin));
      strings(kafka.get("properties"), "kafka.properties", origin).forEach(b::kafkaProperty);
    }
    JsonNode queue = root.get("queue");
    if (queue != null) {
      requireObject(queue, "queue", QUEUE, origin);
      if (queue.has("max-bytes")) b.maxInFlightBytes(number(queue, "max-bytes", origin));
    }
    JsonNode metrics = root.get("metrics");
    if (metrics != null) {
      requireObject(metrics, "metrics", METRICS, origin);
      if (metrics.has("port")) b.metricsPort((int) number(metrics, "port", origin));
      if (metrics.has("status-interval")) {
        b.statusInterval(duration(metrics, "status-interval", origin));
      }
    }
    JsonNode http = root.get("http");
    if (http != null) {
      http(http, b.http(), origin);
    }
    JsonNode syslog = root.get("syslog");
    if (syslog != null) {
      syslog(syslog, b.syslog(), origin);
    }
    return b;
  }

  private static void http(JsonNode node, HttpSourceConfig.Builder h, String origin) {
    requireObject(node, "http", HTTP, origin);
    if (node.has("listen")) h.listen(text(node, "listen", origin));
    if (node.has("token")) h.token(text(node, "token", origin));
    if (node.has("max-body-bytes")) h.maxBodyBytes(number(node, "max-body-bytes", origin));
    if (node.has("tls-cert")) h.tlsCert(Path.of(text(node, "tls-cert", origin)));
    if (node.has("tls-key")) h.tlsKey(Path.of(text(node, "tls-key", origin)));
    if (node.has("ack-timeout")) h.ackTimeout(duration(node, "ack-timeout", origin));
    if (node.has("service")) h.service(text(node, "service", origin));
    strings(node.get("labels"), "http.labels", origin).forEach(h::label);
  }

  private static void syslog(JsonNode node, SyslogSettings.Builder s, String origin) {
    requireObject(node, "syslog", SYSLOG, origin);
    if (node.has("tcp")) s.tcp(text(node, "tcp", origin));
    if (node.has("udp")) s.udp(text(node, "udp", origin));
    if (node.has("max-frame-bytes")) {
      s.maxFrameBytes((int) number(node, "max-frame-bytes", origin));
    }
    if (node.has("must-parse")) s.mustParse(bool(node, "must-parse", origin));
    JsonNode tls = node.get("tls");
    if (tls != null) {
      requireObject(tls, "syslog.tls", SYSLOG_TLS, origin);
      if (tls.has("cert")) s.tlsCert(text(tls, "cert", origin));
      if (tls.has("key")) s.tlsKey(text(tls, "key", origin));
    }
  }

  private static ShipperConfig.Builder.Multiline multiline(
      JsonNode node, String where, String origin) {
    if (node == null || node.isNull()) {
      return null;
    }
    requireObject(node, where, MULTILINE, origin);
    return new ShipperConfig.Builder.Multiline(
        node.has("mode") ? text(node, "mode", origin) : null,
        node.has("pattern") ? text(node, "pattern", origin) : null,
        node.has("max-chars") ? (int) number(node, "max-chars", origin) : null,
        node.has("max-lines") ? (int) number(node, "max-lines", origin) : null,
        node.has("flush-timeout") ? duration(node, "flush-timeout", origin) : null);
  }

  /** Parses {@code beginning} or {@code end}. */
  public static ReadFrom readFrom(String text, String origin) {
    try {
      return ReadFrom.valueOf(text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          origin + ": read-from '" + text + "' must be 'beginning' or 'end'");
    }
  }

  private static void requireObject(JsonNode node, String where, Set<String> known, String origin) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(origin + ": " + where + " must be a mapping of keys");
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!known.contains(key)) {
        throw new IllegalArgumentException(
            origin + ": unknown key '" + key + "' in " + where + "; known keys: " + known);
      }
    }
  }

  private static String text(JsonNode node, String key, String origin) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull() || value.isContainerNode()) {
      throw new IllegalArgumentException(origin + ": '" + key + "' must be a plain value");
    }
    return value.asText();
  }

  private static boolean bool(JsonNode node, String key, String origin) {
    JsonNode value = node.get(key);
    if (!value.isBoolean()) {
      throw new IllegalArgumentException(origin + ": '" + key + "' must be true or false");
    }
    return value.asBoolean();
  }

  private static long number(JsonNode node, String key, String origin) {
    JsonNode value = node.get(key);
    if (!value.canConvertToLong() || !value.isIntegralNumber()) {
      throw new IllegalArgumentException(origin + ": '" + key + "' must be a whole number");
    }
    return value.asLong();
  }

  private static Duration duration(JsonNode node, String key, String origin) {
    try {
      return Durations.parse(text(node, key, origin));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(origin + ": " + key + ": " + e.getMessage(), e);
    }
  }

  private static Map<String, String> strings(JsonNode node, String where, String origin) {
    Map<String, String> map = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return map;
    }
    if (!node.isObject()) {
      throw new IllegalArgumentException(origin + ": " + where + " must be a mapping");
    }
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (e.getValue().isContainerNode()) {
        throw new IllegalArgumentException(
            origin + ": " + where + "." + e.getKey() + " must be a plain value");
      }
      map.put(e.getKey(), e.getValue().asText());
    }
    return map;
  }
}
