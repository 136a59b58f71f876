package dev.sluice.query;

import dev.sluice.query.storage.StorageException;
import dev.sluice.query.table.Column;
import dev.sluice.query.table.SluiceSchema;
import dev.sluice.query.table.TableDefinition;
import io.minio.BucketExistsArgs;
import io.minio.MinioClient;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.calcite.adapter.enumerable.EnumerableRules;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.runtime.Hook;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.sql.parser.SqlParseException;

/**
 * Runs SQL (Apache Calcite) over the stored tables of one bucket: {@code logs}, {@code stats},
 * {@code anomalies}, {@code rejects}.
 *
 * <p>Guarantees: a query reads only the objects of partitions its conditions on {@code dt}, {@code
 * hour}, {@code service} and the partition-time column may match, streams them one at a time, and
 * stops reading when the consumer stops (LIMIT, or closing the result). Memory for scanning is one
 * open object's buffer and current Avro block, however large the table; {@code ORDER BY … LIMIT n}
 * keeps n rows; operators that must hold rows (ORDER BY without LIMIT, GROUP BY, joins) hold their
 * result or group state, not the table. Identifiers are case-insensitive; quote reserved words with
 * double quotes ({@code "count"}). Timestamps are UTC. Failures are {@link QueryException}s whose
 * messages say what to fix.
 */
public final class QueryEngine implements AutoCloseable {
  private static final Pattern NOT_FOUND_OBJECT = Pattern.compile("Object '([^']+)' not found");
  private static final Pattern ENCOUNTERED = Pattern.compile("Encountered \"(\\w+)");
  private static final Pattern NOT_FOUND_COLUMN = Pattern.compile("Column '([^']+)' not found");

  static {
    // ORDER BY … LIMIT n keeps only n rows (a bounded top-N) instead of sorting every row.
    Hook.PLANNER.add(
        (Consumer<RelOptPlanner>)
            planner -> planner.addRule(EnumerableRules.ENUMERABLE_LIMIT_SORT_RULE));
  }

  private final QueryConfig config;
  private final MinioClient client;
  private final Connection connection;
  private final ScanStatistics statistics = new ScanStatistics();
  private final PlanCache plans;

  private QueryEngine(QueryConfig config, MinioClient client) throws SQLException {
    this.config = config;
    this.client = client;
    Properties info = new Properties();
    info.setProperty("quoting", "DOUBLE_QUOTE");
    info.setProperty("unquotedCasing", "UNCHANGED");
    info.setProperty("quotedCasing", "UNCHANGED");
    info.setProperty("caseSensitive", "false");
    info.setProperty("timeZone", "UTC");
    info.setProperty("fun", "standard,postgresql");
    this.connection = DriverManager.getConnection("jdbc:calcite:", info);
    CalciteConnection calcite = connection.unwrap(CalciteConnection.class);
    SchemaPlus root = calcite.getRootSchema();
    root.add("sluice", new SluiceSchema(client, config.bucket(), statistics));
    connection.setSchema("sluice");
    this.plans = new PlanCache(connection);
  }

  /**
   * Connects to the bucket and checks that it is there and the credentials work.
   *
   * @throws QueryException of kind STORAGE saying whether the endpoint, the credentials or the
   *     bucket is wrong
   */
  public static QueryEngine connect(QueryConfig config) {
    MinioClient client = client(config);
    try {
      boolean exists =
          client.bucketExists(BucketExistsArgs.builder().bucket(config.bucket()).build());
      if (!exists) {
        throw new QueryException(
            QueryException.Kind.STORAGE,
            "bucket '"
                + config.bucket()
                + "' does not exist at "
                + config.endpoint()
                + ": check --bucket",
            null);
      }
    } catch (QueryException e) {
      closeQuietly(client);
      throw e;
    } catch (Exception e) {
      closeQuietly(client);
      StorageException s =
          StorageException.from(e, "open bucket '" + config.bucket() + "' at " + config.endpoint());
      throw new QueryException(QueryException.Kind.STORAGE, s.getMessage(), e);
    }
    try {
      return new QueryEngine(config, client);
    } catch (SQLException e) {
      closeQuietly(client);
      throw new IllegalStateException("cannot start the SQL engine", e);
    }
  }

  /** A MinIO client for the configuration, failing fast on unreachable endpoints. */
  public static MinioClient client(QueryConfig config) {
    MinioClient client =
        MinioClient.builder()
            .endpoint(config.endpoint())
            .credentials(config.accessKey(), config.secretKey())
            .region(config.region())
            .build();
    client.setTimeout(
        TimeUnit.SECONDS.toMillis(5), TimeUnit.SECONDS.toMillis(60), TimeUnit.SECONDS.toMillis(60));
    return client;
  }

