package dev.sluice.cli.ui;

import dev.sluice.local.junit.S3Extension;
import dev.sluice.query.QueryConfig;
import dev.sluice.query.QueryEngine;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;

/** A UI server over a fresh bucket of {@link DemoLikeData} on the test's S3 server. */
final class UiStack implements AutoCloseable {
  final DemoLikeData data;
  final QueryEngine engine;
  final UiServer server;

  UiStack(S3Extension s3) {
    String bucket = s3.newBucket();
    data = DemoLikeData.write(s3, bucket);
    engine =
        QueryEngine.connect(
            QueryConfig.builder()
                .endpoint(s3.endpoint())
                .bucket(bucket)
                .accessKey(s3.accessKey())
                .secretKey(s3.secretKey())
                .region("us-east-1")
                .build());
    server =
        UiServer.start(
            engine, new InetSocketAddress("127.0.0.1", 0), Duration.ofDays(7), Clock.systemUTC());
  }

  URI url() {
    return server.url();
  }

  /** {@code from}/{@code to} parameters covering the data with a minute to spare. */
  String range() {
    return "from=" + data.start.minusSeconds(60) + "&to=" + data.end.plusSeconds(60);
  }

  @Override
  public void close() {
    server.close();
    engine.close();
  }
}
