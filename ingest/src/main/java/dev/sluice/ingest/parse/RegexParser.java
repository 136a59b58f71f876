package dev.sluice.ingest.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses records with a user's regular expression whose named groups name the fields: {@code
 * (?<time>…)}, {@code (?<level>…)}, {@code (?<message>…)}, {@code (?<logger>…)}, {@code
 * (?<thread>…)}, {@code (?<traceId>…)}, {@code (?<host>…)}, {@code (?<service>…)}, {@code
 * (?<method>…)}, {@code (?<path>…)}, {@code (?<status>…)}, {@code (?<bytes>…)}, {@code
 * (?<durationMs>…)} … (every key of {@link KnownFields} that Java allows as a group name); any
 * other group becomes an attribute of that name. The pattern is searched for ({@link
 * Matcher#find()}), so anchor it with {@code ^} to match from the start. Without a {@code message}
 * group the message is the whole record.
 *
 * <p>The pattern is compiled once. A user's pattern can backtrack catastrophically, so matching
 * runs on a view of the record that stops it after {@value #STEPS_PER_CHAR} character reads per
 * record character (at least {@value #MIN_STEPS}, at most {@value #MAX_STEPS}): such a record is
 * {@link ParseResult.Failed} instead of stalling the shipper. Thread-safe.
 */
public final class RegexParser implements LogParser {
  static final long STEPS_PER_CHAR = 50;
  static final long MIN_STEPS = 1_000_000;
  static final long MAX_STEPS = 20_000_000;

  private final Pattern pattern;
  private final String[] groups;
  private final KnownFields.Field[] fields;
  private final TimestampParser timestamps;

  /**
   * @throws IllegalArgumentException if the pattern has no named group
   */
  public RegexParser(Pattern pattern, TimestampParser timestamps) {
    this.pattern = pattern;
    this.timestamps = timestamps;
    List<String> names = namedGroups(pattern.pattern());
    if (names.isEmpty()) {
      throw new IllegalArgumentException(
          "the regex parser's pattern has no named group; name the parts, e.g. (?<level>\\w+)");
    }
    this.groups = names.toArray(new String[0]);
    this.fields = new KnownFields.Field[groups.length];
    for (int k = 0; k < groups.length; k++) {
      fields[k] = KnownFields.lookup(groups[k]);
    }
  }

  @Override
  public String name() {
    return "regex";
  }

  /** The named groups of the pattern, in order. */
  public List<String> groupNames() {
    return List.of(groups);
  }

  @Override
  public ParseResult parse(String record) {
    if (record == null) {
      return new ParseResult.Failed("null record");
    }
    long budget = Math.min(MAX_STEPS, Math.max(MIN_STEPS, record.length() * STEPS_PER_CHAR));
    Matcher m = pattern.matcher(new BudgetedCharSequence(record, budget));
    try {
      if (!m.find()) {
        return new ParseResult.Failed("does not match /" + pattern.pattern() + "/");
      }
    } catch (BudgetedCharSequence.BudgetExceeded e) {
      return new ParseResult.Failed(
          "gave up matching /" + pattern.pattern() + "/ after " + budget + " steps");
    } catch (StackOverflowError e) {
      return new ParseResult.Failed("the pattern recursed too deep on this record");
    }
    ParsedFields f = new ParsedFields();
    for (int k = 0; k < groups.length; k++) {
      int start = m.start(groups[k]);
      if (start >= 0) {
        KnownFields.assign(
            f, fields[k], groups[k], record.substring(start, m.end(groups[k])), timestamps);
      }
    }
    if (f.level == null && f.http == null) {
      f.level = Levels.detect(f.message != null ? f.message : record);
    }
    return new ParseResult.Parsed(KnownFields.finish(f, record));
  }

  /** Group names declared as {@code (?<name>}, skipping escapes and character classes. */
  static List<String> namedGroups(String regex) {
    List<String> names = new ArrayList<>();
    boolean inClass = false;
    for (int i = 0; i < regex.length(); i++) {
      char c = regex.charAt(i);
      if (c == '\\') {
        if (i + 1 < regex.length() && regex.charAt(i + 1) == 'Q') {
          int end = regex.indexOf("\\E", i + 2);
          i = end < 0 ? regex.length() : end + 1;
        } else {
          i++;
        }
      } else if (inClass) {
        if (c == ']') {
          inClass = false;
        }
      } else if (c == '[') {
        inClass = true;
      } else if (c == '(' && regex.startsWith("?<", i + 1) && i + 3 < regex.length()) {
        char first = regex.charAt(i + 3);
        if (first != '=' && first != '!') {
          int close = regex.indexOf('>', i + 3);
          if (close > i + 3) {
            names.add(regex.substring(i + 3, close));
          }
        }
      }
    }
    return names;
  }
}
