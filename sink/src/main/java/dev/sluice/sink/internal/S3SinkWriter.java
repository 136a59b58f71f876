package dev.sluice.sink.internal;

import dev.sluice.model.layout.PartFilePath;
import dev.sluice.sink.RollingPolicy;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.avro.Schema;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.io.DatumWriter;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.SimpleCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink's writer: routes records to one open {@link PartFile} per partition, rolls files by the
 * {@link RollingPolicy} and the open-partition bound, and hands finished files to the committer at
 * each checkpoint. Open files survive checkpoints (their state is small: upload id, part ETags and
 * a pointer to the remainder object).
 *
 * <p>At a checkpoint the open files save their new bytes, and the files rolled then upload their
 * last part, in parallel (up to {@value #CHECKPOINT_THREADS} at once), so a checkpoint costs about
 * one S3 round trip, not one per file.
 *
 * <p>The writer owns its {@link S3Store} and closes it in {@link #close()}.
 *
 * <p>Guarantees: nothing it writes is visible before the committer completes it; after a restore it
 * continues every open file from the checkpoint and aborts the uploads and deletes the temporary
 * objects that its own failed attempt, and the writers whose state it restores (an older generation
 * after a rescale, a stopped or cancelled job after a restore into a new job), left after that
 * checkpoint (see {@link OrphanCleaner}).
 */
public final class S3SinkWriter<T>
    implements StatefulSinkWriter<T, S3WriterState>, CommittingSinkWriter<T, S3Committable> {
  private static final Logger LOG = LoggerFactory.getLogger(S3SinkWriter.class);
  private static final int CHECKPOINT_THREADS = 4;

  private final SinkSettings<T> settings;
  private final S3Store store;
  private final WriterIdentity identity;
  private final Clock clock;
  private final Schema schema;
  private final DatumWriter<T> datumWriter;
  private final CodecFactory codec;
  private final LinkedHashMap<String, PartFile<T>> open = new LinkedHashMap<>(16, 0.75f, true);
  private final List<S3Committable> finished = new ArrayList<>();
  private final List<String> obsoleteTemps = new ArrayList<>();
  private final Counter recordsOut;
  private long nextSequence;
  private boolean endOfInput;
  private ExecutorService checkpointPool;

  /**
   * A writer, restored from {@code restored} (empty for a fresh start).
   *
   * @param identity who this writer is; decides its keys
   * @param recordsOut counts records written, or null
   */
  public S3SinkWriter(
      SinkSettings<T> settings,
      S3Store store,
      WriterIdentity identity,
      Clock clock,
      Collection<S3WriterState> restored,
      Counter recordsOut)
      throws IOException {
    this.settings = settings;
    this.store = store;
    this.identity = identity;
    this.clock = clock;
    this.schema = settings.schema();
    this.datumWriter = settings.datumWriters().create(schema);
    this.codec = settings.compression().codecFactory();
    this.recordsOut = recordsOut == null ? new SimpleCounter() : recordsOut;
    this.nextSequence = identity.nextSequence();
    restore(restored);
  }

  private void restore(Collection<S3WriterState> restored) throws IOException {
    List<OpenFileState> files = new ArrayList<>();
    for (S3WriterState s : restored) {
      files.addAll(s.openFiles());
    }
    new OrphanCleaner(store, settings.table(), identity).clean(restored);
    Map<String, PartFile<T>> byPartition = new HashMap<>();
    for (OpenFileState f : files) {
      PartFile<T> file = PartFile.restore(f, store, settings.partSize(), datumWriter);
      PartFile<T> other = byPartition.putIfAbsent(f.path().partition(), file);
      if (other != null) {
        finished.add(file.close()); // two old writers had this partition open: finish one
      } else {
        open.put(f.path().partition(), file);
      }
    }
    if (!files.isEmpty()) {
      LOG.info("{} restored {} open files of table {}", identity, files.size(), settings.table());
    }
  }

  @Override
  public void write(T element, Context context) throws IOException {
    String partition;
    try {
      partition = settings.partitioner().partitionFor(element);
    } catch (RuntimeException e) {
      throw new IOException(
          "the partitioner of table "
              + settings.table()
              + " failed on a record ("
              + e.getMessage()
              + "); fix the partitioner or filter such records before the sink",
          e);
    }
    Instant now = clock.instant();
    PartFile<T> file = open.get(partition);
    if (file == null) {
      if (open.size() >= settings.maxOpenPartitions()) {
        rollLeastRecentlyUsed();
      }
      file = newFile(partition, now);
      open.put(partition, file);
    }
    file.append(element, now);
    recordsOut.inc();
    if (settings.rollingPolicy().isFull(file.size())) {
      open.remove(partition);
      finished.add(file.close());
    }
  }

  private PartFile<T> newFile(String partition, Instant now) throws IOException {
    PartFilePath path;
    try {
      path = identity.path(settings.table(), partition, nextSequence);
    } catch (IllegalArgumentException e) {
      throw new IOException(
          "the partitioner of table "
              + settings.table()
              + " returned a bad path: "
              + e.getMessage(),
          e);
    }
    nextSequence++;
    return PartFile.open(path, store, settings.partSize(), schema, datumWriter, codec, now);
  }

  private void rollLeastRecentlyUsed() throws IOException {
    Iterator<Map.Entry<String, PartFile<T>>> eldest = open.entrySet().iterator();
    PartFile<T> file = eldest.next().getValue();
    eldest.remove();
    finished.add(file.close());
  }

  @Override
  public void flush(boolean endOfInput) {
    if (endOfInput) {
      this.endOfInput = true;
    }
  }

  @Override
  public Collection<S3Committable> prepareCommit() throws IOException {
    Instant now = clock.instant();
    RollingPolicy policy = settings.rollingPolicy();
    List<S3Committable> out = new ArrayList<>(finished);
    finished.clear();
    List<String> obsolete = new ArrayList<>(obsoleteTemps);
    obsoleteTemps.clear();
    List<PartFile<T>> staying = new ArrayList<>();
    List<PartFile<T>> rolling = new ArrayList<>();
    Iterator<PartFile<T>> it = open.values().iterator();
    while (it.hasNext()) {
      PartFile<T> file = it.next();
      if (endOfInput || policy.shouldRoll(file.size(), file.openedAt(), file.lastWriteAt(), now)) {
        it.remove();
        rolling.add(file);
      } else {
        staying.add(file);
      }
    }
    out.addAll(inParallel(rolling, PartFile::close, "finishing an open file"));
    for (List<String> temps :
        inParallel(staying, PartFile::checkpoint, "checkpointing an open file")) {
      obsolete.addAll(temps);
    }
    if (!obsolete.isEmpty()) {
      out.add(S3Committable.cleanup(store.bucket(), obsolete));
    }
    return out;
  }

  /** What a file does at a checkpoint: save its new bytes, or finish. */
  private interface FileStep<T, R> {
    R apply(PartFile<T> file) throws IOException;
  }

  /**
   * Applies {@code step} to every file, in parallel (up to {@value #CHECKPOINT_THREADS} at once):
   * one S3 round trip per checkpoint, not one per open file. Results are in the order of {@code
   * files}; the first failure is thrown once every step has ended.
   */
  private <R> List<R> inParallel(List<PartFile<T>> files, FileStep<T, R> step, String what)
      throws IOException {
    if (files.size() <= 1) {
      return files.isEmpty() ? List.of() : List.of(step.apply(files.get(0)));
    }
    List<Future<R>> pending = new ArrayList<>(files.size());
    for (PartFile<T> file : files) {
      pending.add(checkpointPool().submit(() -> step.apply(file)));
    }
    List<R> results = new ArrayList<>(files.size());
    IOException failure = null;
    for (Future<R> f : pending) {
      try {
        results.add(f.get());
      } catch (ExecutionException e) {
        if (failure == null) {
          failure =
              e.getCause() instanceof IOException io
                  ? io
                  : new IOException(what + " failed", e.getCause());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while " + what);
      }
    }
    if (failure != null) {
      throw failure;
    }
    return results;
  }

  private ExecutorService checkpointPool() {
    if (checkpointPool == null) {
      checkpointPool =
          Executors.newFixedThreadPool(
              CHECKPOINT_THREADS,
              r -> {
                Thread t = new Thread(r, "s3-sink-checkpoint-" + settings.table());
                t.setDaemon(true);
                return t;
              });
    }
    return checkpointPool;
  }

  @Override
  public List<S3WriterState> snapshotState(long checkpointId) throws IOException {
    List<OpenFileState> files = new ArrayList<>(open.size());
    for (PartFile<T> file : open.values()) {
      // nothing to do when prepareCommit just ran, as Flink does before every snapshot
      obsoleteTemps.addAll(file.checkpoint());
      files.add(file.state());
    }
    return List.of(identity.state(nextSequence, files));
  }

  /**
   * Drops the open files' buffers (what they hold is in the last checkpoint or will be written
   * again after a restore), stops the checkpoint threads and closes the S3 client, which this
   * writer owns.
   */
  @Override
  public void close() {
    for (PartFile<T> file : open.values()) {
      file.discard();
    }
    open.clear();
    if (checkpointPool != null) {
      checkpointPool.shutdownNow();
    }
    store.close();
  }

  /** Open files now, for tests. */
  int openFiles() {
    return open.size();
  }
}
