package dev.sluice.ingest.demo;

import java.util.List;

/**
 * What one simulated service looks like: its name and hosts, its request rate, its endpoints and
 * the templates of its application log. Every service also writes an access log in the combined
 * format with the request time (Nginx {@code $request_time}) at the end.
 *
 * @param name the service name
 * @param hosts how many hosts serve it ({@code name-1} … {@code name-N})
 * @param requestsPerSecond the mean request rate over a day at rate scale 1 (the daily cycle swings
 *     it between 0.45 and 1.55 times this)
 * @param format how its application log is written
 * @param endpoints its endpoints
 * @param loggers logger names its application lines use
 * @param info templates of INFO lines (written for about a third of requests)
 * @param debug templates of DEBUG lines (noise)
 * @param warn templates of WARN lines; the first is used for slow requests
 * @param error templates of ERROR lines, written for 5xx responses and, rarely, on their own
 * @param stackTraces stack traces some ERROR lines carry (empty: never)
 * @param dailyAmplitude how far the daily cycle swings the rate (0.55: between 0.45 and 1.55 times
 *     the mean)
 * @param healthCheckSeconds each host answers a health check (kube-probe) this often, 0: never
 * @param novelWords whether the messages of a new-error-message incident reuse the words of this
 *     service's own templates (harder for a template miner) instead of words it never writes
 */
public record ServiceProfile(
    String name,
    int hosts,
    double requestsPerSecond,
    AppLogFormat format,
    List<Endpoint> endpoints,
    List<String> loggers,
    List<Template> info,
    List<Template> debug,
    List<Template> warn,
    List<Template> error,
    List<String> stackTraces,
    double dailyAmplitude,
    int healthCheckSeconds,
    boolean novelWords) {

  /** A service with the demo's daily cycle (0.45 to 1.55 times the mean) and health checks. */
  public ServiceProfile(
      String name,
      int hosts,
      double requestsPerSecond,
      AppLogFormat format,
      List<Endpoint> endpoints,
      List<String> loggers,
      List<Template> info,
      List<Template> debug,
      List<Template> warn,
      List<Template> error,
      List<String> stackTraces) {
    this(
        name,
        hosts,
        requestsPerSecond,
        format,
        endpoints,
        loggers,
        info,
        debug,
        warn,
        error,
        stackTraces,
        0.55,
        5,
        false);
  }

  /** This service under another name, with another rate, daily swing and health checks. */
  public ServiceProfile as(
      String newName,
      int newHosts,
      double newRequestsPerSecond,
      double newDailyAmplitude,
      int newHealthCheckSeconds,
      boolean newNovelWords) {
    return new ServiceProfile(
        newName,
        newHosts,
        newRequestsPerSecond,
        format,
        endpoints,
        loggers,
        info,
        debug,
        warn,
        error,
        stackTraces,
        newDailyAmplitude,
        newHealthCheckSeconds,
        newNovelWords);
  }

  /**
   * @throws IllegalArgumentException when a part is missing
   */
  public ServiceProfile {
    if (healthCheckSeconds < 0) {
      throw new IllegalArgumentException(
          "demo service "
              + name
              + ": health-check interval must be >= 0 s, got "
              + healthCheckSeconds);
    }
    if (!(dailyAmplitude >= 0 && dailyAmplitude < 1)) {
      throw new IllegalArgumentException(
          "demo service " + name + ": daily amplitude must be in [0, 1), got " + dailyAmplitude);
    }
    if (name == null || name.isBlank() || hosts < 1 || requestsPerSecond <= 0) {
      throw new IllegalArgumentException(
          "a demo service needs a name, at least one host and a positive rate");
    }
    if (endpoints.isEmpty()
        || loggers.isEmpty()
        || info.isEmpty()
        || debug.isEmpty()
        || warn.isEmpty()
        || error.isEmpty()) {
      throw new IllegalArgumentException(
          "demo service " + name + " needs endpoints, loggers and templates of every level");
    }
    endpoints = List.copyOf(endpoints);
    loggers = List.copyOf(loggers);
    info = List.copyOf(info);
    debug = List.copyOf(debug);
    warn = List.copyOf(warn);
    error = List.copyOf(error);
    stackTraces = List.copyOf(stackTraces);
  }
}
