package dev.sluice.appenders.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import dev.sluice.appenders.core.AppenderSettings;
import dev.sluice.appenders.core.EventShipper;
import dev.sluice.appenders.core.StatusReporter;
import java.time.Duration;

/**
 * A Logback appender that ships every event to Kafka as a Sluice {@code LogEvent} (topic {@code
 * logs}, key = service), the record the shipper would produce for the same line.
 *
 * <pre>{@code
 * <appender name="SLUICE" class="dev.sluice.appenders.logback.SluiceAppender">
 *   <bootstrapServers>kafka:9092</bootstrapServers>
 *   <service>checkout</service>
 * </appender>
 * }</pre>
 *
 * <p>Guarantees: logging never blocks on Kafka and never throws into the application (a full buffer
 * drops the event and counts it, see {@link #getDroppedCount()}); drops, failures and bad
 * configuration are reported through Logback's StatusManager only; a wrong configuration leaves the
 * appender unstarted (disabled) instead of failing the application; {@link #stop()} flushes for at
 * most {@code flushTimeoutMillis}. See {@link EventShipper} for the rest.
 */
public class SluiceAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
  private final AppenderSettings.Builder settings = AppenderSettings.builder();
  private volatile EventShipper shipper;

  public void setBootstrapServers(String bootstrapServers) {
    settings.bootstrapServers(bootstrapServers);
  }

  public void setTopic(String topic) {
    settings.topic(topic);
  }

  public void setService(String service) {
    settings.service(service);
  }

  public void setHost(String host) {
    settings.host(host);
  }

  public void setEnvironment(String environment) {
    settings.environment(environment);
  }

  public void setBufferEvents(int bufferEvents) {
    settings.bufferEvents(bufferEvents);
  }

  public void setBufferBytes(long bufferBytes) {
    settings.bufferBytes(bufferBytes);
  }

  public void setMaxMessageChars(int maxMessageChars) {
    settings.maxMessageChars(maxMessageChars);
  }

  public void setFlushTimeoutMillis(long millis) {
    settings.flushTimeout(Duration.ofMillis(millis));
  }

  public void setDropWarningIntervalMillis(long millis) {
    settings.dropWarningInterval(Duration.ofMillis(millis));
  }

  public void setCompression(String compression) {
    settings.compression(compression);
  }

  public void setLingerMs(int lingerMs) {
    settings.lingerMs(lingerMs);
  }

  public void setBatchSize(int batchSize) {
    settings.batchSize(batchSize);
  }

  /** A Kafka producer property as {@code name=value}; repeat the element for more. */
  public void addProducerProperty(String property) {
    int eq = property == null ? -1 : property.indexOf('=');
    if (eq <= 0) {
      addError(
          "producerProperty must be name=value, got '" + property + "'; the property is ignored");
      return;
    }
    settings.producerProperty(property.substring(0, eq).trim(), property.substring(eq + 1).trim());
  }

  @Override
  public void start() {
    if (isStarted()) {
      return;
    }
    AppenderSettings built;
    try {
      built = settings.build();
    } catch (IllegalArgumentException e) {
      addError("Sluice appender [" + getName() + "] is disabled: " + e.getMessage());
      return;
    }
    shipper = EventShipper.start(built, "logback", new Status());
    addInfo("Sluice appender [" + getName() + "] ships to " + built);
    super.start();
  }

  @Override
  protected void append(ILoggingEvent event) {
    EventShipper current = shipper;
    if (current != null) {
      current.ship(event.getLoggerName(), () -> LogbackEvents.capture(event));
    }
  }

  @Override
  public void stop() {
    if (!isStarted()) {
      return;
    }
    super.stop();
    EventShipper current = shipper;
    if (current != null) {
      current.stop();
      addInfo(
          "Sluice appender ["
              + getName()
              + "] stopped: "
              + current.counters().delivered()
              + " events delivered, "
              + current.counters().dropped()
              + " dropped");
    }
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

  /** Reports into this appender's Logback context's StatusManager. */
  private final class Status implements StatusReporter {
    @Override
    public void info(String message) {
      addInfo(message);
    }

    @Override
    public void warn(String message) {
      addWarn(message);
    }

    @Override
    public void error(String message, Throwable cause) {
      addError(message, cause);
    }
  }
}
