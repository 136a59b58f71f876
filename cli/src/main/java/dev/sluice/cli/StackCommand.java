package dev.sluice.cli;

import dev.sluice.local.EmbeddedS3;
import dev.sluice.local.LocalStack;
import dev.sluice.ship.UserException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sluice stack}: runs the embedded Kafka broker and S3 server (and optionally a Flink
 * MiniCluster) in the foreground until Ctrl-C, and prints how to reach them.
 */
@Command(
    name = "stack",
    mixinStandardHelpOptions = true,
    description =
        "Start the embedded Kafka broker and S3-compatible server in the foreground;"
            + " print their endpoints and credentials; stop cleanly on Ctrl-C.")
public final class StackCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--data-dir",
      description =
          "Keep broker and object data here across runs (default: a temporary directory,"
              + " deleted on exit).")
  Path dataDir;

  @Option(
      names = "--kafka-port",
      defaultValue = "9092",
      description =
          "Kafka client port on 127.0.0.1; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int kafkaPort;

  @Option(
      names = "--s3-port",
      defaultValue = "9000",
      description = "S3 port on 127.0.0.1; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int s3Port;

  @Option(
      names = "--s3-storage",
      defaultValue = "DISK",
      description = "Where objects live: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  EmbeddedS3.Storage s3Storage;

  @Option(
      names = "--bucket",
      defaultValue = "sluice",
      description = "Bucket to create (default: ${DEFAULT-VALUE}).")
  String bucket;

  @Option(
      names = "--partitions",
      defaultValue = "3",
      description = "Partitions of each topic Sluice creates (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Option(names = "--flink", description = "Also start a Flink MiniCluster with its web UI.")
  boolean withFlink;

  @Option(
      names = "--flink-port",
      defaultValue = "8081",
      description = "Flink REST and web UI port with --flink (default: ${DEFAULT-VALUE}).")
  int flinkPort;

  @Override
  public Integer call() throws InterruptedException {
    validate();
    PrintWriter out = spec.commandLine().getOut();
    LocalStack stack;
    try {
      stack =
          LocalStack.start(
              new LocalStack.Options(
                  dataDir,
                  kafkaPort,
                  s3Port,
                  s3Storage,
                  bucket,
                  partitions,
                  withFlink,
                  4,
                  flinkPort));
    } catch (RuntimeException e) {
      throw new UserException(
          "cannot start the stack: "
              + rootMessage(e)
              + " (is something else on the ports? try --kafka-port 0 --s3-port 0)",
          1,
          e);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              out.println("Stopping the stack …");
              out.flush();
              stack.close();
              stopped.countDown();
            },
            "sluice-stack-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);

    out.println("Sluice local stack is up.");
    out.println();
    out.println("  Kafka bootstrap   " + stack.kafka().bootstrapServers());
    out.println("  Kafka topics      " + String.join(", ", LocalStack.TOPICS));
    out.println("  S3 endpoint       " + stack.s3().endpoint() + "   (path-style)");
    out.println("  S3 region         " + EmbeddedS3.REGION);
    out.println("  S3 access key     " + EmbeddedS3.ACCESS_KEY);
    out.println("  S3 secret key     " + EmbeddedS3.SECRET_KEY + "   (fixed local credential)");
    out.println("  S3 bucket         " + bucket);
    if (stack.flink() != null) {
      out.println("  Flink web UI      " + stack.flink().restEndpoint());
    }
    out.println();
    out.println("Try:");
    out.println("  kcat -L -b " + stack.kafka().bootstrapServers());
    out.println(
        "  AWS_ACCESS_KEY_ID="
            + EmbeddedS3.ACCESS_KEY
            + " AWS_SECRET_ACCESS_KEY="
            + EmbeddedS3.SECRET_KEY
            + " aws --region "
            + EmbeddedS3.REGION
            + " --endpoint-url "
            + stack.s3().endpoint()
            + " s3 ls");
    out.println();
    out.println("Press Ctrl-C to stop.");
    out.flush();
    stopped.await();
    return 0;
  }

  private void validate() {
    for (int port : new int[] {kafkaPort, s3Port, flinkPort}) {
      if (port < 0 || port > 65535) {
        throw new UserException("ports must be between 0 and 65535, got " + port);
      }
    }
    if (partitions < 1) {
      throw new UserException("--partitions must be at least 1, got " + partitions);
    }
    if (bucket.length() < 3 || !bucket.matches("[a-z0-9][a-z0-9.-]*[a-z0-9]")) {
      throw new UserException(
          "--bucket '"
              + bucket
              + "' is not a valid bucket name: use 3-63 lower-case letters, digits, '.' or '-'");
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }
}
