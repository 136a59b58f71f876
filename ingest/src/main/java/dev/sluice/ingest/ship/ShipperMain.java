package dev.sluice.ingest.ship;

import java.nio.file.Path;

/**
 * Runs a shipper from a YAML configuration file in this process: {@code java
 * dev.sluice.ingest.ship.ShipperMain <config.yaml>}. Stops cleanly on SIGTERM / Ctrl-C (delivers
 * what it can, saves positions); a SIGKILL loses nothing either, since positions are only ever
 * saved after delivery. Exit codes: 0 stopped, 1 failed, 2 bad configuration. The {@code sluice
 * ship} command is the friendly front end; this entry point is for process-level tests and service
 * managers that want no CLI.
 */
public final class ShipperMain {
  private ShipperMain() {}

  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: ShipperMain <config.yaml>");
      System.exit(2);
    }
    ShipperConfig config;
    try {
      config = ShipperConfigYaml.load(Path.of(args[0])).build();
    } catch (IllegalArgumentException e) {
      System.err.println("sluice ship: " + e.getMessage());
      System.exit(2);
      return;
    }
    System.exit(run(config));
  }

  /** Runs until stopped by a signal; returns the exit code. */
  static int run(ShipperConfig config) {
    Shipper shipper;
    try {
      shipper = new Shipper(config, System.err);
    } catch (IllegalStateException | IllegalArgumentException e) {
      System.err.println("sluice ship: " + e.getMessage());
      return 2;
    }
    try {
      StopOnShutdown.run(
          "sluice-ship-shutdown",
          () -> {
            try {
              shipper.run();
            } finally {
              shipper.close();
            }
          },
          shipper::stop);
      return 0;
    } catch (IllegalStateException e) {
      System.err.println("sluice ship: " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }
}
