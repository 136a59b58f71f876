package dev.sluice.processing.anomaly;

import dev.sluice.model.LogEvent;

/**
 * What {@link DetectSilence} keeps of an event between its arrival and the watermark passing its
 * time: its time, host, id and (shortened) message. A Flink POJO.
 */
public final class HeardEvent {
  public long time;
  public String host;
  public String id;
  public String message;

  public HeardEvent() {}

  static HeardEvent of(LogEvent e) {
    HeardEvent h = new HeardEvent();
    h.time = e.getEventTime().toEpochMilli();
    h.host = e.getHost();
    h.id = e.getId();
    String m = e.getMessage();
    h.message =
        m.length() > ExemplarBuffer.MAX_MESSAGE ? m.substring(0, ExemplarBuffer.MAX_MESSAGE) : m;
    return h;
  }
}
