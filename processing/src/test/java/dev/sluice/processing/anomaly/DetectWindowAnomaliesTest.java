package dev.sluice.processing.anomaly;

import static dev.sluice.processing.anomaly.Series.MINUTE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.model.Anomaly;
import dev.sluice.model.AnomalyKind;
import dev.sluice.model.AnomalyStatus;
import dev.sluice.model.Level;
import dev.sluice.model.LogEvent;
import dev.sluice.processing.TestEvents;
import java.time.Duration;
import java.util.List;
import java.util.function.LongFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link DetectWindowAnomalies} through Flink's keyed two-input harness, on crafted per-minute
 * series with a daily cycle.
 */
class DetectWindowAnomaliesTest {
  private static final long DAY = Duration.ofDays(1).toMillis();
  private static final String SVC = "checkout";

  private final AnomalyConfig config =
      AnomalyConfig.builder().with("day-length", Duration.ofMillis(DAY)).build();
  private KeyedTwoInputStreamOperatorTestHarness<String, LogEvent, WindowObservation, Anomaly>
      harness;

  @BeforeEach
  void open() throws Exception {
    harness =
        new KeyedTwoInputStreamOperatorTestHarness<>(
            new KeyedCoProcessOperator<>(new DetectWindowAnomalies(config)),
            LogEvent::getService,
            o -> o.service,
            Types.STRING);
    harness.open();
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  /**
   * Feeds {@code windows} windows from {@code start}, each built by {@code at}, window by window.
   */
  private void run(long start, int windows, LongFunction<List<WindowObservation>> at)
      throws Exception {
    for (int i = 0; i < windows; i++) {
      long t = start + i * MINUTE;
      for (WindowObservation o : at.apply(t)) {
        harness.processElement2(new StreamRecord<>(Series.withRequests(o), o.windowEnd - 1));
      }
      harness.processBothWatermarks(new Watermark(t + MINUTE - 1));
    }
  }

  private List<Anomaly> anomalies() {
    return harness.extractOutputValues();
  }

  private static double factor(long t, long from, long to, double inside) {
    return t >= from && t < to ? inside : 1;
  }

  @Test
  void staysQuietOnNoiseAndADailyCycle() throws Exception {
    Series s = new Series(1, 600, DAY);
    run(
        0,
        (int) (3 * DAY / MINUTE),
        t -> List.of(Series.obs(SVC, null, t, s.count(t, 1), 0, s.p95(1))));
    assertThat(anomalies()).isEmpty();
  }

  @Test
  void opensOneVolumeSpikeUpdatesAndResolvesIt() throws Exception {
    Series s = new Series(2, 600, DAY);
    long from = DAY + 30 * MINUTE;
    long to = from + 10 * MINUTE;
    run(
        0,
        (int) (DAY / MINUTE) + 60,
        t -> List.of(Series.obs(SVC, null, t, s.count(t, factor(t, from, to, 4)), 0, s.p95(1))));

    List<Anomaly> out = anomalies();
    assertThat(out).extracting(Anomaly::getKind).containsOnly(AnomalyKind.VOLUME_SPIKE);
    assertThat(out).extracting(Anomaly::getId).containsOnly(out.get(0).getId());
    assertThat(out.get(0).getStatus()).isEqualTo(AnomalyStatus.OPEN);
    assertThat(out.get(out.size() - 1).getStatus()).isEqualTo(AnomalyStatus.RESOLVED);
    assertThat(out.get(0).getWindowStart().toEpochMilli()).isEqualTo(from);
    // evidence of two windows: one window alone never opens
    assertThat(out.get(0).getDetectedAt().toEpochMilli()).isEqualTo(from + 2 * MINUTE);
    assertThat(out.get(0).getObserved()).isGreaterThan(out.get(0).getUpperBound());
    assertThat(out.get(0).getDescription()).contains("volume spike on checkout");
    assertThat(out.get(out.size() - 1).getWindowEnd().toEpochMilli()).isEqualTo(to);
  }

  @Test
  void findsADropOverTwoWindows() throws Exception {
    Series s = new Series(3, 600, DAY);
    long from = DAY + 90 * MINUTE;
    long to = from + 10 * MINUTE;
    run(
        0,
        (int) (DAY / MINUTE) + 120,
        t -> List.of(Series.obs(SVC, null, t, s.count(t, factor(t, from, to, 0.15)), 0, s.p95(1))));

    List<Anomaly> out = anomalies();
    assertThat(out).extracting(Anomaly::getKind).containsOnly(AnomalyKind.VOLUME_DROP);
    assertThat(out)
        .extracting(Anomaly::getStatus)
        .containsExactly(AnomalyStatus.OPEN, AnomalyStatus.RESOLVED);
    assertThat(out.get(0).getWindowStart().toEpochMilli()).isEqualTo(from);
    assertThat(out.get(0).getDetectedAt().toEpochMilli()).isEqualTo(from + 2 * MINUTE);
  }

  @Test
  void aCutOffWindowBeforeAGapIsNotADrop() throws Exception {
    Series s = new Series(4, 600, DAY);
    long from = DAY + 20 * MINUTE;
    long to = from + 10 * MINUTE;
    run(
        0,
        (int) (DAY / MINUTE) + 60,
        t -> {
          if (t >= from && t < to) {
            return List.of();
          }
          double f = t == from - MINUTE ? 0.3 : t == to ? 0.5 : 1;
          return List.of(Series.obs(SVC, null, t, s.count(t, f), 0, s.p95(1)));
        });
    assertThat(anomalies()).isEmpty();
  }

  @Test
  void errorRateRiseIsJudgedWithItsVolume() throws Exception {
    Series s = new Series(5, 600, DAY);
    long burst = DAY + 10 * MINUTE;
    long small = DAY + 60 * MINUTE;
    run(
        0,
        (int) (DAY / MINUTE) + 120,
        t -> {
          long n = s.count(t, 1);
          if (t >= burst && t < burst + 5 * MINUTE) {
            return List.of(Series.obs(SVC, null, t, n, s.errors(n, 0.25), s.p95(1)));
          }
          if (t == small) { // 10 errors of 20 events: too few events to judge
            return List.of(Series.obs(SVC, null, t, 20, 10, Double.NaN));
          }
          return List.of(Series.obs(SVC, null, t, n, s.errors(n, 0.01), s.p95(1)));
        });
    List<Anomaly> out =
        anomalies().stream().filter(a -> a.getKind() == AnomalyKind.ERROR_RATE_RISE).toList();
    assertThat(out).extracting(Anomaly::getStatus).first().isEqualTo(AnomalyStatus.OPEN);
    assertThat(out).extracting(Anomaly::getId).containsOnly(out.get(0).getId());
    assertThat(out.get(0).getWindowStart().toEpochMilli()).isEqualTo(burst);
    assertThat(out.get(0).getDescription()).contains("evidence built up over 2 window(s)");
    assertThat(out.get(out.size() - 1).getStatus()).isEqualTo(AnomalyStatus.RESOLVED);
  }

  @Test
  void latencyRiseOnTheServiceAndOnOneEndpoint() throws Exception {
    Series s = new Series(6, 600, DAY);
    long svcFrom = DAY + 10 * MINUTE;
    long epFrom = DAY + 60 * MINUTE;
    run(
        0,
        (int) (DAY / MINUTE) + 90,
        t -> {
          WindowObservation whole =
              Series.obs(
                  SVC,
                  null,
                  t,
                  s.count(t, 1),
                  0,
                  s.p95(factor(t, svcFrom, svcFrom + 5 * MINUTE, 4)));
          WindowObservation ep =
              Series.obs(SVC, null, t, 200, 0, s.p95(factor(t, epFrom, epFrom + 5 * MINUTE, 5)));
          ep.endpoint = "POST /api/checkout";
          return List.of(whole, ep);
        });
    List<Anomaly> opens =
        anomalies().stream().filter(a -> a.getStatus() == AnomalyStatus.OPEN).toList();
    assertThat(opens).extracting(Anomaly::getKind).containsOnly(AnomalyKind.LATENCY_RISE);
    assertThat(opens).extracting(Anomaly::getEndpoint).containsExactly(null, "POST /api/checkout");
    assertThat(opens)
        .extracting(a -> a.getWindowStart().toEpochMilli())
        .containsExactly(svcFrom, epFrom);
  }

  @Test
  void aHostSpikeIsReportedOnItsOwnButAServiceSpikeOnlyOnce() throws Exception {
    Series s = new Series(7, 150, DAY);
    long serviceFrom = DAY + 10 * MINUTE;
    long hostFrom = DAY + 60 * MINUTE;
    run(
        0,
        (int) (DAY / MINUTE) + 90,
        t -> {
          double all = factor(t, serviceFrom, serviceFrom + 5 * MINUTE, 4);
          List<WindowObservation> hosts = new java.util.ArrayList<>();
          long total = 0;
          for (int h = 1; h <= 8; h++) { // one host of eight at 2x: the service at 1.125x
            double f = h == 1 ? factor(t, hostFrom, hostFrom + 5 * MINUTE, 2) : 1;
            long n = s.count(t, all * f);
            total += n;
            hosts.add(Series.obs(SVC, "checkout-" + h, t, n, 0, Double.NaN));
          }
          hosts.add(0, Series.obs(SVC, null, t, total, 0, Double.NaN));
          return hosts;
        });
    List<Anomaly> opens =
        anomalies().stream().filter(a -> a.getStatus() == AnomalyStatus.OPEN).toList();
    assertThat(opens).extracting(Anomaly::getKind).containsOnly(AnomalyKind.VOLUME_SPIKE);
    assertThat(opens).extracting(Anomaly::getHost).containsExactly(null, "checkout-1");
  }

  @Test
  void exemplarsComeFromTheServicesEvents() throws Exception {
    Series s = new Series(8, 600, DAY);
    long from = DAY;
    for (int i = 0; i < 5; i++) {
      LogEvent e = TestEvents.event("err-" + i, from + i, SVC, "checkout-1", Level.ERROR);
      harness.processElement1(new StreamRecord<>(e, from + i));
    }
    run(
        0,
        (int) (DAY / MINUTE) + 10,
        t -> {
          long n = s.count(t, 1);
          double share = t >= from && t < from + 3 * MINUTE ? 0.3 : 0.01;
          return List.of(Series.obs(SVC, null, t, n, s.errors(n, share), s.p95(1)));
        });
    Anomaly open = anomalies().get(0);
    assertThat(open.getKind()).isEqualTo(AnomalyKind.ERROR_RATE_RISE);
    assertThat(open.getExemplars()).hasSize(3);
    assertThat(open.getExemplars().get(0).getEventId()).isEqualTo("err-4");
  }

  @Test
  void keyedStateStaysBoundedAndPendingWindowsDrain() throws Exception {
    Series s = new Series(9, 600, DAY);
    run(
        0,
        30,
        t -> {
          List<WindowObservation> all = new java.util.ArrayList<>();
          all.add(Series.obs(SVC, null, t, s.count(t, 1), 0, Double.NaN));
          for (int h = 0; h < 5; h++) { // 5 new hosts every window: 150 over the run
            all.add(Series.obs(SVC, "host-" + t / MINUTE + "-" + h, t, 10, 0, Double.NaN));
          }
          return all;
        });
    DetectWindowAnomalies fn =
        (DetectWindowAnomalies)
            ((KeyedCoProcessOperator<?, ?, ?, ?>) harness.getOperator()).getUserFunction();
    harness.getOperator().setCurrentKey(SVC);
    assertThat(fn.seriesCount()).isLessThanOrEqualTo(config.maxSeriesPerService());
    assertThat(fn.pendingCount()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }
}
