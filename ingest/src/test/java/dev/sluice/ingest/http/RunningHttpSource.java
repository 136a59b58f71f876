package dev.sluice.ingest.http;

import dev.sluice.ingest.ship.ShipperConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;

/** An {@link HttpSource} running on a thread of its own, with an HTTP client; closing stops it. */
final class RunningHttpSource implements AutoCloseable {
  final HttpSource source;
  private final Thread thread;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private boolean stopped;
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** Starts the source and waits until it is listening (not until Kafka answered). */
  RunningHttpSource(ShipperConfig config) throws InterruptedException {
    source = new HttpSource(config);
    source.start();
    thread =
        new Thread(
            () -> {
              try {
                source.run();
              } catch (Throwable t) {
                failure.set(t);
              }
            },
            "test-http-source");
    thread.start();
  }

  /** Waits until Kafka answered and requests are taken. */
  RunningHttpSource awaitReady() {
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(source::kafkaReady);
    return this;
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + source.port() + path);
  }

  /** POSTs {@code body} to {@code path} with {@code headers}. */
  HttpResponse<String> post(String path, byte[] body, Map<String, String> headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path))
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Stops the source (once) and returns what it failed with, or null; a later {@link #close()} does
   * not throw it again.
   */
  Throwable stop() throws InterruptedException {
    if (!stopped) {
      stopped = true;
      source.stop();
      thread.join(30_000);
      source.close();
    }
    return failure.getAndSet(null);
  }

  @Override
  public void close() throws InterruptedException {
    Throwable failed = stop();
    if (failed != null) {
      throw new AssertionError("the HTTP source failed", failed);
    }
  }
}
