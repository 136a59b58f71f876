package dev.sluice.model.layout;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The storage layout: the object key of one stored Avro part file, built ({@link #toKey()}) and
 * parsed back ({@link #parse}) in this one place, by the sink that writes it and by the query side
 * that reads it.
 *
 * <p>Format:
 *
 * <pre>
 * &lt;table&gt;/&lt;partition&gt;/part-&lt;job&gt;-g&lt;generation&gt;-&lt;subtask&gt;-&lt;sequence&gt;.avro
 * logs/dt=2026-11-26/hour=08/service=checkout/part-3f2a…9c-g0-0002-00000017.avro
 * rejects/dt=2026-11-26/hour=08/part-3f2a…9c-g0-0000-00000003.avro
 * </pre>
 *
 * <ul>
 *   <li>{@code table}: lower-case letters, digits and {@code _}, starting with a letter ({@code
 *       logs}, {@code stats}, {@code anomalies}, {@code rejects}).
 *   <li>{@code partition}: {@code name=value} segments separated by {@code /}, or empty (then the
 *       part file sits right under the table). The standard partitions are a {@link Partition}:
 *       {@code dt=YYYY-MM-DD/hour=HH/service=<name>}, or {@code dt=YYYY-MM-DD/hour=HH} for tables
 *       partitioned by time alone, in UTC, values escaped as Hive does ({@link #escape}).
 *   <li>{@code job}: the Flink job id, 32 lower-case hex digits.
 *   <li>{@code generation}: 0 for a job's first writers; the id of the checkpoint a rescaled job
 *       was restored from, so writers of a new parallelism never reuse an earlier writer's key.
 *   <li>{@code subtask}: the writer's subtask index, at least 4 digits.
 *   <li>{@code sequence}: the writer's file counter, at least 8 digits, kept in checkpoints.
 * </ul>
 *
 * <p>Guarantees: {@link #parse(String)} returns exactly the value that {@link #toKey()} was built
 * from, and {@link Partition#parse} the partition that {@link Partition#toPath()} was built from;
 * two writers of one table never produce the same key (job, generation and subtask identify the
 * writer, the sequence never repeats within it). No segment of a key starts with {@code _} or
 * {@code .}: readers skip those (temporary objects). What is stored is byte-compatible with Hive's
 * {@code FileUtils.escapePathName}, so Spark, Trino, Drill and DuckDB read the same values back.
 */
public record PartFilePath(
    String table, String partition, String jobId, long generation, int subtask, long sequence) {

  /** What Hive (and so the sink) writes for a null or empty partition value. */
  public static final String DEFAULT_PARTITION = "__HIVE_DEFAULT_PARTITION__";

  /** The file name extension of part files. */
  public static final String EXTENSION = ".avro";

  private static final Pattern TABLE = Pattern.compile("[a-z][a-z0-9_]{0,62}");
  private static final Pattern JOB = Pattern.compile("[0-9a-f]{32}");
  private static final Pattern NAME =
      Pattern.compile("part-([0-9a-f]{32})-g(\\d+)-(\\d{4,})-(\\d{8,})\\.avro");

  /** Checks every component; see the class comment for the rules. */
  public PartFilePath {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(partition, "partition");
    Objects.requireNonNull(jobId, "jobId");
    if (!TABLE.matcher(table).matches()) {
      throw new IllegalArgumentException(
          "table '"
              + table
              + "' is not a valid table name: use lower-case letters, digits and '_',"
              + " starting with a letter");
    }
    if (!partition.isEmpty()) {
      for (String segment : partition.split("/", -1)) {
        if (segment.isEmpty() || isHidden(segment)) {
          throw new IllegalArgumentException(
              "partition '"
                  + partition
                  + "' has an empty segment or one starting with '_' or '.' (readers skip those)");
        }
      }
    }
    if (!JOB.matcher(jobId).matches()) {
      throw new IllegalArgumentException("job id must be 32 lower-case hex digits: " + jobId);
    }
    if (generation < 0 || subtask < 0 || sequence < 0) {
      throw new IllegalArgumentException("generation, subtask and sequence must not be negative");
    }
  }

  /** The file name alone: {@code part-<job>-g<generation>-<subtask>-<sequence>.avro}. */
  public String fileName() {
    return String.format(
        "part-%s-g%d-%04d-%08d%s", jobId, generation, subtask, sequence, EXTENSION);
  }

  /** The full object key inside the bucket. */
  public String toKey() {
    return partition.isEmpty()
        ? table + "/" + fileName()
        : table + "/" + partition + "/" + fileName();
  }

  /** The same writer's next file in another partition. */
  public PartFilePath withPartitionAndSequence(String newPartition, long newSequence) {
    return new PartFilePath(table, newPartition, jobId, generation, subtask, newSequence);
  }

  /**
   * Parses a key built by {@link #toKey()}.
   *
   * @throws IllegalArgumentException saying which part of the key is wrong
   */
  public static PartFilePath parse(String key) {
    int firstSlash = key.indexOf('/');
    int lastSlash = key.lastIndexOf('/');
    if (firstSlash <= 0) {
      throw new IllegalArgumentException(
          "'" + key + "' is not a part file key: expected <table>/[<partition>/]part-….avro");
    }
    String table = key.substring(0, firstSlash);
    String partition = firstSlash == lastSlash ? "" : key.substring(firstSlash + 1, lastSlash);
    Matcher m = NAME.matcher(key.substring(lastSlash + 1));
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'"
              + key
              + "' does not end in a part file name part-<job>-g<generation>-<subtask>-<sequence>.avro");
    }
    return new PartFilePath(
        table,
        partition,
        m.group(1),
        Long.parseLong(m.group(2)),
        Integer.parseInt(m.group(3)),
        Long.parseLong(m.group(4)));
  }

  /** Like {@link #parse} but empty for keys that are not part files (e.g. other tools' objects). */
  public static Optional<PartFilePath> tryParse(String key) {
    try {
      return Optional.of(parse(key));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Whether {@code table} is a valid table name. */
  public static boolean isValidTable(String table) {
    return table != null && TABLE.matcher(table).matches();
  }

  /** Whether a key segment is hidden from readers: temporary objects start with _ or . */
  public static boolean isHidden(String segment) {
    return segment.startsWith("_") || segment.startsWith(".");
  }

  /**
   * Escapes one partition value as Hive's {@code FileUtils.escapePathName} does: control
   * characters, DEL, and each of {@code " # % ' * / : = ? \ { [ ] ^} become {@code %XX}; everything
   * else, spaces and non-ASCII letters included, stays as it is. A null or empty value gives
   * {@value #DEFAULT_PARTITION}.
   */
  public static String escape(String value) {
    return HiveEscaping.escape(value);
  }

  /**
   * Reverses {@link #escape} as Hive's {@code unescapePathName} does: each {@code %XX} becomes the
   * character XX, anything else (a lone {@code %} too) stays; {@value #DEFAULT_PARTITION} gives
   * null (so a value that is literally {@value #DEFAULT_PARTITION} reads back as null, as in Hive).
   */
  public static String unescape(String escaped) {
    return HiveEscaping.unescape(escaped);
  }

  /**
   * The standard partition of a stored record: the UTC day and hour of its partition time, and, for
   * tables partitioned by service ({@code logs}, {@code stats}, {@code anomalies}), its service.
   * {@code service} is null for Hive's default partition (a null or empty value) and for tables
   * partitioned by time alone ({@code rejects}); {@link #byService()} tells them apart.
   *
   * @param dt the UTC day, {@code YYYY-MM-DD} (ISO {@code +YYYYY-MM-DD} outside years 0 to 9999)
   * @param hour the UTC hour, 0 to 23
   * @param byService whether the partition has a {@code service=} level
   * @param service the unescaped service, or null
   */
  public record Partition(String dt, int hour, boolean byService, String service) {
    /** Checks the day and the hour; an empty service is Hive's default partition (null). */
    public Partition {
      Objects.requireNonNull(dt, "dt");
      if (hour < 0 || hour > 23) {
        throw new IllegalArgumentException("hour must be 0..23, got " + hour);
      }
      if (!PartitionDays.isDay(dt)) {
        throw new IllegalArgumentException("dt must be a date YYYY-MM-DD, got " + dt);
      }
      if (!byService && service != null) {
        throw new IllegalArgumentException("a partition without a service level has no service");
      }
      if (service != null && service.isEmpty()) {
        service = null;
      }
    }

    /** {@code dt=…/hour=…/service=…} of the UTC hour holding {@code time}. */
    public static Partition byTimeAndService(Instant time, String service) {
      long epochSecond = time.getEpochSecond();
      return new Partition(
          PartitionDays.formatDay(LocalDate.ofEpochDay(Math.floorDiv(epochSecond, 86_400L))),
          (int) (Math.floorMod(epochSecond, 86_400L) / 3_600L),
          true,
          service);
    }

    /** {@code dt=…/hour=…} of the UTC hour holding {@code time}, for time-only tables. */
    public static Partition byTime(Instant time) {
      Partition p = byTimeAndService(time, null);
      return new Partition(p.dt, p.hour, false, null);
    }

    /** {@code dt=YYYY-MM-DD/hour=HH[/service=<escaped>]}: a {@link PartFilePath#partition()}. */
    public String toPath() {
      StringBuilder out = new StringBuilder(48).append("dt=").append(dt).append("/hour=");
      if (hour < 10) {
        out.append('0');
      }
      out.append(hour);
      if (byService) {
        out.append("/service=").append(escape(service));
      }
      return out.toString();
    }

    /**
     * Parses what {@link #toPath()} built (a trailing {@code /} is allowed).
     *
     * @throws IllegalArgumentException saying what does not follow the layout
     */
    public static Partition parse(String path) {
      return tryParse(path)
          .orElseThrow(
              () ->
                  new IllegalArgumentException(
                      "'"
                          + path
                          + "' is not a partition: expected dt=YYYY-MM-DD/hour=HH[/service=<name>]"));
    }

    /** Like {@link #parse} but empty for a path that does not follow the layout. */
    public static Optional<Partition> tryParse(String path) {
      String[] segments =
          (path.endsWith("/") ? path.substring(0, path.length() - 1) : path).split("/", -1);
      if (segments.length < 2 || segments.length > 3) {
        return Optional.empty();
      }
      Optional<String> dt = day(segments[0]);
      OptionalInt hour = hour(segments[1]);
      if (dt.isEmpty() || hour.isEmpty()) {
        return Optional.empty();
      }
      Partition time = new Partition(dt.get(), hour.getAsInt(), false, null);
      return segments.length == 2 ? Optional.of(time) : time.withService(segments[2]);
    }

    /**
     * The day of a {@code dt=YYYY-MM-DD} segment (with or without a trailing {@code /}), or empty
     * when the segment is anything else.
     */
    public static Optional<String> day(String segment) {
      return value(segment, "dt").filter(PartitionDays::isDay);
    }

    /** The hour of an {@code hour=HH} segment, or empty when the segment is anything else. */
    public static OptionalInt hour(String segment) {
      String v = value(segment, "hour").orElse("");
      if (v.length() != 2
          || !PartitionDays.isAsciiDigit(v.charAt(0))
          || !PartitionDays.isAsciiDigit(v.charAt(1))) {
        return OptionalInt.empty();
      }
      int h = (v.charAt(0) - '0') * 10 + (v.charAt(1) - '0');
      return h <= 23 ? OptionalInt.of(h) : OptionalInt.empty();
    }

    /**
     * This time-only partition with the service of a {@code service=<escaped>} segment, or empty
     * when the segment is anything else.
     */
    public Optional<Partition> withService(String segment) {
      return value(segment, "service").map(v -> new Partition(dt, hour, true, unescape(v)));
    }

    /** First millisecond of the partition's hour (UTC). */
    public long startMillis() {
      return dayStartMillis(dt) + hour * 3_600_000L;
    }

    /** First millisecond after the partition's hour (UTC). */
    public long endMillis() {
      return startMillis() + 3_600_000L;
    }

    /** First millisecond of the day {@code dt} (UTC). */
    public static long dayStartMillis(String dt) {
      return LocalDate.parse(dt).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    private static Optional<String> value(String segment, String name) {
      String s = segment.endsWith("/") ? segment.substring(0, segment.length() - 1) : segment;
      if (s.length() <= name.length() || !s.startsWith(name) || s.charAt(name.length()) != '=') {
        return Optional.empty();
      }
      return Optional.of(s.substring(name.length() + 1));
    }
  }
}
