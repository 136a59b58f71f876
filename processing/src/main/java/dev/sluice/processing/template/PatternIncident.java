package dev.sluice.processing.template;

import dev.sluice.model.Exemplar;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An open new-pattern anomaly: which template, since when, how often, and the first few events (as
 * exemplars). Fixed size. A Flink POJO.
 */
public final class PatternIncident {
  public String id;
  public String templateId;
  public String templateText;
  public boolean burst;

  /** A WARN+ variant of a rare template (Drain generalised the template for it). */
  public boolean variant;

  public String level;
  public long start;
  public long lastSeen;
  public long count;
  public double usualRate;
  public long nextReport;
  public String[] exemplarIds = new String[0];
  public long[] exemplarTimes = new long[0];
  public String[] exemplarMessages = new String[0];

  public PatternIncident() {}

  void remember(String eventId, long time, String message, int max) {
    int n = exemplarIds.length;
    if (n >= max) {
      return;
    }
    exemplarIds = java.util.Arrays.copyOf(exemplarIds, n + 1);
    exemplarTimes = java.util.Arrays.copyOf(exemplarTimes, n + 1);
    exemplarMessages = java.util.Arrays.copyOf(exemplarMessages, n + 1);
    exemplarIds[n] = eventId;
    exemplarTimes[n] = time;
    exemplarMessages[n] = message.length() > 500 ? message.substring(0, 500) : message;
  }

  List<Exemplar> exemplars() {
    List<Exemplar> out = new ArrayList<>();
    for (int i = 0; i < exemplarIds.length; i++) {
      out.add(
          new Exemplar(
              exemplarIds[i], Instant.ofEpochMilli(exemplarTimes[i]), exemplarMessages[i]));
    }
    return out;
  }
}
