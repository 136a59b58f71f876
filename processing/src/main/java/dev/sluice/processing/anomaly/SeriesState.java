package dev.sluice.processing.anomaly;

/**
 * Detector state of one series (a service, a host of it, or an endpoint of it): one {@link
 * MetricState} per metric and the end of the last window seen, to recognise gaps. A Flink POJO.
 */
public final class SeriesState {
  public MetricState volume = new MetricState();
  public MetricState errors = new MetricState();
  public MetricState latency = new MetricState();

  /** End of the last window seen, -1 before the first. */
  public long lastWindowEnd = -1;

  public SeriesState() {}
}
