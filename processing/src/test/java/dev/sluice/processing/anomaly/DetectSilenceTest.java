package dev.sluice.processing.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.model.Anomaly;
import dev.sluice.model.AnomalyKind;
import dev.sluice.model.AnomalyStatus;
import dev.sluice.model.Level;
import dev.sluice.model.LogEvent;
import dev.sluice.processing.TestEvents;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link DetectSilence} through Flink's keyed harness, with event time and processing time driven
 * by hand.
 */
class DetectSilenceTest {
  private static final String SVC = "auth";
  private static final long SECOND = 1000;

  private final AnomalyConfig config = AnomalyConfig.defaults();
  private final Random random = new Random(11);
  private KeyedOneInputStreamOperatorTestHarness<String, LogEvent, Anomaly> harness;
  private int seq;

  @BeforeEach
  void open() throws Exception {
    harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new DetectSilence(config)),
            LogEvent::getService,
            Types.STRING);
    harness.open();
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  /**
   * Events of {@code hosts} from {@code from} to {@code to}, gaps of up to {@code maxGap} ms,
   * watermark following.
   */
  private void talk(long from, long to, long maxGap, String... hosts) throws Exception {
    long t = from;
    while (t < to) {
      String host = hosts[random.nextInt(hosts.length)];
      LogEvent e = TestEvents.event("e" + seq++, t, SVC, host, Level.INFO);
      harness.processElement(new StreamRecord<>(e, t));
      harness.processWatermark(new Watermark(t - 1));
      t += 1 + random.nextInt((int) maxGap);
    }
  }

  /** The watermark moves on without this service (other services talk). */
  private void advance(long from, long to) throws Exception {
    for (long t = from; t <= to; t += 5 * SECOND) {
      harness.processWatermark(new Watermark(t));
    }
  }

  private List<Anomaly> anomalies() {
    return harness.extractOutputValues();
  }

  @Test
  void staysQuietOnIrregularTraffic() throws Exception {
    talk(0, 3_600 * SECOND, 5 * SECOND, "auth-1", "auth-2");
    assertThat(anomalies()).isEmpty();
  }

  @Test
  void reportsAServiceThatStopsOnceAndItsReturn() throws Exception {
    talk(0, 600 * SECOND, 2 * SECOND, "auth-1", "auth-2");
    long last = 600 * SECOND;
    advance(last, last + 300 * SECOND);
    List<Anomaly> out = anomalies();
    assertThat(out).hasSize(1);
    Anomaly open = out.get(0);
    assertThat(open.getKind()).isEqualTo(AnomalyKind.SILENCE);
    assertThat(open.getStatus()).isEqualTo(AnomalyStatus.OPEN);
    assertThat(open.getHost()).isNull();
    assertThat(open.getDetectedAt().toEpochMilli() - last)
        .isBetween(
            config.silenceMin().toMillis() - 2 * SECOND,
            config.silenceMin().toMillis() + 20 * SECOND);
    assertThat(open.getExemplars()).hasSize(1);

    talk(last + 300 * SECOND, last + 310 * SECOND, 2 * SECOND, "auth-1", "auth-2");
    out = anomalies();
    assertThat(out).hasSize(2);
    assertThat(out.get(1).getStatus()).isEqualTo(AnomalyStatus.RESOLVED);
    assertThat(out.get(1).getId()).isEqualTo(open.getId());
    assertThat(out.get(1).getObserved()).isGreaterThan(290);
  }

  @Test
  void learnsGapsInEventTimeOrderWhenASourceArrivesAheadOfTheWatermark() throws Exception {
    // A backfill: the service's events arrive long before the rest of the stream reaches their
    // time, its silence included; the watermark follows later.
    long last = 600 * SECOND;
    long back = last + 300 * SECOND;
    long t = 0;
    while (t < back + 60 * SECOND) {
      if (t < last || t >= back) {
        LogEvent e = TestEvents.event("e" + seq++, t, SVC, "auth-1", Level.INFO);
        harness.processElement(new StreamRecord<>(e, t));
      }
      t += 1 + random.nextInt((int) (2 * SECOND));
    }
    assertThat(anomalies()).as("nothing before the watermark moves").isEmpty();
    advance(0, back + 60 * SECOND);
    List<Anomaly> out = anomalies();
    assertThat(out)
        .extracting(Anomaly::getStatus)
        .containsExactly(AnomalyStatus.OPEN, AnomalyStatus.RESOLVED);
    assertThat(out.get(0).getWindowStart().toEpochMilli()).isBetween(last - 60 * SECOND, last);
    assertThat(out.get(1).getObserved()).isGreaterThan(290);
  }

  @Test
  void reportsAHostThatStopsWhileTheOthersTalk() throws Exception {
    talk(0, 600 * SECOND, 2 * SECOND, "auth-1", "auth-2");
    talk(600 * SECOND, 900 * SECOND, 2 * SECOND, "auth-2");
    List<Anomaly> out = anomalies();
    assertThat(out).hasSize(1);
    assertThat(out.get(0).getHost()).isEqualTo("auth-1");
  }

  @Test
  void theProcessingTimeFallbackReportsAStreamThatGoesQuietEntirely() throws Exception {
    harness.setProcessingTime(0);
    talk(0, 600 * SECOND, 2 * SECOND, "auth-1");
    assertThat(anomalies()).isEmpty();
    harness.setProcessingTime(config.silenceProcessingFallback().toMillis() + 30 * SECOND);
    assertThat(anomalies()).extracting(Anomaly::getKind).containsExactly(AnomalyKind.SILENCE);
  }

  @Test
  void theEndOfABoundedInputIsNotASilence() throws Exception {
    talk(0, 600 * SECOND, 2 * SECOND, "auth-1");
    harness.processWatermark(new Watermark(Long.MAX_VALUE));
    assertThat(anomalies()).isEmpty();
  }

  @Test
  void aSilenceInsideABoundedInputIsReportedWhenTheWatermarkJumpsToItsEnd() throws Exception {
    // A backfill read before any watermark passed the silence: the input ends, the watermark
    // jumps from before the silence to the end of time, and the checks due inside the data fire
    // at once. The service talked again after them, so they are real silences, as live.
    long last = 600 * SECOND;
    long back = last + 300 * SECOND;
    long t = 0;
    while (t < back + 60 * SECOND) {
      if (t < last || t >= back) {
        LogEvent e = TestEvents.event("e" + seq++, t, SVC, "auth-1", Level.INFO);
        harness.processElement(new StreamRecord<>(e, t));
      }
      t += 1 + random.nextInt((int) (2 * SECOND));
    }
    harness.processWatermark(new Watermark(Long.MAX_VALUE));
    List<Anomaly> out = anomalies();
    assertThat(out)
        .extracting(Anomaly::getStatus)
        .containsExactly(AnomalyStatus.OPEN, AnomalyStatus.RESOLVED);
    assertThat(out.get(0).getWindowStart().toEpochMilli()).isBetween(last - 60 * SECOND, last);
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void aSourceThatNeverTalkedRegularlyIsNotReported() throws Exception {
    talk(0, 50 * SECOND, 2 * SECOND, "auth-1"); // fewer events than silenceMinEvents
    advance(50 * SECOND, 600 * SECOND);
    assertThat(anomalies()).isEmpty();
  }

  @Test
  void timersStopOnceEverySourceIsReportedAndHostsAreCapped() throws Exception {
    AnomalyConfig small = AnomalyConfig.builder().with("max-series-per-service", 4).build();
    harness.close();
    harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new DetectSilence(small)),
            LogEvent::getService,
            Types.STRING);
    harness.open();
    String[] hosts = new String[20];
    for (int i = 0; i < hosts.length; i++) {
      hosts[i] = "auth-" + i;
    }
    talk(0, 600 * SECOND, 2 * SECOND, hosts);
    advance(600 * SECOND, 900 * SECOND);
    assertThat(anomalies()).hasSize(1);
    assertThat(harness.numEventTimeTimers()).isZero();
    assertThat(harness.numKeyedStateEntries()).isLessThanOrEqualTo(small.maxSeriesPerService() + 1);
  }
}
