package dev.sluice.ingest.file;

/**
 * Where to start reading a file the shipper has no saved position for, when it is already there at
 * start-up. Files that appear later are always read from the beginning, so the first lines of a
 * freshly rotated file are not lost.
 */
public enum ReadFrom {
  BEGINNING,
  END
}
