package dev.sluice.query.table;

import dev.sluice.query.ScanStatistics;
import io.minio.MinioClient;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;

/** The tables {@code logs}, {@code stats}, {@code anomalies} and {@code rejects} of one bucket. */
public final class SluiceSchema extends AbstractSchema {
  private final Map<String, Table> tables = new LinkedHashMap<>();

  public SluiceSchema(MinioClient client, String bucket, ScanStatistics statistics) {
    for (TableDefinition table : TableDefinition.all()) {
      tables.put(table.name(), new StoredTable(table, client, bucket, statistics));
    }
  }

  @Override
  protected Map<String, Table> getTableMap() {
    return tables;
  }
}
