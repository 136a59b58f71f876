package dev.sluice.processing.template;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.model.Anomaly;
import dev.sluice.model.AnomalyKind;
import dev.sluice.model.AnomalyStatus;
import dev.sluice.model.Level;
import dev.sluice.model.LogEvent;
import dev.sluice.processing.TestEvents;
import dev.sluice.processing.anomaly.AnomalyConfig;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link MineTemplates} through Flink's keyed harness. */
class MineTemplatesTest {
  private static final String SVC = "payments";
  private static final long MINUTE = 60_000;
  private static final String[] NORMAL = {
    "Payment %s authorised for %d.50 EUR",
    "Ledger entry written for payment %s",
    "Fraud score computed for payment %s",
    "Acquirer connection pool at %d%% capacity",
  };

  private final AnomalyConfig config =
      AnomalyConfig.builder()
          .with("max-templates", 20)
          .with("template-warmup", Duration.ofMinutes(30))
          .with("template-warmup-loud", 0) // this traffic writes no WARN+ message of its own
          .build();
  private final Random random = new Random(3);
  private KeyedOneInputStreamOperatorTestHarness<String, LogEvent, LogEvent> harness;
  private int seq;

  @BeforeEach
  void open() throws Exception {
    harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new MineTemplates(config)),
            LogEvent::getService,
            Types.STRING);
    harness.open();
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  private LogEvent send(long t, Level level, String message) throws Exception {
    LogEvent e = TestEvents.event("e" + seq++, t, SVC, "payments-1", level);
    e.setMessage(message);
    harness.processElement(new StreamRecord<>(e, t));
    return e;
  }

  private String hex() {
    return Long.toHexString(random.nextLong() | Long.MIN_VALUE).substring(0, 12);
  }

  /**
   * Normal traffic from {@code from} for {@code minutes}, 30 events a minute, watermark following.
   */
  private void normal(long from, int minutes) throws Exception {
    for (long t = from; t < from + minutes * MINUTE; t += 2000) {
      String f = NORMAL[random.nextInt(NORMAL.length)];
      send(
          t,
          Level.INFO,
          f.contains("%s")
              ? String.format(f, hex(), 5 + random.nextInt(90))
              : String.format(f, 50 + random.nextInt(50)));
      harness.processWatermark(new Watermark(t));
    }
  }

  private List<Anomaly> anomalies() {
    return harness.getSideOutput(MineTemplates.ANOMALIES) == null
        ? List.of()
        : harness.getSideOutput(MineTemplates.ANOMALIES).stream()
            .map(StreamRecord::getValue)
            .toList();
  }

  @Test
  void everyEventCarriesItsTemplate() throws Exception {
    LogEvent input = send(0, Level.INFO, "Ledger entry written for payment 0a1b2c3d4e5f");
    send(1, Level.INFO, "Ledger entry written for payment 99aa88bb77cc");
    List<LogEvent> out = harness.extractOutputValues();
    assertThat(out).extracting(LogEvent::getId).containsExactly("e0", "e1");
    assertThat(out.get(0).getTemplateId()).isNotNull().isEqualTo(out.get(1).getTemplateId());
    assertThat(out.get(1).getTemplateText()).isEqualTo("Ledger entry written for payment <*>");
    assertThat(out.get(0).getMessage()).isEqualTo(input.getMessage());
    assertThat(input.getTemplateId()).as("the input is not changed").isNull();
  }

  @Test
  void templateIdsAndMergedVariantsSurviveARestoreFromACheckpoint() throws Exception {
    send(0, Level.INFO, "Accepted password for alice from 10.0.0.1 port 22 ssh2");
    send(1, Level.INFO, "Accepted password for bob from 10.0.0.2 port 23 ssh2");
    send(2, Level.INFO, "Accepted password for carol from 10.0.0.3 port 24 ssh2");
    send(3, Level.INFO, "Ledger entry written for payment 0a1b2c3d4e5f");
    List<LogEvent> before = harness.extractOutputValues();
    String merged = before.get(2).getTemplateId();
    assertThat(before.get(0).getTemplateId()).isEqualTo(merged);
    OperatorSubtaskState checkpoint = harness.snapshot(1, 3);
    harness.close();

    harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new MineTemplates(config)),
            LogEvent::getService,
            Types.STRING);
    harness.initializeState(checkpoint);
    harness.open();
    send(10, Level.INFO, "Accepted password for dave from 10.0.0.4 port 25 ssh2");
    send(11, Level.INFO, "Ledger entry written for payment 99aa88bb77cc");
    List<LogEvent> after = harness.extractOutputValues();
    assertThat(after.get(0).getTemplateId()).isEqualTo(merged);
    assertThat(after.get(0).getTemplateText())
        .isEqualTo("Accepted password for <*> from <*> port <*> ssh2");
    assertThat(after.get(1).getTemplateId()).isEqualTo(before.get(3).getTemplateId());
  }

  @Test
  void staysQuietOnKnownTrafficAndDuringTheWarmUp() throws Exception {
    send(MINUTE, Level.ERROR, "Acquirer rejected payment 0a1b2c3d4e5f: gateway error");
    normal(0, 120);
    assertThat(anomalies()).isEmpty();
  }

  @Test
  void aLowVolumeServiceIsWarmOnlyOnceItHasWrittenEnoughWarnOrWorseMessages() throws Exception {
    harness.close();
    harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(
                new MineTemplates(config.toBuilder().with("template-warmup-loud", 3).build())),
            LogEvent::getService,
            Types.STRING);
    harness.open();
    normal(0, 40); // past template-warmup, but no WARN+ message yet
    send(40 * MINUTE, Level.WARN, "Acquirer connection pool at 91% capacity");
    send(41 * MINUTE, Level.ERROR, "Giving up on compaction after ledger divergence in segment 1");
    send(42 * MINUTE, Level.ERROR, "Cannot continue rebalance: quorum skew exceeds tolerance");
    assertThat(anomalies()).as("only 0, 1 and 2 WARN+ messages before each").isEmpty();
    send(43 * MINUTE, Level.ERROR, "Fatal lease overflow reported by vacuum worker 3, state lost");
    assertThat(anomalies()).extracting(Anomaly::getKind).containsExactly(AnomalyKind.NEW_PATTERN);
  }

  @Test
  void aNewErrorPatternIsOneAnomalyFromOpenToResolved() throws Exception {
    normal(0, 40);
    long from = 40 * MINUTE;
    for (int i = 0; i < 30; i++) { // 6 a minute for 5 minutes, among normal traffic
      long t = from + i * 10_000;
      send(t, Level.ERROR, "Giving up on compaction after ledger divergence in segment " + hex());
      send(t + 1, Level.INFO, "Ledger entry written for payment " + hex());
      harness.processWatermark(new Watermark(t + 1));
    }
    normal(from + 5 * MINUTE, 15);

    List<Anomaly> out = anomalies();
    assertThat(out).extracting(Anomaly::getKind).containsOnly(AnomalyKind.NEW_PATTERN);
    assertThat(out).extracting(Anomaly::getId).containsOnly(out.get(0).getId());
    assertThat(out)
        .extracting(Anomaly::getStatus)
        .containsExactly(AnomalyStatus.OPEN, AnomalyStatus.UPDATED, AnomalyStatus.RESOLVED);
    Anomaly open = out.get(0);
    assertThat(open.getTemplateText())
        .isEqualTo("Giving up on compaction after ledger divergence in segment <*>");
    assertThat(open.getTemplateId()).isNotNull();
    assertThat(open.getDetectedAt().toEpochMilli()).isEqualTo(from);
    assertThat(open.getExemplars()).hasSize(1);
    assertThat(out.get(2).getExemplars()).hasSize(config.maxExemplars());
    assertThat(out.get(2).getObserved()).isEqualTo(30);
  }

  @Test
  void aNewInfoPatternIsLearntNotReported() throws Exception {
    normal(0, 40);
    send(40 * MINUTE, Level.INFO, "Settlement batch closed with no differences");
    assertThat(anomalies()).isEmpty();
  }

  @Test
  void aRareTemplateBurstingIsReported() throws Exception {
    for (int hour = 0; hour < 3; hour++) { // the rare one: twice in three hours
      normal(hour * 60 * MINUTE, 60);
      if (hour < 2) {
        send(
            hour * 60 * MINUTE + 30 * MINUTE + 1,
            Level.INFO,
            "Refund " + hex() + " issued for order ord-" + (100000 + hour));
      }
    }
    long t0 = 180 * MINUTE;
    for (int i = 0; i < 30; i++) {
      send(t0 + i * 1000, Level.INFO, "Refund " + hex() + " issued for order ord-" + (200000 + i));
    }
    List<Anomaly> out = anomalies();
    assertThat(out).extracting(Anomaly::getId).containsOnly(out.get(0).getId());
    assertThat(out)
        .extracting(Anomaly::getStatus)
        .containsExactly(AnomalyStatus.OPEN, AnomalyStatus.UPDATED);
    assertThat(out.get(0).getObserved()).isEqualTo(config.burstMin());
    assertThat(out.get(0).getDescription()).contains("rare message pattern bursting");
    assertThat(out.get(0).getTemplateText()).isEqualTo("Refund <*> issued for order <*>");
  }

  @Test
  void aWordVariantOfARareErrorPatternIsReportedAsANewPattern() throws Exception {
    normal(0, 40);
    send(40 * MINUTE, Level.ERROR, "compaction aborted: ledger divergence detected on node 2");
    normal(41 * MINUTE, 180);
    assertThat(anomalies())
        .extracting(Anomaly::getStatus)
        .containsExactly(AnomalyStatus.OPEN, AnomalyStatus.RESOLVED);
    send(221 * MINUTE, Level.ERROR, "compaction aborted: manifest divergence detected on node 4");
    List<Anomaly> out = anomalies();
    assertThat(out).hasSize(3);
    assertThat(out.get(2).getStatus()).isEqualTo(AnomalyStatus.OPEN);
    // Another word where the rare pattern had "ledger" is another event until three such
    // variants make the word a parameter: reported as never seen before.
    assertThat(out.get(2).getDescription()).contains("never seen before");
    assertThat(out.get(2).getTemplateText())
        .isEqualTo("compaction aborted: manifest divergence detected on node <*>");
    assertThat(out.get(2).getTemplateId()).isNotEqualTo(out.get(0).getTemplateId());
  }

  @Test
  void templatesPerServiceStayBounded() throws Exception {
    String[] words = {
      "north", "south", "east", "west", "up", "down", "left", "right", "in", "out", "fore", "aft"
    };
    for (int i = 0; i < 200; i++) {
      String a = words[i % 12];
      String b = words[(i / 12) % 12];
      send(
          i,
          Level.DEBUG,
          "route " + a + " " + b + " " + words[(i * 7) % 12] + " selected " + a + b);
    }
    MineTemplates fn =
        (MineTemplates) ((KeyedProcessOperator<?, ?, ?>) harness.getOperator()).getUserFunction();
    harness.getOperator().setCurrentKey(SVC);
    assertThat(fn.templateCount()).isLessThanOrEqualTo(config.maxTemplates());
  }
}
