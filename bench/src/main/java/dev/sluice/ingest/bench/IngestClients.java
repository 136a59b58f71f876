package dev.sluice.ingest.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The benchmark's clients and the do-nothing servers that measure them alone. Input is encoded
 * before any clock starts: a TCP sender writes its prepared bytes, an HTTP client posts its
 * prepared bodies over one kept-alive HTTP/1.1 connection, one request at a time, and waits for
 * each answer as a real shipper does. Client threads are named {@link
 * RoundCpu#CLIENT_THREAD_PREFIX}… and add their own CPU time to a counter.
 */
final class IngestClients {
  private IngestClients() {}

  /** The lines of each connection as newline-framed bytes. */
  static List<byte[]> tcpPayloads(List<List<String>> slices) {
    List<byte[]> payloads = new ArrayList<>();
    for (List<String> slice : slices) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      for (String line : slice) {
        bytes.writeBytes(line.getBytes(StandardCharsets.UTF_8));
        bytes.write('\n');
      }
      payloads.add(bytes.toByteArray());
    }
    return payloads;
  }

  /** The NDJSON request bodies of each client, {@code perRequest} lines each. */
  static List<List<byte[]>> httpBodies(List<List<String>> slices, int perRequest) {
    List<List<byte[]>> bodies = new ArrayList<>();
    for (List<String> slice : slices) {
      List<byte[]> mine = new ArrayList<>();
      for (int from = 0; from < slice.size(); from += perRequest) {
        List<String> part = slice.subList(from, Math.min(slice.size(), from + perRequest));
        mine.add((String.join("\n", part) + "\n").getBytes(StandardCharsets.UTF_8));
      }
      bodies.add(mine);
    }
    return bodies;
  }

  /** {@code lines} cut into {@code n} nearly equal consecutive slices. */
  static List<List<String>> slices(List<String> lines, int n) {
    List<List<String>> slices = new ArrayList<>();
    int per = (lines.size() + n - 1) / n;
    for (int i = 0; i < n; i++) {
      slices.add(
          lines.subList(Math.min(lines.size(), i * per), Math.min(lines.size(), (i + 1) * per)));
    }
    return slices;
  }

  interface Client<T> {
    void run(T input) throws Exception;
  }

  /** Runs one client thread per input, returns when all are done; adds their CPU to {@code cpu}. */
  static <T> void runAll(List<T> inputs, Client<T> client, AtomicLong cpu) throws Exception {
    AtomicInteger n = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            inputs.size(), r -> new Thread(r, RoundCpu.CLIENT_THREAD_PREFIX + n.incrementAndGet()));
    try {
      List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
      for (T input : inputs) {
        futures.add(
            pool.submit(
                () -> {
                  long start = RoundCpu.clientNanos();
                  try {
                    client.run(input);
                  } finally {
                    cpu.addAndGet(RoundCpu.clientNanos() - start);
                  }
                  return null;
                }));
      }
      for (java.util.concurrent.Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Writes {@code payload} to a new connection to {@code address} and closes it. */
  static void sendTcp(InetSocketAddress address, byte[] payload) throws IOException {
    try (Socket socket = new Socket(address.getAddress(), address.getPort());
        OutputStream out = socket.getOutputStream()) {
      for (int off = 0; off < payload.length; off += 64 * 1024) {
        out.write(payload, off, Math.min(64 * 1024, payload.length - off));
      }
    }
  }

  /**
   * A minimal HTTP/1.1 client of one kept-alive connection: {@code POST} a body, read the whole
   * answer. Reconnects when the server closes the connection.
   */
  static final class Poster implements AutoCloseable {
    private final InetSocketAddress address;
    private final String path;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private boolean serverCloses;

    Poster(InetSocketAddress address, String path) {
      this.address = address;
      this.path = path;
    }

    /** Posts {@code body} as NDJSON; returns the answer's status. */
    int post(byte[] body) throws IOException {
      if (socket == null || serverCloses) {
        close();
        socket = new Socket(address.getAddress(), address.getPort());
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        out = socket.getOutputStream();
        serverCloses = false;
      }
      String head =
          "POST "
              + path
              + " HTTP/1.1\r\nHost: "
              + address.getAddress().getHostAddress()
              + ":"
              + address.getPort()
              + "\r\nContent-Type: application/x-ndjson\r\nContent-Length: "
              + body.length
              + "\r\n\r\n";
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      String status = line();
      String[] parts = status.split(" ", 3);
      if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
        throw new IOException("not an HTTP answer: " + status);
      }
      int length = 0;
      for (String header = line(); !header.isEmpty(); header = line()) {
        String lower = header.toLowerCase(Locale.ROOT);
        if (lower.startsWith("content-length:")) {
          length = Integer.parseInt(lower.substring(15).trim());
        } else if (lower.startsWith("connection:") && lower.contains("close")) {
          serverCloses = true;
        }
      }
      in.readNBytes(length);
      return Integer.parseInt(parts[1]);
    }

    private String line() throws IOException {
      StringBuilder line = new StringBuilder();
      int b;
      while ((b = in.read()) != '\n') {
        if (b < 0) {
          throw new IOException("the server closed the connection");
        }
        if (b != '\r') {
          line.append((char) b);
        }
      }
      return line.toString();
    }

    @Override
    public void close() throws IOException {
      if (socket != null) {
        socket.close();
        socket = null;
      }
    }
  }

  /** A TCP server that reads and discards; {@link #await} returns once it has read N bytes. */
  static final class DiscardServer implements AutoCloseable {
    private final ServerSocket server = new ServerSocket(0, 256, InetAddress.getLoopbackAddress());
    private final AtomicLong read = new AtomicLong();
    private final CountDownLatch done = new CountDownLatch(1);
    private final long expected;
    private final ExecutorService threads = Executors.newCachedThreadPool();

    DiscardServer(long expected) throws IOException {
      this.expected = expected;
      threads.execute(this::accept);
    }

    InetSocketAddress address() {
      return (InetSocketAddress) server.getLocalSocketAddress();
    }

    private void accept() {
      try {
        while (!server.isClosed()) {
          Socket s = server.accept();
          threads.execute(() -> drain(s));
        }
      } catch (IOException closed) {
        // closed: done
      }
    }

    private void drain(Socket s) {
      byte[] buffer = new byte[64 * 1024];
      try (s;
          InputStream in = s.getInputStream()) {
        int n;
        while ((n = in.read(buffer)) > 0) {
          if (read.addAndGet(n) >= expected) {
            done.countDown();
          }
        }
      } catch (IOException e) {
        // the client went away
      }
    }

    void await() throws InterruptedException {
      if (!done.await(5, TimeUnit.MINUTES)) {
        throw new IllegalStateException("discard server: " + read.get() + " of " + expected);
      }
    }

    @Override
    public void close() throws IOException {
      server.close();
      threads.shutdownNow();
    }
  }

  /** An HTTP server that reads each body and answers 200 at once, doing nothing with it. */
  static final class AcceptingServer implements AutoCloseable {
    private static final byte[] ANSWER = "{\"accepted\":1}".getBytes(StandardCharsets.UTF_8);
    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(4);

    AcceptingServer() throws IOException {
      // without it the JDK server's answers wait for the client's delayed ACK (Nagle)
      System.setProperty("sun.net.httpserver.nodelay", "true");
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
      server.createContext(
          "/logs",
          exchange -> {
            try (exchange) {
              exchange.getRequestBody().readAllBytes();
              exchange.getResponseHeaders().set("Content-Type", "application/json");
              exchange.sendResponseHeaders(200, ANSWER.length);
              exchange.getResponseBody().write(ANSWER);
            }
          });
      server.setExecutor(threads);
      server.start();
    }

    InetSocketAddress address() {
      return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getAddress().getPort());
    }

    @Override
    public void close() {
      server.stop(0);
      threads.shutdownNow();
    }
  }
}
