package dev.sluice.query;

import dev.sluice.query.output.ResultFormat;
import dev.sluice.query.output.ResultPrinter;
import java.io.PrintWriter;

/**
 * Runs queries and prints their rows as CSV, for tests that need the engine in a JVM of its own
 * (with a small heap). Arguments: endpoint, bucket, access key, then one or more SQL statements;
 * the secret comes from SLUICE_S3_SECRET_KEY.
 */
public final class QueryOnce {
  private QueryOnce() {}

  public static void main(String[] args) {
    QueryConfig config =
        QueryConfig.builder()
            .endpoint(args[0])
            .bucket(args[1])
            .accessKey(args[2])
            .secretKey(System.getenv("SLUICE_S3_SECRET_KEY"))
            .build();
    PrintWriter out = new PrintWriter(System.out, true);
    try (QueryEngine engine = QueryEngine.connect(config)) {
      for (int i = 3; i < args.length; i++) {
        try (QueryResult result = engine.execute(args[i])) {
          ResultPrinter.print(result, ResultFormat.CSV, out);
          result.close();
          System.err.println(ResultPrinter.summary(result));
        }
      }
      System.err.println("max heap " + Runtime.getRuntime().maxMemory());
    }
  }
}
