package dev.sluice.appenders.logback;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.status.Status;
import dev.sluice.appenders.testing.AppenderScenarios;
import dev.sluice.local.junit.KafkaExtension;
import dev.sluice.model.Level;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The Logback appender against a real broker, configured by {@code logback-sluice-it.xml} in the
 * application's (SLF4J's) own LoggerContext, where kafka-clients logs too.
 */
class LogbackAppenderIT extends AppenderScenarios {
  @RegisterExtension static final KafkaExtension KAFKA = KafkaExtension.dedicated();

  private SluiceAppender appender;

  private static LoggerContext context() {
    return (LoggerContext) LoggerFactory.getILoggerFactory();
  }

  @Override
  protected KafkaExtension kafka() {
    return KAFKA;
  }

  @Override
  protected String framework() {
    return "logback";
  }

  @Override
  protected void configure(Map<String, String> properties) throws Exception {
    properties.forEach(System::setProperty);
    LoggerContext context = context();
    context.reset();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(getClass().getResource("/logback-sluice-it.xml"));
    context.start();
    appender = (SluiceAppender) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("SLUICE");
    if (appender == null || !appender.isStarted()) {
      throw new IllegalStateException(
          "the SLUICE appender did not start: " + context.getStatusManager().getCopyOfStatusList());
    }
  }

  @Override
  protected void stopLogging() {
    context().stop();
  }

  @Override
  protected void log(
      String logger, Level level, String message, Throwable thrown, Map<String, String> mdc) {
    mdc.forEach(MDC::put);
    try {
      Logger log = LoggerFactory.getLogger(logger);
      switch (level) {
        case ERROR -> log.error(message, thrown);
        case WARN -> log.warn(message, thrown);
        case INFO -> log.info(message, thrown);
        default -> log.debug(message, thrown);
      }
    } finally {
      MDC.clear();
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
    return context().getStatusManager().getCopyOfStatusList().stream()
        .filter(s -> s.getLevel() == Status.WARN)
        .map(Status::getMessage)
        .toList();
  }
}
