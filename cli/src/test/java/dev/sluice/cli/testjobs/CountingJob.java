package dev.sluice.cli.testjobs;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * A job that counts for a very long time, for testing submission, listing and stop-with-savepoint
 * against a real cluster without depending on the Sluice job. Its name comes from the first
 * argument, so the test can check that arguments arrive.
 */
public final class CountingJob {
  private CountingJob() {}

  public static void main(String[] args) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.fromSource(
            new NumberSequenceSource(0, Long.MAX_VALUE),
            WatermarkStrategy.noWatermarks(),
            "numbers")
        .uid("numbers")
        .map(n -> n * 2)
        .uid("double")
        .sinkTo(new DiscardingSink<>())
        .uid("discard");
    env.execute(args.length > 0 ? args[0] : "counting");
  }
}
