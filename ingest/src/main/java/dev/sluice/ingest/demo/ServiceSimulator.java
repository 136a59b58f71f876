package dev.sluice.ingest.demo;

import dev.sluice.model.Level;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Simulates one service second by second: requests arrive as a Poisson process whose rate follows
 * the daily cycle, a per-minute noise factor and any volume incident; each request gives an
 * access-log line and, now and then, application lines. Its random numbers come from its own
 * stream, split from the seed by service name, so services are independent. Not thread-safe.
 */
final class ServiceSimulator {
  private static final double DAILY_PEAK = 14.0 / 24.0; // busiest at 14:00 of the simulated day
  private static final String[] AGENTS = {
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148",
    "shop-android/5.12.1 okhttp/4.12.0",
    "python-requests/2.31.0",
    "Go-http-client/2.0"
  };
  private static final String[] REFERRERS = {
    "-",
    "-",
    "-",
    "https://shop.example.com/",
    "https://shop.example.com/cart",
    "https://www.google.com/"
  };
  private static final int[] SERVER_ERRORS = {500, 502, 503, 503, 504};

  private final ServiceProfile profile;
  private final SplittableRandom random;
  private final String[] hosts;
  private final String[] clients;
  private final double[] endpointCdf;
  private final List<Incident> incidents;
  private final Map<Incident, Template> novelTemplates;
  private final double rateScale;
  private final long dayMillis;
  private final Effects[] calm; // no incident active: never modified
  private double noise = 1.0;
  private long noiseMinute = Long.MIN_VALUE;

