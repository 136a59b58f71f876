package dev.sluice.query.storage;

import dev.sluice.model.layout.PartFilePath.Partition;

/** One committed object of a table: its key, size in bytes and the partition it lies in. */
public record StoredObject(String key, long size, Partition partition) {}
