package dev.sluice.processing.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's 1-minute load average, which every benchmark prints beside its figures. */
final class LoadAverage {
  private static final Path LOADAVG = Path.of("/proc/loadavg");

  private LoadAverage() {}

  /** The first field of {@code /proc/loadavg}, or the JVM's view of it; NaN where neither is. */
  static double oneMinute() {
    try {
      String text = Files.readString(LOADAVG).trim();
      return Double.parseDouble(text.substring(0, text.indexOf(' ')));
    } catch (IOException | RuntimeException e) {
      double jvm =
          java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
      return jvm < 0 ? Double.NaN : jvm;
    }
  }
}
