package dev.sluice.cli.flink;

import dev.sluice.ship.UserException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
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

  @Option(
      names = "--flink-truststore",
      paramLabel = "FILE",
      description =
          "For an https:// --flink: trust store (JKS or PKCS12) with the JobManager's certificate"
              + " or its CA; its password comes from env "
              + FlinkClusterClient.TRUSTSTORE_PASSWORD_ENV
              + ".")
  Path trustStore;

  /** The environment, for the trust store's password; tests replace it. */
  Map<String, String> env = System.getenv();

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

  /**
   * The trust store for an https address, or null for http.
   *
   * @throws UserException saying what to set when the file or its password is missing
   */
  public FlinkClusterClient.TrustStore trustStore() {
    if (trustStore == null) {
      return null;
    }
    if (!Files.isReadable(trustStore)) {
      throw new UserException("--flink-truststore: cannot read " + trustStore);
    }
    String password = env.get(FlinkClusterClient.TRUSTSTORE_PASSWORD_ENV);
    if (password == null) {
      throw new UserException(
          "--flink-truststore needs its password in env "
              + FlinkClusterClient.TRUSTSTORE_PASSWORD_ENV);
    }
    return new FlinkClusterClient.TrustStore(trustStore, password, KeyStore.getDefaultType());
  }

  /** Flink's client configuration for the address (REST SSL on for https). */
  public Configuration configuration() {
    try {
      return FlinkClusterClient.restConfiguration(endpoint(), trustStore());
    } catch (IllegalArgumentException e) {
      throw new UserException("--flink: " + e.getMessage());
    }
  }

  /** Connects, turning an unreachable cluster into a one-line error. */
  public FlinkClusterClient connect() {
    URI endpoint = endpoint();
    FlinkClusterClient.TrustStore store = trustStore();
    configuration(); // checks https against the trust store before connecting
    try {
      return new FlinkClusterClient(endpoint, store);
    } catch (Exception e) {
      throw new UserException("cannot reach Flink at " + endpoint + ": " + e.getMessage(), 1, e);
    }
  }
}
