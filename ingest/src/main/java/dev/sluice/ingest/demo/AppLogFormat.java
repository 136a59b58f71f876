package dev.sluice.ingest.demo;

/**
 * How a demo service writes its application log, and the parser that reads it back. The stack trace
 * a service attaches to some errors follows the format's habit: Java traces after the line, a
 * Python traceback after the line, a {@code stack_trace} field in JSON, none in logfmt or syslog.
 */
public enum AppLogFormat {
  /**
   * logback classic with an ISO-8601 UTC stamp: {@code 2024-01-15T10:23:45.123Z [thread] INFO
   * logger - msg}.
   */
  LOGBACK("java"),
  /**
   * Python logging with an explicit offset: {@code 2024-01-15 10:23:45,123+0000 - logger - ERROR -
   * msg}.
   */
  PYTHON("java"),
  /** One JSON object per line, logstash-logback-encoder style. */
  JSON("json"),
  /** Go slog style logfmt. */
  LOGFMT("logfmt"),
  /** RFC 5424 syslog. */
  SYSLOG("syslog");

  private final String parser;

  AppLogFormat(String parser) {
    this.parser = parser;
  }

  /** The name of the parser that reads this format ({@code Parsers.byName}). */
  public String parser() {
    return parser;
  }
}
