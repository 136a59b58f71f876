package dev.sluice.cli.alert;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An HTTP receiver on a free loopback port (the JDK's HttpServer) that records what was POSTed. It
 * stands in for Alertmanager ({@code GET /api/v2/status}, {@code POST /api/v2/alerts}) and for a
 * webhook; {@link #failing(boolean)} makes it answer 503 until told otherwise.
 */
final class Receiver implements AutoCloseable {
  /** One POST: its path, its Idempotency-Key header, its body, and what was answered. */
  record Post(String path, String idempotencyKey, String body, int status) {}

  private final HttpServer server;
  private final List<Post> posts = new ArrayList<>();
  private final AtomicBoolean failing = new AtomicBoolean();

  Receiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  void failing(boolean on) {
    failing.set(on);
  }

  synchronized List<Post> posts() {
    return List.copyOf(posts);
  }

  /** POSTs answered 2xx. */
  synchronized List<Post> accepted() {
    return posts.stream().filter(p -> p.status() / 100 == 2).toList();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      if (exchange.getRequestMethod().equals("GET")) {
        respond(exchange, 200, "{\"cluster\":{\"status\":\"ready\"}}");
        return;
      }
      int status = failing.get() ? 503 : 200;
      synchronized (this) {
        posts.add(
            new Post(
                exchange.getRequestURI().getPath(),
                exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                new String(body, StandardCharsets.UTF_8),
                status));
      }
      respond(exchange, status, status == 200 ? "{}" : "unavailable");
    }
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
