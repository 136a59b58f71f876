package dev.sluice.sink.internal;

import dev.sluice.model.layout.PartFilePath;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cleans up, when a writer starts, what failed or cancelled attempts left behind after the
 * checkpoint it restores from: multipart uploads and temporary objects that no restored state
 * refers to.
 *
 * <p>The writers it cleans up after are this writer itself and every writer whose state it
 * restores: after a plain failover that is the same identity; after a rescale the old parallelism's
 * writers (an older generation); after a restore from a savepoint or retained checkpoint into a new
 * job, the writers of the stopped or cancelled job. Each restored state says how far its writer had
 * got at the checkpoint (its next file sequence), so:
 *
 * <ul>
 *   <li>an upload of one of those writers is aborted when its file sequence is at or past that
 *       writer's restored next sequence (the file was started after the checkpoint), or when it
 *       belongs to a restored open file but is not that file's upload;
 *   <li>uploads of files finished before the checkpoint are left alone: their committables are in
 *       the committer's restored state and it completes them (two-phase commit stays safe);
 *   <li>a temporary object of one of those writers is deleted unless a restored open file refers to
 *       it.
 * </ul>
 *
 * Names of any other writer (another job that writes the same table, or a job cancelled without
 * being restored) are never touched: nothing here can tell such a job is gone, so the bucket's
 * lifecycle rule ({@code retention}, or your own {@code AbortIncompleteMultipartUpload}) removes
 * its leftovers.
 */
final class OrphanCleaner {
  private static final Logger LOG = LoggerFactory.getLogger(OrphanCleaner.class);

  private final S3Store store;
  private final String table;
  private final WriterIdentity identity;

  OrphanCleaner(S3Store store, String table, WriterIdentity identity) {
    this.store = store;
    this.table = table;
    this.identity = identity;
  }

  /**
   * A writer cleaned up after, and the first file sequence it had not started at the checkpoint.
   */
  private record Scope(String jobId, long generation, int subtask, long nextSequence) {
    boolean owns(PartFilePath path) {
      return path.jobId().equals(jobId)
          && path.generation() == generation
          && path.subtask() == subtask;
    }
  }

  /** Aborts and deletes the orphans of this writer and of the restored ones; returns how many. */
  int clean(Collection<S3WriterState> restored) throws IOException {
    List<Scope> scopes = new ArrayList<>();
    scopes.add(
        new Scope(
            identity.jobId(), identity.generation(), identity.subtask(), identity.nextSequence()));
    Map<String, String> uploadOfOpenFile = new HashMap<>();
    Set<String> liveTemps = new HashSet<>();
    for (S3WriterState s : restored) {
      scopes.add(new Scope(s.jobId(), s.generation(), s.subtask(), s.nextSequence()));
      for (OpenFileState f : s.openFiles()) {
        uploadOfOpenFile.put(f.path().toKey(), f.uploadId());
        liveTemps.addAll(f.tempKeys());
      }
    }
    int removed = 0;
    for (S3Store.InProgressUpload u : store.listUploads(table + "/")) {
      Optional<PartFilePath> path = PartFilePath.tryParse(u.key());
      Optional<Scope> scope = path.flatMap(p -> scopeOf(scopes, p));
      if (scope.isEmpty()) {
        continue;
      }
      boolean startedAfterCheckpoint = path.get().sequence() >= scope.get().nextSequence();
      boolean openFile = uploadOfOpenFile.containsKey(u.key());
      boolean notTheOpenFilesUpload =
          openFile && !u.uploadId().equals(uploadOfOpenFile.get(u.key()));
      if ((startedAfterCheckpoint && !openFile) || notTheOpenFilesUpload) {
        store.abort(u.key(), u.uploadId());
        removed++;
      }
    }
    for (String key : store.listKeys(TempKeys.tablePrefix(table))) {
      String fileName = TempKeys.fileNameOf(key, table);
      Optional<PartFilePath> path =
          fileName == null ? Optional.empty() : PartFilePath.tryParse(table + "/" + fileName);
      if (path.flatMap(p -> scopeOf(scopes, p)).isPresent() && !liveTemps.contains(key)) {
        store.delete(key);
        removed++;
      }
    }
    if (removed > 0) {
      LOG.info(
          "{} removed {} uploads and temporary objects that failed or cancelled attempts left"
              + " after the checkpoint (its own and those of the {} writer states it restored)",
          identity,
          removed,
          restored.size());
    }
    return removed;
  }

  private static Optional<Scope> scopeOf(List<Scope> scopes, PartFilePath path) {
    return scopes.stream().filter(s -> s.owns(path)).findFirst();
  }
}