  /**
   * Starts a query; iterate and close the result. The plan of a text run before is reused (see
   * {@link PlanCache}): only parsing, planning and code generation are skipped, storage is read
   * afresh.
   */
  public QueryResult execute(String sql) {
    if (sql == null || sql.isBlank()) {
      throw new QueryException(QueryException.Kind.INVALID_QUERY, "the query is empty", null);
    }
    long start = System.nanoTime();
    ScanStatistics.Snapshot before = statistics.snapshot();
    String text = stripTrailingSemicolon(sql);
    PreparedStatement statement = null;
    try {
      statement = plans.take(text);
      ResultSet resultSet = statement.executeQuery();
      PreparedStatement running = statement;
      return new QueryResult(
          resultSet,
          reusable -> plans.give(text, running, reusable),
          () -> statistics.snapshot().minus(before),
          start);
    } catch (SQLException | RuntimeException e) {
      closeQuietly(statement);
      throw explain(e, sql);
    }
  }

  /** Storage counters over the engine's lifetime. */
  public ScanStatistics statistics() {
    return statistics;
  }

  public QueryConfig config() {
    return config;
  }

  /** Closes the SQL connection and the S3 client (its OkHttp threads end with it). */
  @Override
  public void close() {
    plans.close();
    closeQuietly(connection);
    closeQuietly(client);
  }

  /** Turns an engine failure into a {@link QueryException} that says what to fix. */
  static QueryException explain(Exception e, String sql) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof QueryException q) {
        return q;
      }
      if (t instanceof StorageException s) {
        return new QueryException(QueryException.Kind.STORAGE, s.getMessage(), e);
      }
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CalciteContextException c) {
        return new QueryException(
            QueryException.Kind.INVALID_QUERY, c.getMessage() + hint(c.getMessage(), sql), e);
      }
      if (t instanceof SqlParseException p) {
        return new QueryException(
            QueryException.Kind.INVALID_QUERY, firstLines(p.getMessage()) + reservedHint(p), e);
      }
    }
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    return new QueryException(QueryException.Kind.INVALID_QUERY, firstLines(message), e);
  }

  private static String hint(String message, String sql) {
    Matcher object = NOT_FOUND_OBJECT.matcher(message);
    if (object.find()) {
      return "; the tables are "
          + TableDefinition.all().stream()
              .map(TableDefinition::name)
              .collect(Collectors.joining(", "));
    }
    Matcher column = NOT_FOUND_COLUMN.matcher(message);
    if (column.find()) {
      List<String> lists = new ArrayList<>();
      for (TableDefinition table : mentionedTables(sql)) {
        lists.add(
            table.name()
                + " has "
                + table.columns().stream().map(Column::name).collect(Collectors.joining(", ")));
      }
      return lists.isEmpty() ? "" : "; " + String.join("; ", lists);
    }
    return "";
  }

  /** Columns such as {@code hour} and {@code count} are SQL keywords and must be quoted. */
  private static String reservedHint(SqlParseException e) {
    Matcher token = ENCOUNTERED.matcher(e.getMessage());
    if (token.find()) {
      String word = token.group(1);
      boolean isColumn = TableDefinition.all().stream().anyMatch(t -> t.column(word).isPresent());
      if (isColumn) {
        return "; '" + word + "' is a reserved word: write \"" + word + "\"";
      }
    }
    return "";
  }

  private static List<TableDefinition> mentionedTables(String sql) {
    List<TableDefinition> tables = new ArrayList<>();
    if (sql == null) {
      return tables;
    }
    String lower = sql.toLowerCase(Locale.ROOT);
    for (TableDefinition table : TableDefinition.all()) {
      if (Pattern.compile("\\b" + table.name() + "\\b").matcher(lower).find()) {
        tables.add(table);
      }
    }
    return tables;
  }

  /** A parse error's first lines: where and what, without the whole list of expected tokens. */
  private static String firstLines(String message) {
    String[] lines = message.split("\n");
    StringBuilder out = new StringBuilder(lines[0].trim());
    if (lines.length > 1 && lines[1].startsWith("Was expecting")) {
      List<String> expected = new ArrayList<>();
      for (int i = 2; i < lines.length && expected.size() < 8; i++) {
        String line = lines[i].trim();
        if (!line.isEmpty() && !line.equals("...")) {
          expected.add(line.replaceAll(" \\.\\.\\.$", ""));
        }
      }
      out.append(" Expected one of: ").append(String.join(" ", expected));
      if (lines.length - 2 > expected.size()) {
        out.append(" …");
      }
    }
    return out.toString();
  }

  private static String stripTrailingSemicolon(String sql) {
    String s = sql.strip();
    while (s.endsWith(";")) {
      s = s.substring(0, s.length() - 1).strip();
    }
    return s;
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c != null) {
      try {
        c.close();
      } catch (Exception ignored) {
        // nothing useful to do
      }
    }
  }
}
