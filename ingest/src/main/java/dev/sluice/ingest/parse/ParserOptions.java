package dev.sluice.ingest.parse;

import java.time.Clock;
import java.time.ZoneId;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The settings parsers take: the zone for timestamps without an offset (default: the system's zone,
 * as local log files are written in it), the clock that supplies the year syslog RFC 3164
 * timestamps lack (default: the system clock), and the pattern of the {@code regex} parser.
 * Immutable; build with {@link #builder()}.
 */
public final class ParserOptions {
  private final ZoneId defaultZone;
  private final Clock clock;
  private final Pattern regex;

  private ParserOptions(Builder b) {
    this.defaultZone = b.defaultZone;
    this.clock = b.clock;
    this.regex = b.regex;
  }

  /** The defaults: system zone, system clock, no regex. */
  public static ParserOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public ZoneId defaultZone() {
    return defaultZone;
  }

  public Clock clock() {
    return clock;
  }

  /** The {@code regex} parser's pattern, or null. */
  public Pattern regex() {
    return regex;
  }

  /** A timestamp reader with these options. */
  public TimestampParser timestamps() {
    return new TimestampParser(defaultZone, clock);
  }

  /** Builds {@link ParserOptions}. */
  public static final class Builder {
    private ZoneId defaultZone = ZoneId.systemDefault();
    private Clock clock = Clock.systemUTC();
    private Pattern regex;

    private Builder() {}

    public Builder defaultZone(ZoneId zone) {
      this.defaultZone = Objects.requireNonNull(zone, "defaultZone");
      return this;
    }

    /**
     * @param zone a zone id such as {@code UTC}, {@code Europe/Paris} or {@code +02:00}
     * @throws IllegalArgumentException naming the bad value
     */
    public Builder defaultZone(String zone) {
      try {
        return defaultZone(ZoneId.of(zone.strip()));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "unknown time zone '"
                + zone
                + "': use a region such as Europe/Paris, or UTC, or +02:00");
      }
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public Builder regex(Pattern regex) {
      this.regex = regex;
      return this;
    }

    /**
     * @throws IllegalArgumentException with the syntax error, if the pattern does not compile
     */
    public Builder regex(String regex) {
      try {
        return regex(Pattern.compile(regex));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "the regex parser's pattern does not compile: " + e.getMessage());
      }
    }

    public ParserOptions build() {
      return new ParserOptions(this);
    }
  }
}
