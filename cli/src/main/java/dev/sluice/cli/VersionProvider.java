package dev.sluice.cli;

import picocli.CommandLine.IVersionProvider;

/** Reports the version from the jar manifest (or "dev" when run from classes). */
public final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = Main.class.getPackage().getImplementationVersion();
    return new String[] {"sluice " + (version == null ? "dev" : version)};
  }
}
