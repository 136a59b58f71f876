package dev.sluice.appenders.logback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.status.Status;
import dev.sluice.appenders.core.CapturedEvent;
import dev.sluice.model.Level;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;

/** The Logback appender without a broker: configuration, status reporting, event capture. */
class SluiceAppenderTest {
  private final LoggerContext context = new LoggerContext();

  {
    context.setMDCAdapter(new LogbackMDCAdapter());
  }

  @AfterEach
  void stop() {
    context.stop();
  }

  private void configure(String appenderBody) throws Exception {
    String xml =
        "<configuration><appender name='SLUICE' class='"
            + SluiceAppender.class.getName()
            + "'>"
            + appenderBody
            + "</appender><root level='INFO'><appender-ref ref='SLUICE'/></root></configuration>";
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }

  private SluiceAppender appender() {
    return (SluiceAppender) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("SLUICE");
  }

  private List<Status> statuses(int level) {
    return context.getStatusManager().getCopyOfStatusList().stream()
        .filter(s -> s.getLevel() == level)
        .toList();
  }

  @Test
  void staysDisabledAndSaysWhyWhenTheServiceIsMissing() throws Exception {
    configure("<bootstrapServers>127.0.0.1:1</bootstrapServers>");

    assertThat(appender().isStarted()).isFalse();
    assertThat(statuses(Status.ERROR))
        .extracting(Status::getMessage)
        .anyMatch(m -> m.contains("Sluice appender [SLUICE] is disabled") && m.contains("service"));
    context.getLogger("app").info("still fine"); // must not throw
  }

  @Test
  void staysDisabledAndSaysWhyWhenBootstrapServersAreMissing() throws Exception {
    configure("<service>checkout</service>");

    assertThat(appender().isStarted()).isFalse();
    assertThat(statuses(Status.ERROR))
        .extracting(Status::getMessage)
        .anyMatch(m -> m.contains("bootstrapServers"));
  }

  @Test
  void warnsAboutDropsThroughTheStatusManagerAndCountsThem() throws Exception {
    configure(
        "<bootstrapServers>127.0.0.1:1</bootstrapServers><service>checkout</service>"
            + "<bufferEvents>2</bufferEvents><flushTimeoutMillis>200</flushTimeoutMillis>"
            + "<producerProperty>client.dns.lookup=use_all_dns_ips</producerProperty>");
    Logger log = context.getLogger("app.orders");
    SluiceAppender appender = appender();

    for (int i = 0; i < 10; i++) {
      log.info("order {}", i);
    }

    assertThat(appender().getDroppedCount()).isEqualTo(8);
    assertThat(appender().getBufferedCount()).isEqualTo(2);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(statuses(Status.WARN))
                    .extracting(Status::getMessage)
                    .anyMatch(m -> m.startsWith("Sluice appender dropped")));
    context.stop();
    assertThat(appender.getDroppedCount()).as("the two never delivered").isEqualTo(10);
  }

  @Test
  void capturesMdcKeyValuesAndTheThrowable() {
    Logger logger = context.getLogger("app.orders");
    LoggingEvent event =
        new LoggingEvent(
            Logger.class.getName(),
            logger,
            ch.qos.logback.classic.Level.ERROR,
            "order {} failed",
            new IllegalStateException("declined"),
            new Object[] {42});
    event.setMDCPropertyMap(Map.of("trace_id", "t", "user", "alice"));
    event.addKeyValuePair(new KeyValuePair("orderId", 42));
    event.addKeyValuePair(new KeyValuePair("user", "shadowed"));

    CapturedEvent captured = LogbackEvents.capture(event);

    assertThat(captured.message()).isEqualTo("order 42 failed");
    assertThat(captured.level()).isEqualTo(Level.ERROR);
    assertThat(captured.logger()).isEqualTo("app.orders");
    assertThat(captured.thread()).isEqualTo(Thread.currentThread().getName());
    assertThat(captured.context())
        .isEqualTo(Map.of("trace_id", "t", "user", "alice", "orderId", "42"));
    assertThat(captured.stackTrace())
        .startsWith("java.lang.IllegalStateException: declined\n\tat ")
        .contains(SluiceAppenderTest.class.getName());
  }

  @Test
  void mapsEveryLogbackLevel() {
    assertThat(LogbackEvents.level(ch.qos.logback.classic.Level.TRACE)).isEqualTo(Level.TRACE);
    assertThat(LogbackEvents.level(ch.qos.logback.classic.Level.DEBUG)).isEqualTo(Level.DEBUG);
    assertThat(LogbackEvents.level(ch.qos.logback.classic.Level.INFO)).isEqualTo(Level.INFO);
    assertThat(LogbackEvents.level(ch.qos.logback.classic.Level.WARN)).isEqualTo(Level.WARN);
    assertThat(LogbackEvents.level(ch.qos.logback.classic.Level.ERROR)).isEqualTo(Level.ERROR);
    assertThat(LogbackEvents.level(null)).isEqualTo(Level.UNKNOWN);
  }
}
