package dev.sluice.appenders.log4j2;

import dev.sluice.appenders.core.AppenderSettings;
import dev.sluice.appenders.core.EventShipper;
import dev.sluice.appenders.core.StatusReporter;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.Core;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.config.plugins.PluginBuilderAttribute;
import org.apache.logging.log4j.core.config.plugins.PluginBuilderFactory;
import org.apache.logging.log4j.status.StatusLogger;

/**
 * A Log4j2 appender ({@code <Sluice>}) that ships every event to Kafka as a Sluice {@code LogEvent}
 * (topic {@code logs}, key = service), the record the shipper would produce for the same line.
 *
 * <pre>{@code
 * <Sluice name="sluice" bootstrapServers="kafka:9092" service="checkout">
 *   <Property name="security.protocol">SASL_SSL</Property>
 * </Sluice>
 * }</pre>
 *
 * <p>Guarantees: logging never blocks on Kafka and never throws into the application (a full buffer
 * drops the event and counts it, see {@link #getDroppedCount()}); drops, failures and bad
 * configuration are reported through Log4j2's StatusLogger only; a wrong configuration creates no
 * appender (Log4j2 reports it and logs on without it); stopping flushes for at most {@code
 * flushTimeoutMillis}. See {@link EventShipper} for the rest.
 */
@Plugin(
    name = "Sluice",
    category = Core.CATEGORY_NAME,
    elementType = Appender.ELEMENT_TYPE,
    printObject = true)
public final class SluiceAppender extends AbstractAppender {
  private final AppenderSettings settings;
  private volatile EventShipper shipper;

  private SluiceAppender(
      String name, Filter filter, Property[] properties, AppenderSettings settings) {
    super(name, filter, null, true, properties);
    this.settings = settings;
  }

  @PluginBuilderFactory
  public static <B extends Builder<B>> B newBuilder() {
    return new Builder<B>().asBuilder();
  }

  @Override
  public void start() {
    shipper = EventShipper.start(settings, "log4j2", STATUS);
    StatusLogger.getLogger().debug("Sluice appender [{}] ships to {}", getName(), settings);
    super.start();
  }

  @Override
  public void append(LogEvent event) {
    EventShipper current = shipper;
    if (current != null) {
      current.ship(event.getLoggerName(), () -> Log4j2Events.capture(event));
    }
  }

  @Override
  public boolean stop(long timeout, TimeUnit timeUnit) {
    setStopping();
    boolean stopped = super.stop(timeout, timeUnit, false);
    EventShipper current = shipper;
    if (current != null) {
      current.stop();
      StatusLogger.getLogger()
          .debug(
              "Sluice appender [{}] stopped: {} events delivered, {} dropped",
              getName(),
              current.counters().delivered(),
              current.counters().dropped());
    }
    setStopped();
    return stopped;
  }

  /** Events Kafka acknowledged since start. */
  public long getDeliveredCount() {
    EventShipper current = shipper;
    return current == null ? 0 : current.counters().delivered();
  }

  /** Events lost since start: buffer full, not deliverable, or unacknowledged at stop. */
  public long getDroppedCount() {
    EventShipper current = shipper;
    return current == null ? 0 : current.counters().dropped();
  }

  /** Events not shipped by design (Kafka's own logging, recursion). */
  public long getIgnoredCount() {
    EventShipper current = shipper;
    return current == null ? 0 : current.counters().ignored();
  }

  /** Events buffered or awaiting Kafka's acknowledgement now. */
  public int getBufferedCount() {
    EventShipper current = shipper;
    return current == null ? 0 : current.bufferedEvents();
  }

  private static final StatusReporter STATUS =
      new StatusReporter() {
        @Override
        public void info(String message) {
          StatusLogger.getLogger().info(message);
        }

        @Override
        public void warn(String message) {
          StatusLogger.getLogger().warn(message);
        }

        @Override
        public void error(String message, Throwable cause) {
          StatusLogger.getLogger().error(message, cause);
        }
      };

