package dev.sluice.cli;

import dev.sluice.query.QueryConfig;
import dev.sluice.query.QueryEngine;
import dev.sluice.query.QueryException;
import dev.sluice.query.QueryResult;
import dev.sluice.query.output.ResultFormat;
import dev.sluice.query.output.ResultPrinter;
import dev.sluice.ship.UserException;
import java.io.PrintWriter;
import java.util.function.Function;

/**
 * Runs queries for the {@code sluice query} commands: rows on {@code out}, the row count and
 * elapsed time on {@code err}, and failures as {@link UserException}s (exit 2 for a bad query, 1
 * when storage fails) whose one line says what to fix.
 */
final class QueryRunner {
  private final PrintWriter out;
  private final PrintWriter err;

  QueryRunner(PrintWriter out, PrintWriter err) {
    this.out = out;
    this.err = err;
  }

  /** Connects, runs {@code work} with the engine, and closes the engine. */
  <T> T withEngine(QueryConfig config, Function<QueryEngine, T> work) {
    try (QueryEngine engine = QueryEngine.connect(config)) {
      return work.apply(engine);
    } catch (QueryException e) {
      throw userError(e);
    }
  }

  /** Runs one query and prints it; returns the number of rows. */
  long print(QueryEngine engine, String sql, ResultFormat format) {
    try (QueryResult result = engine.execute(sql)) {
      ResultPrinter.print(result, format, out);
      result.close();
      err.println(ResultPrinter.summary(result));
      err.flush();
      return result.rowCount();
    } catch (QueryException e) {
      throw userError(e);
    }
  }

  PrintWriter out() {
    return out;
  }

  PrintWriter err() {
    return err;
  }

  static UserException userError(QueryException e) {
    int exitCode = e.kind() == QueryException.Kind.INVALID_QUERY ? 2 : 1;
    return new UserException(e.getMessage(), exitCode, e);
  }
}
