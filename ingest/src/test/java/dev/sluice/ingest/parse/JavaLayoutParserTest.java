package dev.sluice.ingest.parse;

import static dev.sluice.ingest.parse.ParserTesting.TIMESTAMPS;
import static dev.sluice.ingest.parse.ParserTesting.failure;
import static dev.sluice.ingest.parse.ParserTesting.parsed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.model.Level;
import org.junit.jupiter.api.Test;

class JavaLayoutParserTest {
  private final JavaLayoutParser parser = new JavaLayoutParser(TIMESTAMPS);

  @Test
  void readsLogbackDefaultWithAStackTrace() {
    ParsedFields f =
        parsed(
            parser,
            "2024-01-15 10:23:45.123 [http-nio-8080-exec-1] ERROR com.shop.OrderService - Payment failed for order 42\n"
                + "java.lang.IllegalStateException: gateway timeout\n\tat com.shop.Pay.call(Pay.java:17)");
    assertThat(f.eventTime).isEqualTo("2024-01-15T10:23:45.123Z");
    assertThat(f.thread).isEqualTo("http-nio-8080-exec-1");
    assertThat(f.level).isEqualTo(Level.ERROR);
    assertThat(f.logger).isEqualTo("com.shop.OrderService");
    assertThat(f.message)
        .isEqualTo(
            "Payment failed for order 42\njava.lang.IllegalStateException: gateway timeout\n\tat com.shop.Pay.call(Pay.java:17)");
  }

  @Test
  void readsLog4jAndSpringBootLayouts() {
    ParsedFields log4j =
        parsed(parser, "2024-01-15 10:23:45,123 WARN  [main] org.hibernate.SQL - slow: 1200 ms");
    assertThat(log4j.level).isEqualTo(Level.WARN);
    assertThat(log4j.thread).isEqualTo("main");
    assertThat(log4j.logger).isEqualTo("org.hibernate.SQL");
    assertThat(log4j.message).isEqualTo("slow: 1200 ms");

    ParsedFields boot =
        parsed(
            parser,
            "2024-01-15T10:23:45.123+01:00  INFO 4242 --- [           main] c.e.demo.DemoApplication                 : Started DemoApplication in 1.9 seconds");
    assertThat(boot.eventTime).isEqualTo("2024-01-15T09:23:45.123Z");
    assertThat(boot.level).isEqualTo(Level.INFO);
    assertThat(boot.thread).isEqualTo("main");
    assertThat(boot.logger).isEqualTo("c.e.demo.DemoApplication");
    assertThat(boot.attributes).containsEntry("pid", "4242");
    assertThat(boot.message).isEqualTo("Started DemoApplication in 1.9 seconds");

    ParsedFields boot3 =
        parsed(
            parser,
            "2024-01-15T10:23:45.123Z  WARN 1 --- [checkout] [nio-8080-exec-2] c.e.Cart : cart empty");
    assertThat(boot3.thread).isEqualTo("nio-8080-exec-2");
    assertThat(boot3.attributes).containsEntry("context", "checkout");
    assertThat(boot3.message).isEqualTo("cart empty");
  }

  @Test
  void readsTimeOnlyPythonAndLoggerlessLines() {
    ParsedFields log4j2 = parsed(parser, "10:23:45.123 [main] DEBUG com.example.App - hello");
    assertThat(log4j2.eventTime).isNull();
    assertThat(log4j2.attributes).containsEntry("time", "10:23:45.123");
    assertThat(log4j2.level).isEqualTo(Level.DEBUG);
    assertThat(log4j2.message).isEqualTo("hello");

    ParsedFields python =
        parsed(parser, "2024-01-15 10:23:45,123 - inventory.stock - ERROR - out of stock: sku-9");
    assertThat(python.logger).isEqualTo("inventory.stock");
    assertThat(python.level).isEqualTo(Level.ERROR);
    assertThat(python.message).isEqualTo("out of stock: sku-9");

    ParsedFields bare = parsed(parser, "2024-01-15 10:23:45 ERROR Something failed - badly");
    assertThat(bare.logger).isNull();
    assertThat(bare.message).isEqualTo("Something failed - badly");
  }

  @Test
  void readsBracketedLevelsAsNginxErrorLogsWriteThem() {
    ParsedFields nginx =
        parsed(
            parser,
            "2024/01/15 10:23:45 [error] 77#0: *3 connect() failed (111: Connection refused)");
    assertThat(nginx.eventTime).isEqualTo("2024-01-15T10:23:45Z");
    assertThat(nginx.level).isEqualTo(Level.ERROR);
    assertThat(nginx.thread).isNull();
    assertThat(nginx.message).isEqualTo("77#0: *3 connect() failed (111: Connection refused)");

    ParsedFields bracketed =
        parsed(parser, "2024-01-15 10:23:45,001 [WARN] [pool-1-thread-2] a.b.C - careful");
    assertThat(bracketed.level).isEqualTo(Level.WARN);
    assertThat(bracketed.thread).isEqualTo("pool-1-thread-2");
    assertThat(bracketed.logger).isEqualTo("a.b.C");
  }

  @Test
  void failsWithoutTimestampOrLevel() {
    assertThat(failure(parser, "INFO com.example.App - hello")).contains("no leading timestamp");
    assertThat(failure(parser, "2024-01-15 10:23:45 just words here")).contains("no level");
    assertThat(failure(parser, "2024-13-45 10:23:45 INFO x - y")).contains("no leading timestamp");
  }
}
