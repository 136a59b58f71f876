package dev.sluice.model.codec;

import dev.sluice.model.Anomaly;
import dev.sluice.model.LogEvent;
import dev.sluice.model.Reject;
import dev.sluice.model.WindowStats;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;

/**
 * The wire codecs for Sluice's Kafka topics, each reading every recorded version of its record (see
 * {@link SchemaHistory}). The codecs are thread-safe and cheap to share.
 */
public final class Codecs {
  private static final AvroWireCodec<LogEvent> LOG_EVENTS =
      specific(LogEvent.getClassSchema(), "LogEvent");
  private static final AvroWireCodec<WindowStats> WINDOW_STATS =
      specific(WindowStats.getClassSchema(), "WindowStats");
  private static final AvroWireCodec<Anomaly> ANOMALIES =
      specific(Anomaly.getClassSchema(), "Anomaly");
  private static final AvroWireCodec<Reject> REJECTS = specific(Reject.getClassSchema(), "Reject");

  private Codecs() {}

  /** Codec for the {@code logs} topic. */
  public static AvroWireCodec<LogEvent> logEvents() {
    return LOG_EVENTS;
  }

  /** Codec for the {@code stats} topic. */
  public static AvroWireCodec<WindowStats> windowStats() {
    return WINDOW_STATS;
  }

  /** Codec for the {@code anomalies} topic. */
  public static AvroWireCodec<Anomaly> anomalies() {
    return ANOMALIES;
  }

  /** Codec for the {@code logs.rejects} topic. */
  public static AvroWireCodec<Reject> rejects() {
    return REJECTS;
  }

  private static <T> AvroWireCodec<T> specific(Schema current, String name) {
    return new AvroWireCodec<>(
        SpecificData.getForSchema(current), current, SchemaHistory.versionsOf(name));
  }
}
