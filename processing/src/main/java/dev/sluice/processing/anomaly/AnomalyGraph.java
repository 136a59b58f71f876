package dev.sluice.processing.anomaly;

import dev.sluice.model.Anomaly;
import dev.sluice.model.LogEvent;
import dev.sluice.model.WindowStats;
import dev.sluice.processing.source.LogEventTypeInfo;
import dev.sluice.processing.stats.AggregateStats;
import dev.sluice.processing.stats.EmitWindowStats;
import dev.sluice.processing.stats.StatsKey;
import dev.sluice.processing.stats.StatsSample;
import dev.sluice.processing.stats.WindowAccumulatorTypeInfo;
import dev.sluice.processing.template.MineTemplates;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;

/**
 * The anomaly sub-graph, in two steps so that the archive can take the events with their templates:
 *
 * <ol>
 *   <li>{@link #mineTemplates}: events keyed by service through {@link MineTemplates} (uid {@code
 *       anomaly-templates}): every event gets its template id and text; new patterns come out as
 *       anomalies;
 *   <li>{@link #detect}: window stats of revision 0 (and per-endpoint latency windows, uid {@code
 *       anomaly-endpoint-latency}) into {@link DetectWindowAnomalies} (uid {@code
 *       anomaly-windows}), the templated events into {@link DetectSilence} (uid {@code
 *       anomaly-silence}); all anomalies in one stream.
 * </ol>
 */
public final class AnomalyGraph {
  private AnomalyGraph() {}

  /** The events with their templates, and the new-pattern anomalies as a side output. */
  public static SingleOutputStreamOperator<LogEvent> mineTemplates(
      DataStream<LogEvent> events, AnomalyConfig config) {
    return events
        .keyBy(LogEvent::getService, Types.STRING)
        .process(new MineTemplates(config), LogEventTypeInfo.create())
        .name("mine message templates")
        .uid("anomaly-templates");
  }

  /**
   * Every anomaly: new patterns from {@code templated}'s side output, window anomalies over {@code
   * stats}, silences over the templated events. The per-endpoint latency samples and the exemplar
   * sample are cut from {@code events}, the same events before template mining (neither reads a
   * template), so that they are made in the tasks of {@code events} (in the job: the source's), not
   * in the template miner's, the job's busiest.
   *
   * @param events the events that {@code templated} mined, with the same timestamps and watermarks
   * @param templated the output of {@link #mineTemplates}, not transformed in between
   * @param stats the window stats of those events
   */
  public static DataStream<Anomaly> detect(
      DataStream<LogEvent> events,
      SingleOutputStreamOperator<LogEvent> templated,
      DataStream<WindowStats> stats,
      AnomalyConfig config) {
    TypeInformation<Anomaly> anomalyType = new AvroTypeInfo<>(Anomaly.class);
    KeyedStream<LogEvent, String> byService =
        DataStreamUtils.reinterpretAsKeyedStream(templated, LogEvent::getService, Types.STRING);

    DataStream<WindowObservation> observations =
        stats
            .filter(s -> s.getRevision() == 0)
            .name("on-time window stats")
            .map(WindowObservation::of, TypeInformation.of(WindowObservation.class))
            .name("window observations")
            .union(endpointLatency(events, config));

    // The sample reads no template: filtered and sent in the tasks of the events before mining.
    KeyedStream<LogEvent, String> exemplars =
        events
            .filter(AnomalyGraph::exemplarWorthy)
            .name("exemplar sample")
            .keyBy(LogEvent::getService, Types.STRING);
    DataStream<Anomaly> windows =
        exemplars
            .connect(observations.keyBy(o -> o.service, Types.STRING))
            .process(new DetectWindowAnomalies(config), anomalyType)
            .name("detect volume, error-rate and latency anomalies")
            .uid("anomaly-windows");

    DataStream<Anomaly> silences =
        byService
            .process(new DetectSilence(config), anomalyType)
            .name("detect silence")
            .uid("anomaly-silence");

    return templated.getSideOutput(MineTemplates.ANOMALIES).union(windows, silences);
  }

  /**
   * p95 latency per service and endpoint and window, from the same sketches as the stats. Events
   * later than the watermark are left out of these windows (they are still archived and counted by
   * the stats).
   */
  static DataStream<WindowObservation> endpointLatency(
      DataStream<LogEvent> events, AnomalyConfig config) {
    return events
        .filter(e -> e.getHttp() != null && e.getHttp().getDurationMs() != null)
        .name("requests with latency")
        .map(e -> StatsSample.of(e, Endpoints.of(e)), TypeInformation.of(StatsSample.class))
        .name("endpoint samples")
        .keyBy(StatsSample::key, TypeInformation.of(StatsKey.class))
        .window(TumblingEventTimeWindows.of(config.window()))
        .aggregate(
            new AggregateStats(),
            new EmitWindowStats(0),
            WindowAccumulatorTypeInfo.INSTANCE,
            WindowAccumulatorTypeInfo.INSTANCE,
            new AvroTypeInfo<>(WindowStats.class))
        .name("endpoint latency windows")
        .uid("anomaly-endpoint-latency")
        .map(AnomalyGraph::endpointObservation, TypeInformation.of(WindowObservation.class))
        .name("endpoint observations");
  }

  static WindowObservation endpointObservation(WindowStats s) {
    WindowObservation o = WindowObservation.of(s);
    o.endpoint = s.getHost();
    o.host = null;
    return o;
  }

  /** Errors, and one event in eight of the rest (by id, so the choice is deterministic). */
  static boolean exemplarWorthy(LogEvent e) {
    return ExemplarBuffer.isError(e) || (e.getId().hashCode() & 7) == 0;
  }
}
