package dev.sluice.processing.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.model.WindowStats;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Reading window stats as an analyst would: the newest revision of each window and key. */
final class Stats {
  private Stats() {}

  static String key(WindowStats s) {
    return s.getService() + "/" + s.getHost() + "@" + s.getWindowStart().toEpochMilli();
  }

  static String serviceWindow(WindowStats s) {
    return s.getService() + "@" + s.getWindowStart().toEpochMilli();
  }

  static List<WindowStats> latestRevisions(Collection<WindowStats> all) {
    Map<String, WindowStats> latest =
        all.stream()
            .collect(
                Collectors.toMap(
                    Stats::key,
                    Function.identity(),
                    (a, b) -> a.getRevision() >= b.getRevision() ? a : b));
    return new ArrayList<>(latest.values());
  }

  static void assertNoDuplicateRevisions(Collection<WindowStats> all) {
    List<String> keys = all.stream().map(s -> key(s) + "#" + s.getRevision()).toList();
    assertThat(keys).doesNotHaveDuplicates();
  }
}
