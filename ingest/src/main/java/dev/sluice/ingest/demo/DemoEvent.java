package dev.sluice.ingest.demo;

import java.time.Instant;

/**
 * One raw log record the demo generator produced, as a service would have written it.
 *
 * @param timeMillis the simulated event time, epoch milliseconds; the timestamp inside {@code line}
 *     says the same instant (with an explicit offset, so any default zone reads it alike);
 *     access-log lines record whole seconds, so theirs is a whole second
 * @param service the service that wrote it ({@code checkout}, {@code payments} …)
 * @param host the host of that service that wrote it ({@code checkout-2})
 * @param format the name of the parser that reads {@code line} ({@code combined}, {@code json},
 *     {@code logfmt}, {@code syslog} or {@code java}, see {@code Parsers.byName}); {@code auto}
 *     reads every one of them too
 * @param line the raw record; a stack trace makes it several lines joined by {@code \n}, as the
 *     multiline stage would have merged them
 */
public record DemoEvent(long timeMillis, String service, String host, String format, String line) {

  /** The simulated event time. */
  public Instant eventTime() {
    return Instant.ofEpochMilli(timeMillis);
  }
}
