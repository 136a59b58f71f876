package dev.sluice.processing.stats;

import org.apache.flink.api.common.functions.AggregateFunction;

/**
 * Folds {@link StatsSample}s into a {@link WindowAccumulator} as they arrive, so a window holds one
 * bounded accumulator rather than its events: one event's sample is added, a pre-aggregated one
 * ({@link StatsSample#partial}) merged.
 */
public final class AggregateStats
    implements AggregateFunction<StatsSample, WindowAccumulator, WindowAccumulator> {
  private static final long serialVersionUID = 1L;

  @Override
  public WindowAccumulator createAccumulator() {
    return new WindowAccumulator();
  }

  @Override
  public WindowAccumulator add(StatsSample sample, WindowAccumulator acc) {
    return sample.partial == null ? acc.add(sample) : acc.merge(sample.partial);
  }

  @Override
  public WindowAccumulator getResult(WindowAccumulator acc) {
    return acc;
  }

  @Override
  public WindowAccumulator merge(WindowAccumulator a, WindowAccumulator b) {
    return a.merge(b);
  }
}
