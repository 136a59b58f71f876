package dev.sluice.cli.alert;

import java.net.URI;
import java.net.http.HttpRequest;

/**
 * A receiver of notifications: Alertmanager, a JSON webhook, or a Slack-compatible incoming
 * webhook. Builds the HTTP request for one {@link Transition}; {@link HttpDelivery} sends it.
 *
 * <p>Guarantees: {@link #describe()} never contains a secret (no path, query or user info of the
 * URL, which for Slack holds the token), so it is safe in logs and errors.
 */
public interface AlertTarget {
  /** A short name for logs and metrics: {@code alertmanager}, {@code webhook}, {@code slack}. */
  String name();

  /** Where it sends, without secrets: {@code name (scheme://host:port)}. */
  String describe();

  /** The request that notifies {@code transition}. */
  HttpRequest request(Transition transition);

  /** {@code scheme://host[:port]} of {@code uri}: nothing that could hold a secret. */
  static String origin(URI uri) {
    return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
  }
}