  /**
   * The {@code <Sluice>} element's attributes; nested {@code <Property name value>} elements are
   * Kafka producer properties. {@link #build()} returns null, after saying why on the StatusLogger,
   * when the configuration is wrong.
   */
  public static class Builder<B extends Builder<B>> extends AbstractAppender.Builder<B>
      implements org.apache.logging.log4j.core.util.Builder<SluiceAppender> {
    @PluginBuilderAttribute private String bootstrapServers;
    @PluginBuilderAttribute private String topic = AppenderSettings.DEFAULT_TOPIC;
    @PluginBuilderAttribute private String service;
    @PluginBuilderAttribute private String host;
    @PluginBuilderAttribute private String environment;
    @PluginBuilderAttribute private int bufferEvents = 10_000;
    @PluginBuilderAttribute private long bufferBytes = 8L * 1024 * 1024;
    @PluginBuilderAttribute private int maxMessageChars = 128 * 1024;
    @PluginBuilderAttribute private long flushTimeoutMillis = 5_000;
    @PluginBuilderAttribute private long dropWarningIntervalMillis = 30_000;
    @PluginBuilderAttribute private String compression = "zstd";
    @PluginBuilderAttribute private int lingerMs = 20;
    @PluginBuilderAttribute private int batchSize = 256 * 1024;

    public B setBootstrapServers(String bootstrapServers) {
      this.bootstrapServers = bootstrapServers;
      return asBuilder();
    }

    public B setTopic(String topic) {
      this.topic = topic;
      return asBuilder();
    }

    public B setService(String service) {
      this.service = service;
      return asBuilder();
    }

    public B setHost(String host) {
      this.host = host;
      return asBuilder();
    }

    public B setEnvironment(String environment) {
      this.environment = environment;
      return asBuilder();
    }

    public B setBufferEvents(int bufferEvents) {
      this.bufferEvents = bufferEvents;
      return asBuilder();
    }

    public B setBufferBytes(long bufferBytes) {
      this.bufferBytes = bufferBytes;
      return asBuilder();
    }

    public B setFlushTimeoutMillis(long flushTimeoutMillis) {
      this.flushTimeoutMillis = flushTimeoutMillis;
      return asBuilder();
    }

    public B setDropWarningIntervalMillis(long dropWarningIntervalMillis) {
      this.dropWarningIntervalMillis = dropWarningIntervalMillis;
      return asBuilder();
    }

    public B setMaxMessageChars(int maxMessageChars) {
      this.maxMessageChars = maxMessageChars;
      return asBuilder();
    }

    public B setCompression(String compression) {
      this.compression = compression;
      return asBuilder();
    }

    public B setLingerMs(int lingerMs) {
      this.lingerMs = lingerMs;
      return asBuilder();
    }

    public B setBatchSize(int batchSize) {
      this.batchSize = batchSize;
      return asBuilder();
    }

    @Override
    public SluiceAppender build() {
      AppenderSettings.Builder settings =
          AppenderSettings.builder()
              .bootstrapServers(bootstrapServers)
              .topic(topic)
              .service(service)
              .host(host)
              .environment(environment)
              .bufferEvents(bufferEvents)
              .bufferBytes(bufferBytes)
              .maxMessageChars(maxMessageChars)
              .flushTimeout(Duration.ofMillis(flushTimeoutMillis))
              .dropWarningInterval(Duration.ofMillis(dropWarningIntervalMillis))
              .compression(compression)
              .lingerMs(lingerMs)
              .batchSize(batchSize);
      Property[] properties = getPropertyArray();
      if (properties != null) {
        for (Property property : properties) {
          settings.producerProperty(property.getName(), property.getValue());
        }
      }
      try {
        return new SluiceAppender(getName(), getFilter(), properties, settings.build());
      } catch (IllegalArgumentException e) {
        StatusLogger.getLogger()
            .error("Sluice appender [{}] is disabled: {}", getName(), e.getMessage());
        return null;
      }
    }
  }
}
