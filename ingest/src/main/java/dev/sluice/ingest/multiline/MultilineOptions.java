package dev.sluice.ingest.multiline;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * How lines are merged into records; immutable and shareable, one {@link MultilineAggregator} per
 * file comes from {@link #newAggregator(Clock)}.
 *
 * <p>Modes: {@link Mode#STACK_TRACES} (the default: Java and Python stack traces join the line
 * before them, see {@link StackTraceRule}), {@link Mode#START_PATTERN} (a line matching the pattern
 * starts a record, any other continues it), {@link Mode#CONTINUATION_PATTERN} (a line matching the
 * pattern continues the record, any other starts one) and {@link Mode#NONE} (every line is a
 * record). Patterns are searched for ({@link java.util.regex.Matcher#find()}) in the first {@value
 * MultilineAggregator#PATTERN_WINDOW} characters of a line only, which bounds their cost on long
 * lines; anchor them with {@code ^}.
 *
 * <p>Limits: a record is cut at {@code maxChars} characters or {@code maxLines} lines and flagged
 * truncated (defaults 1 MiB characters, 2000 lines); a pending record is released after {@code
 * flushTimeout} without a new line (default 2 s) when the caller polls.
 */
public final class MultilineOptions {
  /** How lines are grouped. */
  public enum Mode {
    STACK_TRACES,
    START_PATTERN,
    CONTINUATION_PATTERN,
    NONE
  }

  private final Mode mode;
  private final Pattern pattern;
  private final int maxChars;
  private final int maxLines;
  private final Duration flushTimeout;

  private MultilineOptions(Builder b) {
    this.mode = b.mode;
    this.pattern = b.pattern;
    this.maxChars = b.maxChars;
    this.maxLines = b.maxLines;
    this.flushTimeout = b.flushTimeout;
  }

  /** Stack traces, 1 MiB characters, 2000 lines, 2 s. */
  public static MultilineOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A new aggregator for one file; the clock drives the flush timeout. */
  public MultilineAggregator newAggregator(Clock clock) {
    return new MultilineAggregator(this, clock);
  }

  public Mode mode() {
    return mode;
  }

  /** The start or continuation pattern, or null. */
  public Pattern pattern() {
    return pattern;
  }

  public int maxChars() {
    return maxChars;
  }

  public int maxLines() {
    return maxLines;
  }

  public Duration flushTimeout() {
    return flushTimeout;
  }

  /** Builds {@link MultilineOptions}; {@link #build()} checks the combination. */
  public static final class Builder {
    private Mode mode = Mode.STACK_TRACES;
    private Pattern pattern;
    private int maxChars = 1 << 20;
    private int maxLines = 2000;
    private Duration flushTimeout = Duration.ofSeconds(2);

    private Builder() {}

    /** Java and Python stack traces join the line before them (the default). */
    public Builder stackTraces() {
      this.mode = Mode.STACK_TRACES;
      this.pattern = null;
      return this;
    }

    /** Every line is its own record. */
    public Builder none() {
      this.mode = Mode.NONE;
      this.pattern = null;
      return this;
    }

    /** A line matching {@code regex} starts a record; other lines continue it. */
    public Builder startPattern(String regex) {
      this.mode = Mode.START_PATTERN;
      this.pattern = compile(regex, "start");
      return this;
    }

    /** A line matching {@code regex} continues the record before it; other lines start one. */
    public Builder continuationPattern(String regex) {
      this.mode = Mode.CONTINUATION_PATTERN;
      this.pattern = compile(regex, "continuation");
      return this;
    }

    public Builder maxChars(int maxChars) {
      this.maxChars = maxChars;
      return this;
    }

    public Builder maxLines(int maxLines) {
      this.maxLines = maxLines;
      return this;
    }

    public Builder flushTimeout(Duration flushTimeout) {
      this.flushTimeout = Objects.requireNonNull(flushTimeout, "flushTimeout");
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the setting to fix
     */
    public MultilineOptions build() {
      if (maxChars < 1) {
        throw new IllegalArgumentException(
            "multiline max size must be at least 1 character, got " + maxChars);
      }
      if (maxLines < 1) {
        throw new IllegalArgumentException(
            "multiline max lines must be at least 1, got " + maxLines);
      }
      if (flushTimeout.isNegative() || flushTimeout.isZero()) {
        throw new IllegalArgumentException(
            "multiline flush timeout must be positive, got " + flushTimeout);
      }
      return new MultilineOptions(this);
    }

    private static Pattern compile(String regex, String which) {
      try {
        return Pattern.compile(Objects.requireNonNull(regex, which + " pattern"));
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(
            "the multiline " + which + " pattern does not compile: " + e.getMessage());
      }
    }
  }
}