  ServiceSimulator(
      ServiceProfile profile,
      long seed,
      List<Incident> incidents,
      Map<Incident, Template> novelTemplates,
      double rateScale,
      long dayMillis) {
    this.profile = profile;
    this.random = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * profile.name().hashCode()));
    this.incidents = List.copyOf(incidents);
    this.novelTemplates = novelTemplates;
    this.rateScale = rateScale;
    this.dayMillis = dayMillis;
    this.hosts = new String[profile.hosts()];
    for (int i = 0; i < hosts.length; i++) {
      hosts[i] = profile.name() + "-" + (i + 1);
    }
    this.clients = new String[200];
    for (int i = 0; i < clients.length; i++) {
      clients[i] =
          (random.nextInt(4) == 0 ? "192.168." : "10." + random.nextInt(256) + ".")
              + random.nextInt(256)
              + "."
              + (1 + random.nextInt(254));
    }
    this.calm = new Effects[hosts.length];
    for (int h = 0; h < hosts.length; h++) {
      calm[h] = new Effects();
    }
    List<Endpoint> endpoints = profile.endpoints();
    this.endpointCdf = new double[endpoints.size()];
    double total = endpoints.stream().mapToDouble(Endpoint::weight).sum();
    double acc = 0;
    for (int i = 0; i < endpointCdf.length; i++) {
      acc += endpoints.get(i).weight() / total;
      endpointCdf[i] = acc;
    }
  }

  /** What the active incidents do to one host in this second. */
  private static final class Effects {
    boolean silent;
    double volume = 1;
    double latency = 1;
    double errorShare;
    Template novel; // set in the seconds a never-seen message is due on this host
  }

  /** Generates the events of the second starting at {@code tick} into {@code out}. */
  void tick(long tick, LineWriter writer, List<DemoEvent> out) {
    Effects[] fx = effects(tick);
    long minute = Math.floorDiv(tick, 60_000L);
    if (minute != noiseMinute) {
      noiseMinute = minute;
      noise = Math.exp(0.08 * gaussian());
    }
    double phase = (double) Math.floorMod(tick, dayMillis) / dayMillis;
    double daily = 1 + profile.dailyAmplitude() * Math.cos(2 * Math.PI * (phase - DAILY_PEAK));
    double perHost = profile.requestsPerSecond() * rateScale * daily * noise / hosts.length;
    long second = Math.floorDiv(tick, 1000L);
    for (int h = 0; h < hosts.length; h++) {
      Effects hostFx = fx[h];
      if (hostFx.silent) {
        continue;
      }
      int requests = poisson(perHost * hostFx.volume);
      for (int i = 0; i < requests; i++) {
        request(tick + random.nextInt(1000), h, hostFx, writer, out);
      }
      if (profile.healthCheckSeconds() > 0
          && Math.floorMod(second + h, (long) profile.healthCheckSeconds()) == 0) {
        long t = tick + random.nextInt(1000);
        String line =
            writer.access(
                t,
                "10.244.0." + (h + 1),
                "GET",
                "/healthz",
                200,
                2,
                "-",
                "kube-probe/1.29",
                0.4 + random.nextDouble());
        out.add(new DemoEvent(wholeSecond(t), profile.name(), hosts[h], "combined", line));
      }
      if (hostFx.novel != null) {
        long t = tick + random.nextInt(1000);
        app(t, Level.ERROR, hosts[h], hostFx.novel.fill(random), false, writer, out);
      }
    }
  }

  /** The effects per host of the incidents active at {@code tick}. */
  private Effects[] effects(long tick) {
    Effects[] fx = null;
    for (Incident incident : incidents) {
      if (!incident.covers(tick)) {
        continue;
      }
      if (fx == null) {
        fx = new Effects[hosts.length];
        for (int h = 0; h < hosts.length; h++) {
          fx[h] = new Effects();
        }
      }
      Template novel = null;
      if (incident.kind() == IncidentKind.NEW_ERROR_MESSAGE && incident.magnitude() > 0) {
        // evenly spaced from the incident's first second on, so even a short one shows it
        long every = Math.max(1000, Math.round(60_000 / incident.magnitude()));
        if (Math.floorMod(tick - incident.start().toEpochMilli(), every) < 1000) {
          novel = novelTemplates.get(incident);
        }
      }
      // a never-seen message of a service-wide incident appears once, on a host picked from the
      // tick
      int novelHost =
          incident.host() == null ? (int) Math.floorMod(tick / 1000, (long) hosts.length) : -1;
      for (int h = 0; h < hosts.length; h++) {
        if (incident.hits(hosts[h])) {
          apply(incident, fx[h], novel != null && (novelHost < 0 || novelHost == h) ? novel : null);
        }
      }
    }
    return fx != null ? fx : calm;
  }

  private static void apply(Incident incident, Effects fx, Template novel) {
    switch (incident.kind()) {
      case SILENCE:
        fx.silent = true;
        break;
      case TRAFFIC_SPIKE:
      case TRAFFIC_DROP:
        fx.volume *= incident.magnitude();
        break;
      case LATENCY_RISE:
        fx.latency *= incident.magnitude();
        break;
      case ERROR_BURST:
        fx.errorShare = Math.max(fx.errorShare, incident.magnitude());
        break;
      case NEW_ERROR_MESSAGE:
        if (novel != null) {
          fx.novel = novel;
        }
        break;
      default:
        break;
    }
  }

  private void request(long t, int hostIndex, Effects fx, LineWriter writer, List<DemoEvent> out) {
    String host = hosts[hostIndex];
    Endpoint endpoint = profile.endpoints().get(pickEndpoint());
    double latency = endpoint.medianMs() * Math.exp(0.45 * gaussian());
    if (random.nextDouble() < 0.015) {
      latency *= Math.pow(1 - random.nextDouble(), -1 / 1.3); // Pareto tail
    }
    latency = Math.min(latency * fx.latency, 60_000);
    int status = status(endpoint, fx);
    long bytes =
        status == 304 || status == 204
            ? 0
            : status >= 400 ? 80 + random.nextInt(240) : 200 + random.nextInt(24_000);
    String line =
        writer.access(
            t,
            clients[random.nextInt(clients.length)],
            endpoint.method(),
            endpoint.path().fill(random),
            status,
            bytes,
            REFERRERS[random.nextInt(REFERRERS.length)],
            AGENTS[random.nextInt(AGENTS.length)],
            latency);
    if (random.nextDouble() < 0.0002) {
      // noise: a line cut short by a crashed writer, which no parser fully understands
      line = line.substring(0, 1 + random.nextInt(Math.max(1, line.indexOf('"') + 4)));
    }
    // an access log records whole seconds: the event time says what the line says
    out.add(new DemoEvent(wholeSecond(t), profile.name(), host, "combined", line));

    if (status >= 500) {
      if (random.nextDouble() < 0.9) {
        app(t, Level.ERROR, host, pick(profile.error()).fill(random), true, writer, out);
      }
      return;
    }
    if (latency > 8 * endpoint.medianMs()) {
      app(t, Level.WARN, host, profile.warn().get(0).fill(random), false, writer, out);
    } else if (random.nextDouble() < 0.004) {
      app(t, Level.WARN, host, pick(profile.warn()).fill(random), false, writer, out);
    }
    if (random.nextDouble() < 0.33) {
      app(t, Level.INFO, host, pick(profile.info()).fill(random), false, writer, out);
    }
    if (random.nextDouble() < 0.06) {
      app(t, Level.DEBUG, host, pick(profile.debug()).fill(random), false, writer, out);
    }
    if (random.nextDouble() < 0.0005) {
      app(t, Level.ERROR, host, pick(profile.error()).fill(random), true, writer, out);
    }
  }

  private int status(Endpoint endpoint, Effects fx) {
    if (fx.errorShare > 0 && random.nextDouble() < fx.errorShare) {
      return SERVER_ERRORS[random.nextInt(SERVER_ERRORS.length)];
    }
    double u = random.nextDouble();
    if (u < 0.002) {
      return SERVER_ERRORS[random.nextInt(SERVER_ERRORS.length)];
    }
    if (u < 0.012) {
      return 404;
    }
    if (u < 0.020) {
      return 400;
    }
    if (u < 0.026) {
      return 401;
    }
    if (u < 0.027) {
      return 429;
    }
    switch (endpoint.method()) {
      case "GET":
        return u > 0.97 ? 304 : 200;
      case "POST":
        return u > 0.5 ? 201 : 200;
      default:
        return u > 0.8 ? 204 : 200;
    }
  }

  private void app(
      long t,
      Level level,
      String host,
      String message,
      boolean mayTrace,
      LineWriter writer,
      List<DemoEvent> out) {
    String logger = pick(profile.loggers());
    String thread = threadName();
    String traceId =
        Long.toHexString(random.nextLong() | Long.MIN_VALUE)
            + Long.toHexString(random.nextLong() | Long.MIN_VALUE);
    String stack = null;
    if (mayTrace && !profile.stackTraces().isEmpty() && random.nextDouble() < 0.3) {
      stack = pick(profile.stackTraces());
    }
    String line =
        writer.app(
            profile.format(),
            t,
            level,
            profile.name(),
            host,
            logger,
            thread,
            message,
            traceId,
            stack);
    out.add(new DemoEvent(t, profile.name(), host, profile.format().parser(), line));
  }

  private String threadName() {
    switch (profile.format()) {
      case LOGBACK:
        return "http-nio-8080-exec-" + (1 + random.nextInt(10));
      case JSON:
        return "worker-" + (1 + random.nextInt(8));
      default:
        return "main";
    }
  }

  private int pickEndpoint() {
    double u = random.nextDouble();
    for (int i = 0; i < endpointCdf.length - 1; i++) {
      if (u < endpointCdf[i]) {
        return i;
      }
    }
    return endpointCdf.length - 1;
  }

  private static long wholeSecond(long t) {
    return Math.floorDiv(t, 1000L) * 1000L;
  }

  private <T> T pick(List<T> list) {
    return list.get(random.nextInt(list.size()));
  }

  private double gaussian() {
    // Box-Muller; SplittableRandom has no nextGaussian on Java 17.
    double u1 = 1.0 - random.nextDouble();
    double u2 = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /** A Poisson draw: Knuth's method for small means, a rounded normal for large ones. */
  private int poisson(double mean) {
    if (mean <= 0) {
      return 0;
    }
    if (mean < 30) {
      double limit = Math.exp(-mean);
      double p = random.nextDouble();
      int k = 0;
      while (p > limit) {
        p *= random.nextDouble();
        k++;
      }
      return k;
    }
    return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian()));
  }
}
