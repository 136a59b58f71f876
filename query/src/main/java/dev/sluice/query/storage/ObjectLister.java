package dev.sluice.query.storage;

import dev.sluice.model.layout.PartFilePath;
import dev.sluice.model.layout.PartFilePath.Partition;
import dev.sluice.query.ScanStatistics;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Lists the committed {@code *.avro} objects of one table, walking {@code dt=}, {@code hour=} and
 * {@code service=} prefixes with delimiter listings and descending only into partitions the {@link
 * PartitionFilter} may match. Lazy: a prefix is listed only when the caller asks for more objects,
 * so a query that stops early also stops listing. Segments starting with {@code _} or {@code .}
 * (temporary objects) and segments that do not follow the layout are skipped. The layout and its
 * escaping are {@link PartFilePath}'s, the same class the sink writes with; any {@code *.avro} name
 * is read, not only the sink's part names, so files other tools put into a partition count too.
 */
public final class ObjectLister {
  private final MinioClient client;
  private final String bucket;
  private final ScanStatistics statistics;

  public ObjectLister(MinioClient client, String bucket, ScanStatistics statistics) {
    this.client = client;
    this.bucket = bucket;
    this.statistics = statistics;
  }

  /**
   * The objects of {@code table} in partitions that {@code filter} may match, in key order. Where
   * the filter pins a level's values ({@link PartitionFilter#pinnedDays()} …), their prefixes are
   * built, as {@link Partition#toPath()} spells them, instead of listed: a query for one day, hour
   * and service of a table partitioned by service ({@code byService}) sends one LIST request, for
   * that partition's objects.
   */
  public Iterator<StoredObject> list(String table, boolean byService, PartitionFilter filter) {
    if (filter.keepsAll()) {
      return new FullListing(table + "/");
    }
    return new Walk(table + "/", byService, filter);
  }

  /**
   * The partition of a key relative to its table, or empty when the key does not follow the layout,
   * is hidden, or is not an Avro object.
   */
  static Optional<Partition> partitionOf(String relativeKey) {
    String[] segments = relativeKey.split("/");
    if (segments.length < 3 || !isVisibleAvro(relativeKey)) {
      return Optional.empty();
    }
    // dt/hour/<object> (time-only tables) or dt/hour/service/…/<object>, as the walk reads them
    int levels = Math.min(3, segments.length - 1);
    return Partition.tryParse(String.join("/", Arrays.asList(segments).subList(0, levels)));
  }

  /** Every object of a table through one recursive, paginated listing. */
  private final class FullListing implements Iterator<StoredObject> {
    private final String tablePrefix;
    private Iterator<Result<Item>> items;
    private StoredObject next;

    FullListing(String tablePrefix) {
      this.tablePrefix = tablePrefix;
    }

    @Override
    public boolean hasNext() {
      if (items == null) {
        statistics.listRequest();
        items =
            client
                .listObjects(
                    ListObjectsArgs.builder()
                        .bucket(bucket)
                        .prefix(tablePrefix)
                        .recursive(true)
                        .build())
                .iterator();
      }
      while (next == null && items.hasNext()) {
        Item item;
        try {
          item = items.next().get();
        } catch (Exception e) {
          throw StorageException.from(e, "list s3://" + bucket + "/" + tablePrefix);
        }
        String relative = item.objectName().substring(tablePrefix.length());
        Optional<Partition> partition = partitionOf(relative);
        if (!item.isDir() && partition.isPresent()) {
          next = new StoredObject(item.objectName(), item.size(), partition.get());
        }
      }
      return next != null;
    }

