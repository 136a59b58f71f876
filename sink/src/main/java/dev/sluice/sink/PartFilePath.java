package dev.sluice.sink;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The object key of one Avro part file, built and parsed back in one place.
 *
 * <p>Format:
 *
 * <pre>
 * &lt;table&gt;/&lt;partition&gt;/part-&lt;job&gt;-g&lt;generation&gt;-&lt;subtask&gt;-&lt;sequence&gt;.avro
 * logs/dt=2026-11-26/hour=08/service=checkout/part-3f2a…9c-g0-0002-00000017.avro
 * </pre>
 *
 * <ul>
 *   <li>{@code table}: lower-case letters, digits and {@code _}, starting with a letter.
 *   <li>{@code partition}: one or more {@code name=value} segments from a {@link Partitioner}, or
 *       empty (then the part file sits right under the table).
 *   <li>{@code job}: the Flink job id, 32 lower-case hex digits.
 *   <li>{@code generation}: 0 for a job's first writers; the id of the checkpoint a rescaled job
 *       was restored from, so writers of a new parallelism never reuse an earlier writer's key.
 *   <li>{@code subtask}: the writer's subtask index, at least 4 digits.
 *   <li>{@code sequence}: the writer's file counter, at least 8 digits, kept in checkpoints.
 * </ul>
 *
 * <p>Guarantees: {@link #parse(String)} returns exactly the value that {@link #toKey()} was built
 * from; two writers of one table never produce the same key (job, generation and subtask identify
 * the writer, the sequence never repeats within it). Readers skip keys whose segments start with
 * {@code _} or {@code .}; no part key does.
 */
public record PartFilePath(
    String table, String partition, String jobId, long generation, int subtask, long sequence) {

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
        if (segment.isEmpty() || segment.startsWith("_") || segment.startsWith(".")) {
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
}
