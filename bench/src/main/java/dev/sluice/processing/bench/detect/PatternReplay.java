package dev.sluice.processing.bench.detect;

import dev.sluice.model.AnomalyKind;
import dev.sluice.model.LogEvent;
import dev.sluice.processing.anomaly.AnomalyConfig;
import dev.sluice.processing.template.MineTemplates;
import dev.sluice.processing.template.TemplateCluster;
import dev.sluice.processing.template.TemplateMiner;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * New-pattern detection as {@code MineTemplates} does it, without Flink: per service the job's
 * {@link TemplateMiner} (same depth, similarity, leaf size and rate weight, leaves in a hash map)
 * and the job's rule {@link MineTemplates#opens}, after the service's warm-up ({@link
 * MineTemplates#warm}); one incident per template, open until the template has been quiet for
 * {@code patternQuietAfter}, at most {@link MineTemplates#MAX_OPEN} open per service. Events must
 * come in time order.
 *
 * <p>Unlike the job it evicts no template: it fails if a service passes {@code maxTemplates}, which
 * the bench's services do not.
 */
final class PatternReplay {
  private final AnomalyConfig config;
  private final Map<String, Service> services = new HashMap<>();

  private static final class Service {
    final Map<String, List<TemplateCluster>> leaves = new HashMap<>();
    final TemplateMiner miner;
    final Map<String, Long> open = new HashMap<>(); // template id → last seen
    long firstEvent = Long.MIN_VALUE;
    int templates;
    long loud;

    Service(AnomalyConfig c) {
      miner =
          new TemplateMiner(
              new TemplateMiner.LeafStore() {
                @Override
                public List<TemplateCluster> get(String path) {
                  return leaves.get(path);
                }

                @Override
                public void put(String path, List<TemplateCluster> templates) {
                  leaves.put(path, templates);
                }
              },
              TemplateMiner.DEFAULT_DEPTH,
              c.templateSimilarity(),
              TemplateMiner.DEFAULT_MAX_PER_LEAF);
    }
  }

  PatternReplay(AnomalyConfig config) {
    this.config = config;
  }

  /** Mines {@code e}; adds to {@code out} the NEW_PATTERN incident it opens, if any. */
  void add(LogEvent e, List<DetectReplay.Detection> out) {
    long t = e.getEventTime().toEpochMilli();
    long window = config.window().toMillis();
    Service s = services.computeIfAbsent(e.getService(), k -> new Service(config));
    if (s.firstEvent == Long.MIN_VALUE) {
      s.firstEvent = t;
    }
    TemplateMiner.Match m;
    try {
      m =
          s.miner.add(
              e.getService(),
              e.getMessage(),
              t,
              Math.floorDiv(t, window),
              MineTemplates.RATE_ALPHA);
    } catch (Exception ex) {
      throw new IllegalStateException(ex);
    }
    s.templates -= m.absorbed().size();
    if (m.created() && ++s.templates > config.maxTemplates()) {
      throw new IllegalStateException(
          e.getService() + " has more than maxTemplates templates; the replay evicts none");
    }
    boolean warm = MineTemplates.warm(t - s.firstEvent, s.loud, config);
    if (MineTemplates.loud(e.getLevel())) {
      s.loud++;
    }
    if (!warm) {
      return;
    }
    TemplateCluster template = m.template();
    resolveQuiet(s, t, window);
    Long lastSeen = s.open.get(template.id);
    if (lastSeen != null) {
      s.open.put(template.id, t);
      return;
    }
    if (MineTemplates.opens(e.getLevel(), template, m.created(), m.changed(), t, config)
        && s.open.size() < MineTemplates.MAX_OPEN) {
      s.open.put(template.id, t);
      out.add(
          new DetectReplay.Detection(
              AnomalyKind.NEW_PATTERN,
              e.getService(),
              "template " + template.id,
              t - Math.floorMod(t, window),
              t));
    }
  }

  /** Resolves the incidents whose resolve timer (as the job sets it) has fired by {@code t}. */
  private void resolveQuiet(Service s, long t, long window) {
    if (s.open.isEmpty()) {
      return;
    }
    List<String> done = new ArrayList<>();
    for (Map.Entry<String, Long> o : s.open.entrySet()) {
      long at = o.getValue() + config.patternQuietAfter().toMillis();
      long timer = Math.floorDiv(at + window - 1, window) * window;
      if (timer <= t) {
        done.add(o.getKey());
      }
    }
    done.forEach(s.open::remove);
  }
}