    @Override
    public StoredObject next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      StoredObject result = next;
      next = null;
      return result;
    }
  }

  private List<Item> listLevel(String prefix, boolean recursive) {
    statistics.listRequest();
    List<Item> items = new ArrayList<>();
    Iterable<Result<Item>> results =
        client.listObjects(
            ListObjectsArgs.builder()
                .bucket(bucket)
                .prefix(prefix)
                .delimiter(recursive ? "" : "/")
                .recursive(recursive)
                .build());
    for (Result<Item> result : results) {
      try {
        items.add(result.get());
      } catch (Exception e) {
        throw StorageException.from(e, "list s3://" + bucket + "/" + prefix);
      }
    }
    return items;
  }

  /**
   * Depth-first walk: depth 0 lists {@code dt=}, 1 lists {@code hour=}, 2 lists {@code service=}, 3
   * lists the objects of one partition; depth 4 entries are objects.
   */
  private final class Walk implements Iterator<StoredObject> {
    private final PartitionFilter filter;
    private final boolean byService;
    private final Deque<Level> pending = new ArrayDeque<>();
    private StoredObject next;

    Walk(String tablePrefix, boolean byService, PartitionFilter filter) {
      this.filter = filter;
      this.byService = byService;
      pending.push(new Level(tablePrefix, 0, null, -1, null, null));
    }

    @Override
    public boolean hasNext() {
      while (next == null && !pending.isEmpty()) {
        Level level = pending.pop();
        if (level.object != null) {
          next = level.object;
        } else {
          expand(level);
        }
      }
      return next != null;
    }

    @Override
    public StoredObject next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      StoredObject result = next;
      next = null;
      return result;
    }

    private void expand(Level level) {
      List<Level> children = new ArrayList<>();
      if (level.depth == 3) {
        for (Item item : listLevel(level.prefix, true)) {
          if (!item.isDir() && isVisibleAvro(item.objectName().substring(level.prefix.length()))) {
            StoredObject object = new StoredObject(item.objectName(), item.size(), level.partition);
            children.add(new Level(null, 4, level.dt, level.hour, level.partition, object));
          }
        }
      } else if (!pinnedChildren(level, children)) {
        for (Item item : listLevel(level.prefix, false)) {
          String segment = item.objectName().substring(level.prefix.length());
          if (level.depth == 2 && !item.isDir() && isVisibleAvro(segment)) {
            // a table partitioned by time alone: objects right under the hour
            Partition partition = new Partition(level.dt, level.hour, false, null);
            if (filter.mayMatch(partition)) {
              StoredObject object = new StoredObject(item.objectName(), item.size(), partition);
              children.add(new Level(null, 4, level.dt, level.hour, partition, object));
            }
            continue;
          }
          if (item.isDir() && !segment.isEmpty() && !PartFilePath.isHidden(segment)) {
            Level child = child(level, item.objectName(), segment);
            if (child != null) {
              children.add(child);
            }
          }
        }
      }
      for (int i = children.size() - 1; i >= 0; i--) {
        pending.push(children.get(i));
      }
    }

    /**
     * Adds the children of a level whose values the filter pins, built rather than listed, and says
     * whether it did. Days and hours have one spelling each; a service is spelled as the sink (and
     * Hive) escape it, and only for tables partitioned by service, whose objects lie under {@code
     * service=}.
     */
    private boolean pinnedChildren(Level level, List<Level> children) {
      List<String> segments = new ArrayList<>();
      switch (level.depth) {
        case 0 -> {
          Optional<Set<String>> days = filter.pinnedDays();
          if (days.isEmpty()) {
            return false;
          }
          days.get().forEach(d -> segments.add("dt=" + d));
        }
        case 1 -> {
          Optional<Set<Integer>> hours = filter.pinnedHours();
          if (hours.isEmpty()) {
            return false;
          }
          hours.get().forEach(h -> segments.add(String.format(Locale.ROOT, "hour=%02d", h)));
        }
        default -> {
          Optional<Set<String>> services = filter.pinnedServices();
          if (!byService || services.isEmpty()) {
            return false;
          }
          services.get().forEach(v -> segments.add("service=" + PartFilePath.escape(v)));
        }
      }
      Collections.sort(segments);
      for (String segment : segments) {
        Level child = child(level, level.prefix + segment + "/", segment);
        if (child != null) {
          children.add(child);
        }
      }
      return true;
    }

    private Level child(Level parent, String prefix, String segment) {
      switch (parent.depth) {
        case 0 -> {
          Optional<String> dt = Partition.day(segment);
          if (dt.isEmpty() || !filter.mayMatchDay(dt.get())) {
            return null;
          }
          return new Level(prefix, 1, dt.get(), -1, null, null);
        }
        case 1 -> {
          OptionalInt hour = Partition.hour(segment);
          if (hour.isEmpty() || !filter.mayMatchHour(parent.dt, hour.getAsInt())) {
            return null;
          }
          return new Level(prefix, 2, parent.dt, hour.getAsInt(), null, null);
        }
        default -> {
          Optional<Partition> partition =
              new Partition(parent.dt, parent.hour, false, null).withService(segment);
          if (partition.isEmpty() || !filter.mayMatch(partition.get())) {
            return null;
          }
          return new Level(prefix, 3, parent.dt, parent.hour, partition.get(), null);
        }
      }
    }
  }

  private static boolean isVisibleAvro(String relativeKey) {
    if (!relativeKey.endsWith(".avro")) {
      return false;
    }
    for (String segment : relativeKey.split("/")) {
      if (PartFilePath.isHidden(segment)) {
        return false;
      }
    }
    return true;
  }

  private record Level(
      String prefix, int depth, String dt, int hour, Partition partition, StoredObject object) {}
}
