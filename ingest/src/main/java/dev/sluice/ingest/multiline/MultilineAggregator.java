package dev.sluice.ingest.multiline;

import java.time.Clock;
import java.util.regex.Matcher;

/**
 * Merges the lines of one file into records (a log line and its stack trace, say), keeping the byte
 * offsets a shipper needs to save its position safely.
 *
 * <p>Feed it every line in file order with {@link #add}, giving the line's text without its
 * terminator, its start offset and the offset just past its terminator. It returns a finished
 * record when one is complete (at most one per call), else {@code null}. Poll {@link
 * #pollTimeout()} regularly so the last record of a quiet file is released after the flush timeout,
 * and call {@link #flush()} at end of input or shutdown.
 *
 * <p>Guarantees:
 *
 * <ul>
 *   <li>Every line ends up in exactly one record; records come out in file order with contiguous
 *       offsets ({@code endOffset} of one is {@code startOffset} of the next when lines are).
 *   <li>{@link #pendingStartOffset()} is the offset of the first line not yet handed out: a
 *       position below it is safe to persist; a position beyond it is not.
 *   <li>A record never exceeds {@code maxChars} characters or {@code maxLines} lines: text beyond
 *       is cut (never split inside a surrogate pair) and the record flagged {@code truncated};
 *       lines continuing a full record start the next record, so no line's offsets are held back
 *       for long and no text is lost beyond the cut of an oversized line.
 * </ul>
 *
 * Not thread-safe: one aggregator per file, used by one thread.
 */
public final class MultilineAggregator {
  /** How many leading characters of a line a start or continuation pattern sees. */
  public static final int PATTERN_WINDOW = 1024;

  private final MultilineOptions.Mode mode;
  private final Matcher matcher;
  private final StackTraceRule stackTraces = new StackTraceRule();
  private final int maxChars;
  private final int maxLines;
  private final long timeoutMillis;
  private final Clock clock;

  // The pending record. A single line stays a String; a second line switches to the builder.
  private String firstLine;
  private StringBuilder text;
  private int length;
  private long startOffset = -1;
  private long endOffset;
  private int lines;
  private boolean truncated;
  private boolean full;
  private long lastLineMillis;

  MultilineAggregator(MultilineOptions options, Clock clock) {
    this.mode = options.mode();
    this.matcher = options.pattern() == null ? null : options.pattern().matcher("");
    this.maxChars = options.maxChars();
    this.maxLines = options.maxLines();
    this.timeoutMillis = options.flushTimeout().toMillis();
    this.clock = clock;
  }

  /**
   * Adds the next line of the file. A full record (at its line or size limit) is handed out cut
   * when the next line would continue it; that line starts the next record.
   *
   * @param line the line's text without its terminator
   * @param lineStart the byte offset of the line in the file
   * @param lineEnd the byte offset just past the line's terminator
   * @return a record completed by this line, or null
   */
  public MultilineRecord add(String line, long lineStart, long lineEnd) {
    String l = line == null ? "" : line;
    if (mode == MultilineOptions.Mode.NONE) {
      start(l, lineStart, lineEnd);
      return take();
    }
    if (startOffset >= 0 && continues(l)) {
      if (!full) {
        append(l, lineEnd);
        return null;
      }
      // The record is full and goes on: hand it out cut, and let the rest start a new record.
      truncated = true;
      MultilineRecord cut = take();
      start(l, lineStart, lineEnd);
      return cut;
    }
    MultilineRecord previous = take();
    stackTraces.reset();
    start(l, lineStart, lineEnd);
    return previous;
  }

  /** The pending record, if no line came for the flush timeout; else null. */
  public MultilineRecord pollTimeout() {
    if (startOffset >= 0 && clock.millis() - lastLineMillis >= timeoutMillis) {
      return take();
    }
    return null;
  }

  /** The pending record, whatever its age (end of input, shutdown); null if there is none. */
  public MultilineRecord flush() {
    return take();
  }

  /** The start offset of the pending record, or -1 if every line added has been handed out. */
  public long pendingStartOffset() {
    return startOffset;
  }

  private boolean continues(String line) {
    switch (mode) {
      case START_PATTERN:
        return !matches(line);
      case CONTINUATION_PATTERN:
        return matches(line);
      default:
        return stackTraces.continues(line);
    }
  }

  private boolean matches(String line) {
    matcher.reset(line);
    matcher.region(0, Math.min(line.length(), PATTERN_WINDOW));
    return matcher.find();
  }

  private void start(String line, long lineStart, long lineEnd) {
    startOffset = lineStart;
    endOffset = lineEnd;
    lines = 1;
    truncated = false;
    full = false;
    text = null;
    if (line.length() > maxChars) {
      firstLine = line.substring(0, cut(line, maxChars));
      truncated = true;
      full = true;
    } else {
      firstLine = line;
    }
    length = firstLine.length();
    full |= lines >= maxLines || length + 1 >= maxChars;
    lastLineMillis = clock.millis();
  }

  private void append(String line, long lineEnd) {
    if (text == null) {
      text = new StringBuilder(Math.min(maxChars, firstLine.length() + line.length() + 64));
      text.append(firstLine);
      firstLine = null;
    }
    endOffset = lineEnd;
    lines++;
    lastLineMillis = clock.millis();
    int room = maxChars - length - 1; // one for the joining newline
    if (room < 0) {
      truncated = true;
      full = true;
      return;
    }
    text.append('\n');
    if (line.length() > room) {
      int keep = cut(line, room);
      text.append(line, 0, keep);
      truncated = true;
      full = true;
    } else {
      text.append(line);
    }
    length = text.length();
    full |= lines >= maxLines || length + 1 >= maxChars;
  }

  /** How many leading chars of {@code s} fit in {@code max} without splitting a surrogate pair. */
  private static int cut(String s, int max) {
    if (max > 0 && max < s.length() && Character.isHighSurrogate(s.charAt(max - 1))) {
      return max - 1;
    }
    return Math.min(max, s.length());
  }

  private MultilineRecord take() {
    if (startOffset < 0) {
      return null;
    }
    String body = text != null ? text.toString() : firstLine;
    MultilineRecord record = new MultilineRecord(body, startOffset, endOffset, lines, truncated);
    startOffset = -1;
    firstLine = null;
    text = null;
    return record;
  }
}
