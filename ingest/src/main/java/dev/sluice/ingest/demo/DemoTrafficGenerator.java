package dev.sluice.ingest.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Generates realistic log traffic of several services over simulated time, with incidents injected
 * on a schedule and their ground truth written to a file.
 *
 * <p>Use: {@code try (var demo = new DemoTrafficGenerator(config)) { while (demo.hasNext()) {
 * DemoEvent e = demo.next(); … } }}. Events come in event-time order, one simulated second at a
 * time. The generator never sleeps and never reads the wall clock (except for the default start
 * time of {@link DemoConfig}): run it as fast as possible for a benchmark, or pace it — a live demo
 * waits until {@code wallStart + (event.timeMillis() - config.start())} before handing an event on.
 * Each {@link DemoEvent} carries the raw record in its service's format, the name of the parser for
 * it, the service and the host.
 *
 * <p>Guarantees: the same {@link DemoConfig} gives the same events; the ground-truth file gets one
 * line per incident as soon as the simulation has passed the incident's end, and on {@link
 * #close()} one line for an incident cut short (flagged {@code "complete":false}). Not thread-safe.
 */
public final class DemoTrafficGenerator implements Iterator<DemoEvent>, AutoCloseable {
  private final List<ServiceSimulator> services = new ArrayList<>();
  private final LineWriter writer = new LineWriter();
  private final List<Incident> byEnd;
  private final GroundTruth.Writer groundTruth;
  private final Long endMillis;
  private final List<DemoEvent> buffer = new ArrayList<>(256);
  private int next;
  private long returned;
  private long tick;
  private int written;

  /**
   * @throws UncheckedIOException if the ground-truth file cannot be created
   */
  public DemoTrafficGenerator(DemoConfig config) {
    this.tick = config.start().toEpochMilli();
    this.endMillis = config.end() == null ? null : config.end().toEpochMilli();
    List<Incident> incidents = config.schedule().at(config.start());
    Map<Incident, Template> novel = new HashMap<>();
    Map<String, ServiceProfile> byName = new HashMap<>();
    for (ServiceProfile p : config.services()) {
      byName.put(p.name(), p);
    }
    int k = 0;
    for (Incident incident : incidents) {
      if (incident.kind() == IncidentKind.NEW_ERROR_MESSAGE) {
        ServiceProfile p = byName.get(incident.service());
        novel.put(
            incident,
            p != null && p.novelWords()
                ? NovelTemplates.fromWords(p, k++)
                : NovelTemplates.get(k++));
      }
    }
    incidents = incidents.stream().filter(i -> config.simulates(i.service())).toList();
    for (ServiceProfile profile : config.services()) {
      if (!config.simulates(profile.name())) {
        continue;
      }
      List<Incident> own =
          incidents.stream().filter(i -> i.service().equals(profile.name())).toList();
      services.add(
          new ServiceSimulator(
              profile,
              config.seed(),
              own,
              novel,
              config.rateScale(),
              config.dayLength().toMillis()));
    }
    List<Incident> sorted = new ArrayList<>(incidents);
    sorted.sort(Comparator.comparing(Incident::end));
    this.byEnd = sorted;
    try {
      this.groundTruth =
          config.groundTruth() == null ? null : new GroundTruth.Writer(config.groundTruth());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot create the demo ground-truth file " + config.groundTruth(), e);
    }
  }

  /**
   * The events of a configuration as a sequential stream; closing the stream closes the generator.
   */
  public static Stream<DemoEvent> stream(DemoConfig config) {
    DemoTrafficGenerator generator = new DemoTrafficGenerator(config);
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(
                generator, Spliterator.ORDERED | Spliterator.NONNULL),
            false)
        .onClose(generator::close);
  }

  /** True unless the configured end is reached. */
  @Override
  public boolean hasNext() {
    while (next >= buffer.size()) {
      if (endMillis != null && tick >= endMillis) {
        return false;
      }
      buffer.clear();
      next = 0;
      for (ServiceSimulator service : services) {
        service.tick(tick, writer, buffer);
      }
      buffer.sort(Comparator.comparingLong(DemoEvent::timeMillis));
      tick += 1000;
      writeFinished();
    }
    return true;
  }

  @Override
  public DemoEvent next() {
    if (!hasNext()) {
      throw new NoSuchElementException("the demo reached its configured end");
    }
    returned++;
    return buffer.get(next++);
  }

  /**
   * How many events {@link #next()} has returned: the last one returned is number {@code returned()
   * - 1} of this configuration's stream, the same in every run — usable with the seed as a
   * deterministic event id.
   */
  public long returned() {
    return returned;
  }

  /**
   * The simulated time up to which events have been generated: every event before it has been or is
   * about to be returned.
   */
  public Instant simulatedTime() {
    return Instant.ofEpochMilli(tick);
  }

  private void writeFinished() {
    while (written < byEnd.size() && byEnd.get(written).end().toEpochMilli() <= tick) {
      Incident incident = byEnd.get(written++);
      if (groundTruth != null) {
        groundTruth.write(incident, incident.end(), true);
      }
    }
  }

  /** Writes incidents cut short by stopping here, and closes the ground-truth file. */
  @Override
  public void close() {
    if (groundTruth == null) {
      return;
    }
    for (int i = written; i < byEnd.size(); i++) {
      Incident incident = byEnd.get(i);
      if (incident.start().toEpochMilli() < tick) {
        groundTruth.write(
            incident, Instant.ofEpochMilli(Math.min(tick, incident.end().toEpochMilli())), false);
      }
    }
    written = byEnd.size();
    try {
      groundTruth.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close the demo ground-truth file", e);
    }
  }
}
