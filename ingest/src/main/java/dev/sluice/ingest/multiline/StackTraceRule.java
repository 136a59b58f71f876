package dev.sluice.ingest.multiline;

/**
 * Tells whether a line continues a Java or Python stack trace, so that the trace joins the log line
 * before it. Continuations are: indented or blank lines ({@code \tat …}, {@code File …}, {@code
 * \t... 3 more}), {@code Caused by:}, {@code Suppressed:}, {@code ... N more}, a Java exception
 * header ({@code java.lang.IllegalStateException: boom}, a dotted class name ending in Exception,
 * Error or Throwable), {@code Traceback (most recent call last):}, Python's chained exception
 * notes, and — inside a Python traceback — the first unindented line (the exception: {@code
 * ValueError: bad}).
 *
 * <p>Stateful (it remembers an open Python traceback): one instance per aggregator, not
 * thread-safe. Reads at most the first {@value #MAX_HEADER} characters of a line.
 */
final class StackTraceRule {
  static final int MAX_HEADER = 256;

  private boolean inPythonTraceback;

  /** A new record starts: forget any open traceback. */
  void reset() {
    inPythonTraceback = false;
  }

  boolean continues(String line) {
    if (line.isEmpty()) {
      return true;
    }
    char c = line.charAt(0);
    if (c == ' ' || c == '\t') {
      return true;
    }
    if (line.startsWith("Traceback (most recent call last):")) {
      inPythonTraceback = true;
      return true;
    }
    if (line.startsWith("During handling of the above exception")
        || line.startsWith("The above exception was the direct cause")) {
      return true;
    }
    if (inPythonTraceback) {
      inPythonTraceback = false;
      return true;
    }
    if (line.startsWith("Caused by: ") || line.startsWith("Suppressed: ")) {
      return true;
    }
    if (line.startsWith("... ") && line.endsWith(" more")) {
      return true;
    }
    return isJavaExceptionHeader(line);
  }

  /** {@code a.b.SomeException} or {@code a.b.SomeError: message}. */
  static boolean isJavaExceptionHeader(String line) {
    int n = Math.min(line.length(), MAX_HEADER);
    int i = 0;
    int lastDot = -1;
    while (i < n) {
      char c = line.charAt(i);
      if (c == '.') {
        if (i == 0 || i == lastDot + 1) {
          return false;
        }
        lastDot = i;
      } else if (!Character.isJavaIdentifierPart(c)) {
        break;
      }
      i++;
    }
    if (lastDot < 0 || lastDot == i - 1 || !Character.isJavaIdentifierStart(line.charAt(0))) {
      return false;
    }
    if (i < line.length() && line.charAt(i) != ':') {
      return false;
    }
    String simpleName = line.substring(lastDot + 1, i);
    return simpleName.endsWith("Exception")
        || simpleName.endsWith("Error")
        || simpleName.endsWith("Throwable")
        || simpleName.contains("Exception$");
  }
}
