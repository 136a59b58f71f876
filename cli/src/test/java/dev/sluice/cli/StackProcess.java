package dev.sluice.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code sluice stack} (the embedded Kafka broker and S3 server) in a child JVM of its own, started
 * from this test's classpath, as a separate process the way a real broker and object store are.
 *
 * <p>Guarantees: {@link #start} returns once the child printed its endpoints (the topics and the
 * bucket then exist), or throws with the child's output. {@link #close()} stops it with SIGTERM
 * (its shutdown hook stops the servers and deletes their data), and with SIGKILL if it does not
 * exit.
 */
final class StackProcess implements AutoCloseable {
  private static final Pattern KAFKA = Pattern.compile("^\\s*Kafka bootstrap\\s+(\\S+)");
  private static final Pattern S3 = Pattern.compile("^\\s*S3 endpoint\\s+(\\S+)");

  private final Process process;
  private final String bootstrapServers;
  private final String s3Endpoint;

  private StackProcess(Process process, String bootstrapServers, String s3Endpoint) {
    this.process = process;
    this.bootstrapServers = bootstrapServers;
    this.s3Endpoint = s3Endpoint;
  }

  /**
   * Starts {@code sluice stack} on free ports with {@code partitions} partitions per topic and the
   * given bucket; its stderr goes to {@code log}.
   */
  static StackProcess start(int partitions, String bucket, Path log, Duration timeout) {
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx768m",
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName(),
            "stack",
            "--kafka-port",
            "0",
            "--s3-port",
            "0",
            "--partitions",
            String.valueOf(partitions),
            "--bucket",
            bucket);
    Process process;
    try {
      process = new ProcessBuilder(command).redirectError(log.toFile()).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start sluice stack", e);
    }
    CompletableFuture<String[]> endpoints = CompletableFuture.supplyAsync(() -> read(process));
    try {
      String[] found = endpoints.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return new StackProcess(process, found[0], found[1]);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IllegalStateException("interrupted while starting sluice stack", e);
    } catch (ExecutionException | TimeoutException e) {
      process.destroyForcibly();
      throw new IllegalStateException(
          "sluice stack did not print its endpoints in " + timeout + ": " + tail(log), e);
    }
  }

  /** Reads the child's stdout until both endpoints are printed; keeps draining it afterwards. */
  private static String[] read(Process process) {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String kafka = null;
    String s3 = null;
    List<String> seen = new ArrayList<>();
    try {
      String line;
      while ((kafka == null || s3 == null) && (line = out.readLine()) != null) {
        seen.add(line);
        Matcher k = KAFKA.matcher(line);
        Matcher s = S3.matcher(line);
        if (k.find()) {
          kafka = k.group(1);
        } else if (s.find()) {
          s3 = s.group(1);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (kafka == null || s3 == null) {
      throw new IllegalStateException("sluice stack exited early; its output: " + seen);
    }
    Thread drain = new Thread(() -> drain(out), "stack-stdout");
    drain.setDaemon(true);
    drain.start();
    return new String[] {kafka, s3};
  }

  private static void drain(BufferedReader out) {
    try {
      while (out.readLine() != null) {
        // The child's further output (its goodbye) is not needed.
      }
    } catch (IOException e) {
      // The child is gone.
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** The broker's {@code host:port}. */
  String bootstrapServers() {
    return bootstrapServers;
  }

  /** The S3 server's {@code http://host:port}. */
  String s3Endpoint() {
    return s3Endpoint;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
