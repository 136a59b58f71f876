package dev.sluice.cli.demo;

import java.time.Duration;
import java.time.Instant;

/**
 * What the demo shows at one moment: where its timeline is, and the pipeline's counters. Counters
 * are totals; -1 means not known (yet).
 *
 * @param phase what is happening, e.g. "warm-up, fast-forward"
 * @param progress share of the simulated timeline shipped, 0..1
 * @param simulated simulated time reached, null before the first event
 * @param elapsed wall time since the demo started
 * @param shipped events handed to Kafka by the shipper
 * @param archived events written by the job's {@code logs} table writer
 * @param lag the job's Kafka consumer lag
 * @param filesCommitted files committed to S3 over all tables
 * @param anomalies anomalies opened so far
 */
public record DemoStatus(
    String phase,
    double progress,
    Instant simulated,
    Duration elapsed,
    long shipped,
    long archived,
    long lag,
    long filesCommitted,
    int anomalies) {}
