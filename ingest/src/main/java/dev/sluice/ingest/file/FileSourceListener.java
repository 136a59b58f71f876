package dev.sluice.ingest.file;

/** What a {@link FileSource} reports as it reads: counters for self-metrics. */
public interface FileSourceListener {
  /** Bytes read from a file. */
  void bytesRead(long bytes);

  /** A followed file was truncated or overwritten and is read again from its start. */
  void fileTruncated(String path);

  /** A listener that ignores everything. */
  FileSourceListener NONE =
      new FileSourceListener() {
        @Override
        public void bytesRead(long bytes) {}

        @Override
        public void fileTruncated(String path) {}
      };
}
