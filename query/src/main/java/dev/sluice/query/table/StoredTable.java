package dev.sluice.query.table;

import dev.sluice.query.ScanStatistics;
import dev.sluice.query.prune.PartitionPruner;
import dev.sluice.query.storage.ObjectLister;
import dev.sluice.query.storage.PartitionFilter;
import io.minio.MinioClient;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.ProjectableFilterableTable;
import org.apache.calcite.schema.impl.AbstractTable;

/**
 * A stored table as Calcite sees it. Calcite hands each scan the projected columns and the filter
 * conditions; the scan lists only the partitions the conditions may match and decodes only the
 * projected fields. Pruning only ever skips objects that cannot hold a match; every condition is
 * still applied to every row, by Calcite or, for the few whose result it knows exactly ({@link
 * ScanConditions}), by the scan itself.
 */
public final class StoredTable extends AbstractTable implements ProjectableFilterableTable {
  private final TableDefinition definition;
  private final MinioClient client;
  private final String bucket;
  private final ScanStatistics statistics;

  public StoredTable(
      TableDefinition definition, MinioClient client, String bucket, ScanStatistics statistics) {
    this.definition = definition;
    this.client = client;
    this.bucket = bucket;
    this.statistics = statistics;
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory typeFactory) {
    List<RelDataType> types = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (Column column : definition.columns()) {
      names.add(column.name());
      types.add(column.sqlType(typeFactory));
    }
    return typeFactory.createStructType(types, names);
  }

  @Override
  public Enumerable<Object[]> scan(DataContext root, List<RexNode> filters, int[] projects) {
    List<Column> projected = new ArrayList<>();
    if (projects == null) {
      projected.addAll(definition.columns());
    } else {
      for (int index : projects) {
        projected.add(definition.columns().get(index));
      }
    }
    PartitionFilter partitions = PartitionPruner.filter(definition, filters, root);
    ScanConditions taken =
        ScanConditions.take(definition, filters, new RexBuilder(root.getTypeFactory()));
    List<Column> read = new ArrayList<>(projected);
    List<Column> checked = new ArrayList<>();
    for (int index : taken.columns()) {
      checked.add(definition.columns().get(index));
    }
    read.addAll(checked);
    ObjectLister lister = new ObjectLister(client, bucket, statistics);
    return new AbstractEnumerable<>() {
      @Override
      public Enumerator<Object[]> enumerator() {
        Schema readerSchema = definition.readerSchema(read);
        return new TableScan(
            lister.list(definition.name(), definition.partitionedByService(), partitions),
            readerSchema,
            projected,
            new TableScan.RowCheck(checked, taken.values(), readerSchema),
            client,
            bucket,
            statistics,
            DataContext.Variable.CANCEL_FLAG.get(root));
      }
    };
  }
}
