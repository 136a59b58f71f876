package dev.sluice.ingest.demo;

/**
 * An HTTP endpoint of a demo service.
 *
 * @param method the HTTP method
 * @param path the request target, a {@link Template} (query string allowed)
 * @param weight its share of the service's requests, relative to the other endpoints
 * @param medianMs the median latency in normal operation; latencies are log-normal around it with a
 *     heavy (Pareto) tail
 */
public record Endpoint(String method, Template path, double weight, double medianMs) {
  public static Endpoint of(String method, String path, double weight, double medianMs) {
    return new Endpoint(method, Template.of(path), weight, medianMs);
  }
}
