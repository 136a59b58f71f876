package dev.sluice.cli.demo;

import dev.sluice.model.Anomaly;
import dev.sluice.model.AnomalyStatus;
import dev.sluice.model.Severity;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Locale;

/**
 * Shows the demo's {@link DemoStatus} on the terminal: live, a three-line block redrawn in place
 * (ANSI cursor movement), or plain, one line every {@link #PLAIN_EVERY} for logs and pipes.
 * Anomalies are printed as lines of their own above the block, as they are found.
 *
 * <p>Guarantees: plain mode writes no escape sequences; with colour off no colour codes are written
 * (live mode still moves the cursor); rates are computed between consecutive updates.
 */
public final class StatusView {
  /** How often plain mode prints a status line. */
  public static final Duration PLAIN_EVERY = Duration.ofSeconds(5);

  /** Rates are averaged over this much time (Flink's metrics move in steps). */
  static final Duration RATE_OVER = Duration.ofSeconds(5);

  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final int BAR = 30;

  private final PrintWriter out;
  private final boolean live;
  private final boolean color;
  private final int width;
  private final ArrayDeque<long[]> samples = new ArrayDeque<>(); // {nanos, shipped, archived}
  private int drawn;
  private long lastPrinted = -1;
  private double inRate;
  private double outRate;
  private DemoStatus latest;

  /**
   * @param live redraw in place (a terminal) rather than print plain lines
   * @param color colour the bar and anomalies (live only)
   * @param width the terminal's columns: live lines are cut to fit, so redrawing stays in place
   */
  public StatusView(PrintWriter out, boolean live, boolean color, int width) {
    this.out = out;
    this.live = live;
    this.color = color && live;
    this.width = width;
  }

  /** Shows a new status (plain mode prints only every {@link #PLAIN_EVERY}). */
  public void update(DemoStatus s) {
    long now = System.nanoTime();
    samples.addLast(new long[] {now, s.shipped(), s.archived()});
    while (samples.size() > 2 && now - samples.peekFirst()[0] > RATE_OVER.toNanos()) {
      samples.removeFirst();
    }
    long[] first = samples.peekFirst();
    double seconds = (now - first[0]) / 1e9;
    inRate = seconds < 0.5 ? 0 : rate(s.shipped(), first[1], seconds);
    outRate = seconds < 0.5 ? 0 : rate(s.archived(), first[2], seconds);
    latest = s;
    if (live) {
      clear();
      draw();
    } else if (lastPrinted < 0 || now - lastPrinted >= PLAIN_EVERY.toNanos()) {
      out.println(plainLine(s));
      lastPrinted = now;
    }
    out.flush();
  }

  /** Prints a found (or resolved) anomaly above the status. */
  public void anomaly(Anomaly a) {
    String when = CLOCK.format(a.getWindowStart());
    String where = a.getService() + (a.getHost() != null ? "/" + a.getHost() : "");
    String line;
    if (a.getStatus() == AnomalyStatus.RESOLVED) {
      line = paint("2", String.format(Locale.ROOT, "  resolved  %-15s %s", a.getKind(), where));
    } else if (a.getStatus() == AnomalyStatus.OPEN) {
      String code = a.getSeverity() == Severity.CRITICAL ? "1;31" : "1;33";
      line =
          paint(code, String.format(Locale.ROOT, "  ANOMALY   %-15s %-10s", a.getKind(), where))
              + " window "
              + when
              + "  "
              + a.getDescription();
    } else {
      return; // UPDATED: the open line already said it
    }
    message(line);
  }

  /** Prints a line above the status. */
  public void message(String line) {
    if (live) {
      clear();
      out.println(line);
      draw();
    } else {
      out.println(line);
    }
    out.flush();
  }

  /** Leaves the last status on screen and moves below it. */
  public void finish() {
    if (live && drawn > 0) {
      out.println();
      drawn = 0;
    } else if (!live && latest != null) {
      out.println(plainLine(latest));
    }
    out.flush();
  }

  private void clear() {
    if (drawn > 0) {
      out.print("\r");
      if (drawn > 1) {
        out.print("\033[" + (drawn - 1) + "A");
      }
      out.print("\033[J");
      drawn = 0;
    }
  }

  private void draw() {
    if (latest == null) {
      return;
    }
    String bar = bar(latest, false);
    out.println(bar.length() < width ? bar(latest, color) : fit(bar));
    out.println(fit(rates(latest)));
    out.print(fit(pipeline(latest)));
    drawn = 3;
  }

  private String fit(String line) {
    return line.length() < width ? line : line.substring(0, Math.max(1, width - 1));
  }

  private String bar(DemoStatus s, boolean painted) {
    int full = (int) Math.round(s.progress() * BAR);
    String bar = "#".repeat(full) + "-".repeat(BAR - full);
    return String.format(
        Locale.ROOT,
        "[%s] %3.0f%%  sim %s  wall %s  %s",
        painted ? "\033[32m" + bar + "\033[0m" : bar,
        s.progress() * 100,
        s.simulated() == null ? "--:--:--" : CLOCK.format(s.simulated()),
        duration(s.elapsed()),
        s.phase());
  }

  private String rates(DemoStatus s) {
    return String.format(
        Locale.ROOT,
        "in %s/s (%s shipped)  out %s/s (%s archived)",
        number(Math.round(inRate)),
        number(s.shipped()),
        number(Math.round(outRate)),
        number(s.archived()));
  }

  private String pipeline(DemoStatus s) {
    return String.format(
        Locale.ROOT,
        "Kafka lag %s  files committed %s  anomalies %d",
        number(s.lag()),
        number(s.filesCommitted()),
        s.anomalies());
  }

  private String plainLine(DemoStatus s) {
    return bar(s, false) + "  " + rates(s) + "  " + pipeline(s);
  }

  private static double rate(long now, long before, double seconds) {
    return now < 0 || before < 0 ? 0 : Math.max(0, (now - before) / seconds);
  }

  static String number(long n) {
    return n < 0 ? "?" : String.format(Locale.ROOT, "%,d", n);
  }

  static String duration(Duration d) {
    long s = d.toSeconds();
    return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }

  private String paint(String code, String text) {
    return color ? "\033[" + code + "m" + text + "\033[0m" : text;
  }
}
