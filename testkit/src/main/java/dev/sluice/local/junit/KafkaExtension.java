package dev.sluice.local.junit;

import dev.sluice.local.EmbeddedKafka;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives a test class a real Kafka broker on loopback.
 *
 * <pre>{@code
 * @RegisterExtension static final KafkaExtension KAFKA = KafkaExtension.shared();
 * ...
 * String topic = KAFKA.newTopic(3);
 * }</pre>
 *
 * <p>{@link #shared()} reuses one broker for every test class in the JVM (started on first use,
 * stopped when the test run ends), so use a {@link #newTopic fresh topic} per test. {@link
 * #dedicated()} starts a broker for this class alone, for tests that stop and restart it.
 */
public final class KafkaExtension implements BeforeAllCallback, AfterAllCallback {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(KafkaExtension.class);
  private static final AtomicInteger TOPICS = new AtomicInteger();

  private final boolean shared;
  private EmbeddedKafka broker;

  private KafkaExtension(boolean shared) {
    this.shared = shared;
  }

  /** One broker for the whole test run. */
  public static KafkaExtension shared() {
    return new KafkaExtension(true);
  }

  /** A broker of this test class's own, which it may stop and restart. */
  public static KafkaExtension dedicated() {
    return new KafkaExtension(false);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (shared) {
      broker =
          context
              .getRoot()
              .getStore(NAMESPACE)
              .getOrComputeIfAbsent("broker", k -> EmbeddedKafka.start(), EmbeddedKafka.class);
    } else {
      broker = EmbeddedKafka.start();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (!shared && broker != null) {
      broker.close();
    }
  }

  /** The broker. */
  public EmbeddedKafka broker() {
    if (broker == null) {
      throw new IllegalStateException("register KafkaExtension as a static @RegisterExtension");
    }
    return broker;
  }

  /** {@code host:port} for clients. */
  public String bootstrapServers() {
    return broker().bootstrapServers();
  }

  /** Creates a topic with a name no other test uses and returns that name. */
  public String newTopic(int partitions) {
    String name =
        "test-" + TOPICS.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
    broker().createTopic(name, partitions);
    return name;
  }
}
