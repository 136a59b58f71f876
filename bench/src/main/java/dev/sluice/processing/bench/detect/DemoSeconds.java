package dev.sluice.processing.bench.detect;

import dev.sluice.ingest.demo.DemoConfig;
import dev.sluice.ingest.demo.DemoEvent;
import dev.sluice.ingest.demo.DemoServices;
import dev.sluice.ingest.demo.DemoTrafficGenerator;
import dev.sluice.ingest.demo.IncidentSchedule;
import dev.sluice.ingest.metrics.ShipMetrics;
import dev.sluice.ingest.ship.DemoPipelines;
import dev.sluice.ingest.ship.EventPipeline;
import dev.sluice.model.LogEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * The source of {@code sluice bench detect --job}: the demo traffic of simulated second {@code n},
 * parsed into events with the parser each record names and enriched as the shipper would. Runs at
 * parallelism 1: the generator is sequential.
 */
public final class DemoSeconds extends RichFlatMapFunction<Long, LogEvent> {
  private static final long serialVersionUID = 1L;
  private final long seed;
  private final long start;
  private final Duration span;
  private final int perKind;
  private final Duration length;
  private final double rateScale;
  private transient DemoTrafficGenerator generator;
  private transient DemoEvent peeked;
  private transient DemoPipelines pipelines;
  private transient long seq;

  /**
   * The seconds of {@code span} from {@code start} (epoch ms), with the schedule {@link
   * IncidentSchedule#spread} draws.
   */
  public DemoSeconds(
      long seed, long start, Duration span, int perKind, Duration length, double rateScale) {
    this.seed = seed;
    this.start = start;
    this.span = span;
    this.perKind = perKind;
    this.length = length;
    this.rateScale = rateScale;
  }

  @Override
  public void open(OpenContext context) {
    DemoConfig config =
        DemoConfig.builder()
            .seed(seed)
            .start(Instant.ofEpochMilli(start))
            .duration(span)
            .schedule(IncidentSchedule.spread(seed, span, DemoServices.names(), perKind, length))
            .rateScale(rateScale)
            .build();
    generator = new DemoTrafficGenerator(config);
    pipelines = new DemoPipelines(null, "bench", Map.of(), new ShipMetrics());
  }

  @Override
  public void flatMap(Long second, Collector<LogEvent> out) {
    long limit = start + (second + 1) * 1000;
    while (peeked != null || generator.hasNext()) {
      DemoEvent e = peeked != null ? peeked : generator.next();
      peeked = null;
      if (e.timeMillis() >= limit) {
        peeked = e;
        return;
      }
      if (pipelines.process(e, "bench:" + seq++, e.eventTime())
          instanceof EventPipeline.Result.Event shipped) {
        out.collect(shipped.event());
      }
    }
  }

  @Override
  public void close() {
    if (generator != null) {
      generator.close();
    }
  }
}
