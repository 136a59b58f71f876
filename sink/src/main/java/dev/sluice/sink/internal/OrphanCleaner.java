package dev.sluice.sink.internal;

import dev.sluice.model.layout.PartFilePath;
import java.io.IOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cleans up, when a writer starts, what its own failed attempt left behind after the checkpoint it
 * restores from: multipart uploads and temporary objects that no restored state refers to.
 *
 * <p>Only names this writer {@link WriterIdentity#owns owns} are touched. Of those, an upload is
 * aborted when its file sequence is at or past the restored next sequence (the file was started
 * after the checkpoint), or when it belongs to a restored open file but is not that file's upload.
 * Uploads of files finished before the checkpoint are left to the committer. A temporary object is
 * deleted unless a restored open file refers to it.
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

  /** Aborts and deletes the orphans; returns how many it removed. */
  int clean(Collection<OpenFileState> restoredOpenFiles) throws IOException {
    Map<String, String> uploadOfOpenFile = new HashMap<>();
    Set<String> liveTemps = new HashSet<>();
    for (OpenFileState f : restoredOpenFiles) {
      uploadOfOpenFile.put(f.path().toKey(), f.uploadId());
      liveTemps.addAll(f.tempKeys());
    }
    int removed = 0;
    for (S3Store.InProgressUpload u : store.listUploads(table + "/")) {
      Optional<PartFilePath> path = PartFilePath.tryParse(u.key());
      if (path.isEmpty() || !identity.owns(path.get())) {
        continue;
      }
      boolean startedAfterCheckpoint = path.get().sequence() >= identity.nextSequence();
      boolean openFile = uploadOfOpenFile.containsKey(u.key());
      boolean notTheOpenFilesUpload =
          openFile && !u.uploadId().equals(uploadOfOpenFile.get(u.key()));
      if (startedAfterCheckpoint || notTheOpenFilesUpload) {
        store.abort(u.key(), u.uploadId());
        removed++;
      }
    }
    for (String key : store.listKeys(TempKeys.tablePrefix(table))) {
      String fileName = TempKeys.fileNameOf(key, table);
      Optional<PartFilePath> path =
          fileName == null ? Optional.empty() : PartFilePath.tryParse(table + "/" + fileName);
      if (path.isPresent() && identity.owns(path.get()) && !liveTemps.contains(key)) {
        store.delete(key);
        removed++;
      }
    }
    if (removed > 0) {
      LOG.info(
          "{} removed {} uploads and temporary objects left by a failed attempt",
          identity,
          removed);
    }
    return removed;
  }
}
