package dev.sluice.cli.demo;

import dev.sluice.local.EmbeddedFlink;
import dev.sluice.local.EmbeddedS3;
import dev.sluice.local.LocalStack;
import dev.sluice.model.Anomaly;
import dev.sluice.model.AnomalyStatus;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The demo's last words: how to query further. With {@code --keep}, the address of the web UI
 * served over the kept stack ({@code sluice ui}'s server, started by the demo), the running stack's
 * endpoints and ready-to-paste {@code sluice query} commands against it; without, how to get there.
 *
 * <p>Guarantees: every command printed is complete (endpoint included) and runs as printed from the
 * repository root while the stack is up; the S3 credentials shown are the stack's fixed local ones,
 * never a real secret.
 */
final class NextSteps {
  private NextSteps() {}

  /** For a stack that stays up. */
  static void whileKept(
      PrintWriter out, LocalStack stack, EmbeddedFlink flink, List<Anomaly> anomalies, URI ui) {
    String s3 = stack.s3().endpoint();
    out.println("The stack stays up until Ctrl-C (which stops it and deletes its data):");
    out.println("  Web UI           " + ui + uiView(anomalies));
    out.println(
        "  Kafka bootstrap  "
            + stack.kafka().bootstrapServers()
            + "   topics "
            + String.join(", ", LocalStack.TOPICS));
    out.println(
        "  S3 endpoint      "
            + s3
            + "   bucket "
            + stack.bucket()
            + ", access key "
            + EmbeddedS3.ACCESS_KEY
            + ", secret "
            + EmbeddedS3.SECRET_KEY
            + " (fixed local credential)");
    out.println("  Flink web UI     " + flink.restEndpoint());
    out.println(
        "  (the same web UI from another terminal: ./sluice ui --endpoint " + s3 + " --port 7070)");
    out.println("Try, in another terminal (from this directory):");
    out.println(
        "  ./sluice query --endpoint "
            + s3
            + " \"SELECT service, level, COUNT(*) AS events FROM logs GROUP BY service, level\"");
    out.println("  ./sluice query anomalies --endpoint " + s3 + " --since 1h");
    out.println(
        "  ./sluice query logs --endpoint " + s3 + " --service payments --level ERROR --since 1h");
    anomalies.stream()
        .filter(a -> a.getStatus() == AnomalyStatus.OPEN)
        .findFirst()
        .ifPresent(a -> out.println("  ./sluice query explain --endpoint " + s3 + " " + a.getId()));
    out.println("  ./sluice query --help");
    out.flush();
  }

  /** The query string of the web UI's view of the demo: its last hour, first incident selected. */
  private static String uiView(List<Anomaly> anomalies) {
    Optional<Anomaly> first =
        anomalies.stream().filter(a -> a.getStatus() == AnomalyStatus.OPEN).findFirst();
    return "?from=now-1h&to=now"
        + first
            .map(a -> "&incident=" + URLEncoder.encode(a.getId(), StandardCharsets.UTF_8))
            .orElse("");
  }

  /** For a stack that stops now. */
  static void afterStop(PrintWriter out) {
    out.println("The stack stops now and its data is deleted. To query it yourself:");
    out.println(
        "  ./sluice demo --keep     the same demo, then keeps Kafka, S3 and Flink up and prints"
            + " ready-to-paste queries");
    out.println(
        "  ./sluice query --help    SQL over logs, stats, anomalies and rejects; shortcuts"
            + " logs, stats, anomalies, explain");
    out.println("  README.md                run the pipeline on your own logs");
    out.flush();
  }
}
