package dev.sluice.appenders.log4j2;

import dev.sluice.appenders.testing.AppenderScenarios;
import dev.sluice.local.junit.KafkaExtension;
import dev.sluice.model.Level;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.status.StatusData;
import org.apache.logging.log4j.status.StatusListener;
import org.apache.logging.log4j.status.StatusLogger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Log4j2 appender against a real broker, configured by {@code log4j2-sluice-it.xml} in the
 * application's LoggerContext, where kafka-clients logs too (through log4j-slf4j2-impl). The plugin
 * is found through the generated {@code Log4j2Plugins.dat}: the configuration names no package.
 */
class Log4j2AppenderIT extends AppenderScenarios {
  @RegisterExtension static final KafkaExtension KAFKA = KafkaExtension.dedicated();

  private final List<String> warnings = new CopyOnWriteArrayList<>();
  private final StatusListener listener =
      new StatusListener() {
        @Override
        public void log(StatusData data) {
          if (data.getLevel().isMoreSpecificThan(org.apache.logging.log4j.Level.WARN)) {
            warnings.add(data.getMessage().getFormattedMessage());
          }
        }

        @Override
        public org.apache.logging.log4j.Level getStatusLevel() {
          return org.apache.logging.log4j.Level.WARN;
        }

        @Override
        public void close() {}
      };
  private SluiceAppender appender;

  private static LoggerContext context() {
    return (LoggerContext) LogManager.getContext(false);
  }

  @BeforeEach
  void listen() {
    StatusLogger.getLogger().registerListener(listener);
  }

  @AfterEach
  void stopListening() {
    StatusLogger.getLogger().removeListener(listener);
  }

  @Override
  protected KafkaExtension kafka() {
    return KAFKA;
  }

  @Override
  protected String framework() {
    return "log4j2";
  }

  @Override
  protected void configure(Map<String, String> properties) throws Exception {
    properties.forEach(System::setProperty);
    LoggerContext context = context();
    context.setConfigLocation(getClass().getResource("/log4j2-sluice-it.xml").toURI());
    appender = context.getConfiguration().getAppender("sluice");
    if (appender == null || !appender.isStarted()) {
      throw new IllegalStateException("the sluice appender did not start: " + warnings);
    }
  }

  /** Replaces the configuration, which stops the old one and its appenders, as shutdown does. */
  @Override
  protected void stopLogging() throws RuntimeException {
    try {
      context().setConfigLocation(getClass().getResource("/log4j2-test.xml").toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  protected void log(
      String logger, Level level, String message, Throwable thrown, Map<String, String> mdc) {
    ThreadContext.putAll(mdc);
    try {
      Logger log = LogManager.getLogger(logger);
      switch (level) {
        case ERROR -> log.error(message, thrown);
        case WARN -> log.warn(message, thrown);
        case INFO -> log.info(message, thrown);
        default -> log.debug(message, thrown);
      }
    } finally {
      ThreadContext.clearMap();
    }
  }

  @Override
  protected long delivered() {
    return appender.getDeliveredCount();
  }

  @Override
  protected long dropped() {
    return appender.getDroppedCount();
  }

  @Override
  protected long ignored() {
    return appender.getIgnoredCount();
  }

  @Override
  protected int buffered() {
    return appender.getBufferedCount();
  }

  @Override
  protected List<String> statusWarnings() {
    return List.copyOf(warnings);
  }
}
