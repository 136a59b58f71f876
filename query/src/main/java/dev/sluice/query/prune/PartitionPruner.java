package dev.sluice.query.prune;

import static java.util.stream.Collectors.toSet;

import dev.sluice.model.layout.PartFilePath.Partition;
import dev.sluice.query.storage.PartitionFilter;
import dev.sluice.query.table.TableDefinition;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.calcite.DataContext;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexExecutorImpl;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;

/**
 * Turns the filter conditions Calcite pushes into a table scan into a {@link PartitionFilter}.
 * Understands comparisons ({@code = <> < <= > >=}, {@code IN}, {@code BETWEEN}, ranges) of {@code
 * dt}, {@code hour}, {@code service} and the table's partition-time column against constants
 * (constant expressions such as {@code CURRENT_TIMESTAMP - INTERVAL '1' HOUR} are evaluated first),
 * combined with {@code AND} and {@code OR}. Anything else counts as "may match", so pruning never
 * drops a partition that holds a matching row; the conditions are still applied to every row.
 */
public final class PartitionPruner {
  private PartitionPruner() {}

  /** A filter for {@code table} from the scan's conditions (over the table's full row type). */
  public static PartitionFilter filter(
      TableDefinition table, List<RexNode> conditions, DataContext context) {
    if (conditions.isEmpty()) {
      return PartitionFilter.ALL;
    }
    Analyzer analyzer = new Analyzer(table, context);
    List<Constraint> constraints = new ArrayList<>();
    for (RexNode condition : conditions) {
      constraints.add(analyzer.analyze(condition));
    }
    Constraint all = Constraint.all(constraints);
    return all == Constraint.ANY ? PartitionFilter.ALL : new ConstraintFilter(all);
  }

  private static final class Analyzer {
    private final TableDefinition table;
    private final DataContext context;
    private final RexBuilder rexBuilder;
    private final int dt;
    private final int hour;
    private final int service;
    private final int time;

    Analyzer(TableDefinition table, DataContext context) {
      this.table = table;
      this.context = context;
      this.rexBuilder = new RexBuilder(context.getTypeFactory());
      this.dt = table.indexOf("dt");
      this.hour = table.indexOf("hour");
      this.service = table.indexOf("service");
      this.time = table.indexOf(table.partitionTimeColumn());
    }

    Constraint analyze(RexNode condition) {
      try {
        return convert(RexUtil.expandSearch(rexBuilder, null, condition));
      } catch (RuntimeException e) {
        return Constraint.ANY; // pruning is an optimisation: never fail a query over it
      }
    }

    private Constraint convert(RexNode node) {
      if (!(node instanceof RexCall call)) {
        return Constraint.ANY;
      }
      return switch (call.getKind()) {
        case AND -> Constraint.all(call.getOperands().stream().map(this::convert).toList());
        case OR -> Constraint.any(call.getOperands().stream().map(this::convert).toList());
        case EQUALS,
            NOT_EQUALS,
            LESS_THAN,
            LESS_THAN_OR_EQUAL,
            GREATER_THAN,
            GREATER_THAN_OR_EQUAL ->
            comparison(call);
        default -> Constraint.ANY;
      };
    }

    private Constraint comparison(RexCall call) {
      RexNode left = call.getOperands().get(0);
      RexNode right = call.getOperands().get(1);
      SqlKind kind = call.getKind();
      Integer column = columnIndex(left);
      RexNode constant = right;
      if (column == null) {
        column = columnIndex(right);
        constant = left;
        kind = kind.reverse();
      }
      if (column == null || RexUtil.containsInputRef(constant)) {
        return Constraint.ANY;
      }
      RexLiteral literal = reduce(constant);
      if (literal == null || literal.isNull()) {
        return Constraint.ANY;
      }
      Constraint.Op op = Constraint.Op.of(kind);
      if (column == dt) {
        return new Constraint.OnDay(op, literal.getValueAs(String.class));
      } else if (column == hour) {
        return new Constraint.OnHour(op, literal.getValueAs(BigDecimal.class));
      } else if (column == service) {
        return new Constraint.OnService(op, literal.getValueAs(String.class));
      } else if (column == time) {
        return new Constraint.OnTime(op, literal.getValueAs(Long.class));
      }
      return Constraint.ANY;
    }

    /** The column a node reads, looking through casts that keep every value distinct. */
    private Integer columnIndex(RexNode node) {
      RexNode n = node;
      while (n.getKind() == SqlKind.CAST && RexUtil.isLosslessCast(n)) {
        n = ((RexCall) n).getOperands().get(0);
      }
      return n instanceof RexInputRef ref ? ref.getIndex() : null;
    }

    private RexLiteral reduce(RexNode constant) {
      if (constant instanceof RexLiteral literal) {
        return literal;
      }
      List<RexNode> reduced = new ArrayList<>();
      new RexExecutorImpl(context).reduce(rexBuilder, List.of(constant), reduced);
      RexNode result = reduced.isEmpty() ? null : reduced.get(0);
      while (result != null && result.getKind() == SqlKind.CAST) {
        result = ((RexCall) result).getOperands().get(0);
      }
      return result instanceof RexLiteral literal ? literal : null;
    }
  }

  /** A {@link PartitionFilter} over a constraint tree. */
  private record ConstraintFilter(Constraint constraint) implements PartitionFilter {
    @Override
    public boolean mayMatchDay(String dt) {
      long start = Partition.dayStartMillis(dt);
      return constraint.mayMatch(new Constraint.Bounds(dt, -1, null, start, start + 86_400_000L));
    }

    @Override
    public boolean mayMatchHour(String dt, int hour) {
      long start = Partition.dayStartMillis(dt) + hour * 3_600_000L;
      return constraint.mayMatch(new Constraint.Bounds(dt, hour, null, start, start + 3_600_000L));
    }

    @Override
    public boolean mayMatch(Partition p) {
      return constraint.mayMatch(
          new Constraint.Bounds(p.dt(), p.hour(), p.service(), p.startMillis(), p.endMillis()));
    }

    @Override
    public Optional<Set<String>> pinnedDays() {
      return Optional.ofNullable(Pinned.values(constraint, Pinned.Level.DAY))
          .map(days -> days.stream().map(String.class::cast).collect(toSet()));
    }

    @Override
    public Optional<Set<Integer>> pinnedHours() {
      return Optional.ofNullable(Pinned.values(constraint, Pinned.Level.HOUR))
          .map(hours -> hours.stream().map(Integer.class::cast).collect(toSet()));
    }

    @Override
    public Optional<Set<String>> pinnedServices() {
      return Optional.ofNullable(Pinned.values(constraint, Pinned.Level.SERVICE))
          .map(services -> services.stream().map(String.class::cast).collect(toSet()));
    }
  }
}
