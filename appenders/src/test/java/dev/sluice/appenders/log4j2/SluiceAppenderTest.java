package dev.sluice.appenders.log4j2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.appenders.core.CapturedEvent;
import dev.sluice.model.Level;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.impl.JdkMapAdapterStringMap;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.ParameterizedMessage;
import org.apache.logging.log4j.status.StatusData;
import org.apache.logging.log4j.status.StatusListener;
import org.apache.logging.log4j.status.StatusLogger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Log4j2 appender without a broker: plugin discovery, status reporting, event capture. */
class SluiceAppenderTest {
  private final List<String> statuses = new CopyOnWriteArrayList<>();
  private final StatusListener listener =
      new StatusListener() {
        @Override
        public void log(StatusData data) {
          statuses.add(data.getLevel() + " " + data.getMessage().getFormattedMessage());
        }

        @Override
        public org.apache.logging.log4j.Level getStatusLevel() {
          return org.apache.logging.log4j.Level.WARN;
        }

        @Override
        public void close() {}
      };
  private LoggerContext context;

  @BeforeEach
  void listen() {
    StatusLogger.getLogger().registerListener(listener);
  }

  @AfterEach
  void stop() {
    if (context != null) {
      context.stop();
    }
    StatusLogger.getLogger().removeListener(listener);
  }

  private LoggerContext start(String config) throws Exception {
    context = new LoggerContext("sluice-test", null, getClass().getResource("/" + config).toURI());
    context.start();
    return context;
  }

  @Test
  void isFoundByTheGeneratedPluginIndex() {
    assertThat(
            getClass()
                .getResource(
                    "/META-INF/org/apache/logging/log4j/core/config/plugins/Log4j2Plugins.dat"))
        .isNotNull();
  }

  @Test
  void isNotCreatedAndSaysWhyWhenTheServiceIsMissing() throws Exception {
    LoggerContext ctx = start("log4j2-no-service.xml");

    assertThat((Object) ctx.getConfiguration().getAppender("sluice")).isNull();
    assertThat(statuses)
        .anyMatch(
            s ->
                s.startsWith("ERROR Sluice appender [sluice] is disabled")
                    && s.contains("service"));
    ctx.getLogger("app").info("still fine"); // must not throw
  }

  @Test
  void warnsAboutDropsThroughTheStatusLoggerAndCountsThem() throws Exception {
    LoggerContext ctx = start("log4j2-unreachable.xml");
    SluiceAppender appender = ctx.getConfiguration().getAppender("sluice");
    assertThat(appender).isNotNull();

    for (int i = 0; i < 10; i++) {
      ctx.getLogger("app.orders").info("order {}", i);
    }

    assertThat(appender.getDroppedCount()).isEqualTo(8);
    assertThat(appender.getBufferedCount()).isEqualTo(2);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> assertThat(statuses).anyMatch(s -> s.startsWith("WARN Sluice appender dropped")));
    ctx.stop();
    assertThat(appender.getDroppedCount()).as("the two never delivered").isEqualTo(10);
  }

  @Test
  void capturesTheThreadContextAndTheThrowable() {
    Log4jLogEvent event =
        Log4jLogEvent.newBuilder()
            .setLoggerName("app.orders")
            .setLevel(org.apache.logging.log4j.Level.FATAL)
            .setMessage(new ParameterizedMessage("order {} failed", 42))
            .setThrown(new IllegalStateException("declined"))
            .setContextData(new JdkMapAdapterStringMap(Map.of("span_id", "s", "user", "alice")))
            .setThreadName("worker-1")
            .setTimeMillis(1_234)
            .build();

    CapturedEvent captured = Log4j2Events.capture(event);

    assertThat(captured.message()).isEqualTo("order 42 failed");
    assertThat(captured.level()).isEqualTo(Level.FATAL);
    assertThat(captured.logger()).isEqualTo("app.orders");
    assertThat(captured.thread()).isEqualTo("worker-1");
    assertThat(captured.timeMillis()).isEqualTo(1_234);
    assertThat(captured.context()).isEqualTo(Map.of("span_id", "s", "user", "alice"));
    assertThat(captured.stackTrace())
        .startsWith("java.lang.IllegalStateException: declined\n\tat ")
        .contains(SluiceAppenderTest.class.getName());
  }

  @Test
  void mapsEveryLog4jLevel() {
    assertThat(Log4j2Events.level(org.apache.logging.log4j.Level.TRACE)).isEqualTo(Level.TRACE);
    assertThat(Log4j2Events.level(org.apache.logging.log4j.Level.DEBUG)).isEqualTo(Level.DEBUG);
    assertThat(Log4j2Events.level(org.apache.logging.log4j.Level.INFO)).isEqualTo(Level.INFO);
    assertThat(Log4j2Events.level(org.apache.logging.log4j.Level.WARN)).isEqualTo(Level.WARN);
    assertThat(Log4j2Events.level(org.apache.logging.log4j.Level.ERROR)).isEqualTo(Level.ERROR);
    assertThat(Log4j2Events.level(org.apache.logging.log4j.Level.FATAL)).isEqualTo(Level.FATAL);
    assertThat(Log4j2Events.level(null)).isEqualTo(Level.UNKNOWN);
  }
}
