package dev.sluice.cli.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sluice.query.QueryEngine;
import dev.sluice.query.QueryException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code sluice ui}'s web server, in the query engine's own process (the JDK's HttpServer; nothing
 * else to install): the page at {@code /}, its script and styles under {@code /assets/}, the
 * charting library (uPlot, from its Maven webjar) under {@code /vendor/uplot/}, and the JSON API
 * behind the page:
 *
 * <ul>
 *   <li>{@code GET /api/services?from&to} — services with stats in the range
 *   <li>{@code GET /api/timeline?from&to[&service]} — per-service windows: events, error share, p95
 *   <li>{@code GET /api/incidents?from&to[&service][&kind]} — incidents with their explanation
 *   <li>{@code GET /api/logs?service&from&to[&highlight=id,id][&limit]} — raw lines, template ids
 *   <li>{@code GET /api/progress} — how far the running scan got
 * </ul>
 *
 * <p>Guarantees: bad input (no or an inverted time range, a range over {@code --max-range}, an
 * unknown service or kind) is answered 400 with {@code {"error": "…"}} saying what to change;
 * storage failures 502, a busy engine 503, and a bug 500 with only its class name (the stack trace
 * goes to the log). No request reads more than its time range's partitions.
 */
public final class UiServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(UiServer.class);
  private static final String UPLOT = "META-INF/resources/webjars/uplot/";
  private static final int DEFAULT_LOG_LINES = 500;
  private static final int MAX_LOG_LINES = 5000;

  private final HttpServer server;
  private final ExecutorService executor;
  private final UiQueries queries;
  private final Duration maxRange;
  private final Clock clock;
  private final ObjectMapper json = new ObjectMapper();
  private final String uplotVersion;

  private UiServer(HttpServer server, UiQueries queries, Duration maxRange, Clock clock) {
    this.server = server;
    this.queries = queries;
    this.maxRange = maxRange;
    this.clock = clock;
    this.uplotVersion = uplotVersion();
    this.executor =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "sluice-ui");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
  }

  /** Serves the UI over {@code engine} on {@code address} (port 0 picks a free one). */
  public static UiServer start(
      QueryEngine engine, InetSocketAddress address, Duration maxRange, Clock clock) {
    try {
      UiServer ui =
          new UiServer(HttpServer.create(address, 0), new UiQueries(engine), maxRange, clock);
      ui.server.start();
      return ui;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + address + ": " + e.getMessage(), e);
    }
  }

  /** {@code http://host:port/}. */
  public URI url() {
    InetSocketAddress a = server.getAddress();
    String host =
        a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getAddress().getHostAddress();
    return URI.create("http://" + host + ":" + a.getPort() + "/");
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      if (!exchange.getRequestMethod().equals("GET")) {
        send(exchange, 405, "text/plain", "only GET".getBytes(StandardCharsets.UTF_8));
      } else if (path.startsWith("/api/")) {
        api(exchange, path.substring("/api/".length()));
      } else if (path.equals("/") || path.equals("/index.html")) {
        resource(exchange, "sluice-ui/index.html");
      } else if (path.startsWith("/assets/")) {
        resource(exchange, "sluice-ui/" + path.substring("/assets/".length()));
      } else if (path.startsWith("/vendor/uplot/")) {
        resource(
            exchange, UPLOT + uplotVersion + "/dist/" + path.substring("/vendor/uplot/".length()));
      } else {
        send(exchange, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  private void api(HttpExchange exchange, String endpoint) throws IOException {
    int status = 200;
    JsonNode body;
    try {
      Map<String, String> q = parameters(exchange.getRequestURI());
      body =
          switch (endpoint) {
            case "progress" -> queries.progress();
            case "services" -> queries.services(range(q));
            case "timeline" -> queries.timeline(range(q), service(q));
            case "incidents" -> queries.incidents(range(q), service(q), blankToNull(q.get("kind")));
            case "logs" -> queries.logs(range(q), service(q), highlight(q), limit(q));
            default -> throw new NotFound("no API endpoint /api/" + endpoint);
          };
    } catch (BadRequest e) {
      status = 400;
      body = error(e.getMessage());
    } catch (NotFound e) {
      status = 404;
      body = error(e.getMessage());
    } catch (UiQueries.Busy e) {
      status = 503;
      body = error(e.getMessage());
    } catch (QueryException e) {
      status = e.kind() == QueryException.Kind.INVALID_QUERY ? 400 : 502;
      body = error(e.getMessage());
    } catch (RuntimeException e) {
      LOG.error("UI request {} failed", exchange.getRequestURI(), e);
      status = 500;
      body =
          error(
              "internal error ("
                  + e.getClass().getSimpleName()
                  + "); the server log has the details");
    }
    send(exchange, status, "application/json", json.writeValueAsBytes(body));
  }

  private TimeRange range(Map<String, String> q) {
    return TimeRange.parse(q.get("from"), q.get("to"), maxRange, clock);
  }

  private static String service(Map<String, String> q) {
    return blankToNull(q.get("service"));
  }

  private static Set<String> highlight(Map<String, String> q) {
    String h = q.get("highlight");
    return h == null || h.isBlank() ? Set.of() : new LinkedHashSet<>(Arrays.asList(h.split(",")));
  }

  private static int limit(Map<String, String> q) {
    String l = q.get("limit");
    if (l == null || l.isBlank()) {
      return DEFAULT_LOG_LINES;
    }
    try {
      int n = Integer.parseInt(l.strip());
      if (n < 1 || n > MAX_LOG_LINES) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new BadRequest("limit '" + l + "' must be a number from 1 to " + MAX_LOG_LINES);
    }
  }

  private JsonNode error(String message) {
    return json.createObjectNode().put("error", message);
  }

  private static void resource(HttpExchange exchange, String name) throws IOException {
    if (name.contains("..")) {
      send(exchange, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
      return;
    }
    try (InputStream in = UiServer.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        send(exchange, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
        return;
      }
      send(exchange, 200, contentType(name), in.readAllBytes());
    }
  }

  private static String contentType(String name) {
    if (name.endsWith(".html")) {
      return "text/html; charset=utf-8";
    }
    if (name.endsWith(".js")) {
      return "text/javascript; charset=utf-8";
    }
    if (name.endsWith(".css")) {
      return "text/css; charset=utf-8";
    }
    return "application/octet-stream";
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
  }

  private static Map<String, String> parameters(URI uri) {
    Map<String, String> out = new HashMap<>();
    String raw = uri.getRawQuery();
    if (raw == null) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      out.put(
          URLDecoder.decode(k, StandardCharsets.UTF_8),
          URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return out;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  /** The uPlot version on the classpath, from its webjar's pom.properties. */
  private static String uplotVersion() {
    try (InputStream in =
        UiServer.class
            .getClassLoader()
            .getResourceAsStream("META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
      java.util.Properties p = new java.util.Properties();
      if (in != null) {
        p.load(in);
      }
      String v = p.getProperty("version");
      if (v == null) {
        throw new IllegalStateException("the uPlot webjar is not on the classpath");
      }
      return v;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final class NotFound extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotFound(String message) {
      super(message);
    }
  }
}
