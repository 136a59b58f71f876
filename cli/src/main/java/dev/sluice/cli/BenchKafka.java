package dev.sluice.cli;

import dev.sluice.local.EmbeddedKafka;
import java.io.PrintWriter;

/**
 * The Kafka a benchmark runs against: the one given with {@code -b}, or an embedded broker started
 * for the run and stopped (its data deleted) on {@link #close()}.
 */
final class BenchKafka implements AutoCloseable {
  private final EmbeddedKafka embedded;
  private final String bootstrapServers;

  private BenchKafka(EmbeddedKafka embedded, String bootstrapServers) {
    this.embedded = embedded;
    this.bootstrapServers = bootstrapServers;
  }

  /** Uses {@code bootstrapServers}, or starts an embedded broker when it is null. */
  static BenchKafka open(String bootstrapServers, PrintWriter out) {
    if (bootstrapServers != null) {
      return new BenchKafka(null, bootstrapServers);
    }
    out.println("starting an embedded Kafka broker …");
    out.flush();
    EmbeddedKafka kafka = EmbeddedKafka.start();
    return new BenchKafka(kafka, kafka.bootstrapServers());
  }

  String bootstrapServers() {
    return bootstrapServers;
  }

  @Override
  public void close() {
    if (embedded != null) {
      embedded.close();
    }
  }
}
