package dev.sluice.processing.template;

/** Per-service bookkeeping of {@link MineTemplates}. A Flink POJO. */
public final class ServiceTemplates {
  public long firstEvent = Long.MIN_VALUE;
  public int templates;

  /** WARN-or-above messages written so far. */
  public long loud;

  public ServiceTemplates() {}
}
