package dev.sluice.cli.templates;

import dev.sluice.ingest.parse.LogParser;
import dev.sluice.ingest.parse.ParseResult;
import dev.sluice.ingest.parse.ParsedFields;
import dev.sluice.processing.template.TemplateCluster;
import dev.sluice.processing.template.TemplateMiner;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Mines templates from lines outside the job, with the same parser and the same {@link
 * TemplateMiner} (same settings) as the job, leaves kept in a hash map: what {@code sluice
 * templates} and {@code sluice bench templates} run. Keeps, per template, its count, first and last
 * seen event time and the first message as an example. Not thread-safe.
 */
public final class OfflineMiner {
  /** One template and what was seen of it. */
  public static final class Seen {
    public final TemplateCluster template;
    public long count;
    public Instant firstSeen;
    public Instant lastSeen;
    public final String example;

    Seen(TemplateCluster template, String example) {
      this.template = template;
      this.example = example;
    }

    Seen movedTo(TemplateCluster survivor) {
      Seen s = new Seen(survivor, example);
      s.count = count;
      s.firstSeen = firstSeen;
      s.lastSeen = lastSeen;
      return s;
    }
  }

  /** What one line became: its parsed fields and its template. */
  public record Mined(ParsedFields fields, TemplateCluster template) {}

  private final LogParser parser;
  private final String service;
  private final TemplateMiner miner;
  private final Map<String, List<TemplateCluster>> leaves = new HashMap<>();
  private final Map<String, Seen> seen = new LinkedHashMap<>();
  private final Map<String, TemplateCluster> byId = new HashMap<>();
  private long lines;

  public OfflineMiner(LogParser parser, String service, double similarity) {
    this.parser = parser;
    this.service = service;
    this.miner =
        new TemplateMiner(
            new TemplateMiner.LeafStore() {
              @Override
              public List<TemplateCluster> get(String path) {
                return leaves.get(path);
              }

              @Override
              public void put(String path, List<TemplateCluster> templates) {
                leaves.put(path, templates);
              }
            },
            TemplateMiner.DEFAULT_DEPTH,
            similarity,
            TemplateMiner.DEFAULT_MAX_PER_LEAF);
  }

  /** Parses and mines one line. */
  public Mined add(String line) {
    ParseResult result = parser.parse(line);
    ParsedFields fields =
        result instanceof ParseResult.Parsed parsed ? parsed.fields() : ParsedFields.unparsed(line);
    String message = fields.message != null ? fields.message : line;
    long time = fields.eventTime != null ? fields.eventTime.toEpochMilli() : lines;
    lines++;
    TemplateMiner.Match m;
    try {
      m = miner.add(service, message, time, 0, 0.01);
    } catch (Exception e) {
      throw new IllegalStateException("the in-memory leaf store failed", e);
    }
    TemplateCluster t = m.template();
    byId.put(t.id, t);
    for (String gone : m.absorbed()) {
      Seen old = seen.remove(gone);
      Seen into = seen.get(t.id);
      if (old != null && into != null) {
        into.count += old.count;
        into.firstSeen = earlier(into.firstSeen, old.firstSeen);
        into.lastSeen = later(into.lastSeen, old.lastSeen);
      } else if (old != null) {
        seen.put(t.id, old.movedTo(t));
      }
    }
    Seen s = seen.computeIfAbsent(t.id, id -> new Seen(t, message));
    s.count++;
    if (fields.eventTime != null) {
      if (s.firstSeen == null || fields.eventTime.isBefore(s.firstSeen)) {
        s.firstSeen = fields.eventTime;
      }
      if (s.lastSeen == null || fields.eventTime.isAfter(s.lastSeen)) {
        s.lastSeen = fields.eventTime;
      }
    }
    return new Mined(fields, t);
  }

  /** The template {@code t} is now part of (itself, or the one it was merged into). */
  public TemplateCluster resolve(TemplateCluster t) {
    TemplateCluster c = t;
    for (int hops = 0; c.mergedInto != null && hops < 1000; hops++) {
      TemplateCluster next = byId.get(c.mergedInto);
      if (next == null) {
        break;
      }
      c = next;
    }
    return c;
  }

  private static Instant earlier(Instant a, Instant b) {
    return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
  }

  private static Instant later(Instant a, Instant b) {
    return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
  }

  /** Mines only a message (no header parsing): for the throughput figure. */
  public TemplateCluster addMessage(String message, long time) throws Exception {
    return miner.add(service, message, time, 0, 0.01).template();
  }

  /** Lines mined so far. */
  public long lines() {
    return lines;
  }

  /** The templates in order of first appearance (evicted ones included). */
  public Collection<Seen> templates() {
    return new ArrayList<>(seen.values());
  }
}
