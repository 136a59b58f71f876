package dev.sluice.processing.anomaly;

/**
 * What {@link DetectSilence} knows of one source (a service, or one host of it): when it last
 * talked, how long its gaps usually get, and the silence it has open. Fixed size. A Flink POJO.
 */
public final class SourceState {
  public long events;
  public long lastEvent = Long.MIN_VALUE;
  public String lastEventId;
  public String lastMessage;

  /**
   * Processing time of the last event's arrival (kept on the service's state only), for the
   * fallback when event time stands still.
   */
  public long lastSeenWallClock;

  /** The window the longest gap is being measured in, and that longest gap. */
  public long gapWindow = Long.MIN_VALUE;

  public long windowMaxGap;

  /** Moving average of the longest gap per window, in ms. */
  public double usualMaxGap;

  /** Id of the open silence, null when the source talks. */
  public String incidentId;

  public long silentSince;
  public long detectedAt;

  public SourceState() {}

  /** Learns from an event at {@code time}; events come in time order. */
  public void heard(long time, long window, String eventId, String message) {
    if (lastEvent != Long.MIN_VALUE && time > lastEvent) {
      long w = time - Math.floorMod(time, window);
      if (w != gapWindow) {
        if (gapWindow != Long.MIN_VALUE) {
          usualMaxGap =
              usualMaxGap == 0 ? windowMaxGap : usualMaxGap + 0.1 * (windowMaxGap - usualMaxGap);
        }
        gapWindow = w;
        windowMaxGap = 0;
      }
      windowMaxGap = Math.max(windowMaxGap, time - lastEvent);
    }
    events++;
    if (time >= lastEvent) {
      lastEvent = time;
      lastEventId = eventId;
      lastMessage =
          message.length() > ExemplarBuffer.MAX_MESSAGE
              ? message.substring(0, ExemplarBuffer.MAX_MESSAGE)
              : message;
    }
  }

  /** How long the source may be quiet before it counts as silent. */
  long allowedGap(AnomalyConfig c) {
    return Math.max(c.silenceMin().toMillis(), (long) (c.silenceFactor() * usualMaxGap));
  }

  boolean regular(AnomalyConfig c) {
    return events >= c.silenceMinEvents();
  }
}
