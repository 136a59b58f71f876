package dev.sluice.cli.flink;

import dev.sluice.ship.UserException;
import java.net.URI;
import picocli.CommandLine.Option;

/** The {@code --flink} option shared by the commands that talk to a Flink cluster. */
public final class FlinkOptions {
  @Option(
      names = "--flink",
      defaultValue = "${env:SLUICE_FLINK:-http://127.0.0.1:8081}",
      description =
          "Flink REST address, e.g. http://jobmanager:8081 (env SLUICE_FLINK;"
              + " default: ${DEFAULT-VALUE}).")
  String address;

  /** The validated REST address. */
  public URI endpoint() {
    URI uri;
    try {
      uri = URI.create(address);
    } catch (IllegalArgumentException e) {
      throw new UserException("--flink '" + address + "' is not a URL: " + e.getMessage());
    }
    if (uri.getHost() == null
        || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
      throw new UserException(
          "--flink '"
              + address
              + "' must look like http://host:8081 (the JobManager's REST address)");
    }
    return uri;
  }

  /** Connects, turning an unreachable cluster into a one-line error. */
  public FlinkClusterClient connect() {
    URI endpoint = endpoint();
    try {
      return new FlinkClusterClient(endpoint);
    } catch (Exception e) {
      throw new UserException("cannot reach Flink at " + endpoint + ": " + e.getMessage(), 1, e);
    }
  }
}
