package dev.sluice.query.table;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeFamily;

/**
 * The conditions a scan takes over from Calcite, so that Calcite does not compile a row filter for
 * each run of a query (its interpreter compiles one per execution, which costs more than reading a
 * small partition). A filter is taken when each of its {@code AND}ed parts is one whose result the
 * scan knows exactly; any other filter stays with Calcite, which checks it on every row. The parts
 * the scan knows:
 *
 * <ul>
 *   <li>comparisons ({@code = <> < <= > >=}, {@code IN}, {@code BETWEEN}, {@code AND}, {@code OR})
 *       of {@code dt} and {@code hour} with literals: both come from the object's path, the same
 *       for every row of an object, so partition pruning, which evaluates them on each partition's
 *       exact day and hour, already decides them for every row;
 *   <li>{@code service = 'literal'} on the column itself (no cast): checked on each row as string
 *       equality, which is what Calcite evaluates (a null service never matches).
 * </ul>
 */
final class ScanConditions {
  private final List<Integer> equalColumns = new ArrayList<>();
  private final List<String> equalValues = new ArrayList<>();

  private ScanConditions() {}

  /**
   * Removes from {@code filters} the conditions the scan decides itself and returns the row checks
   * it must make for them. {@code filters} must already have given the partition filter.
   */
  static ScanConditions take(TableDefinition table, List<RexNode> filters, RexBuilder rexBuilder) {
    ScanConditions taken = new ScanConditions();
    int dt = table.indexOf("dt");
    int hour = table.indexOf("hour");
    int service = table.indexOf("service");
    for (Iterator<RexNode> it = filters.iterator(); it.hasNext(); ) {
      // a filter is taken whole or not at all: Calcite keeps only filters from its own list
      List<String> serviceValues = new ArrayList<>();
      boolean takeable = true;
      for (RexNode conjunct : RelOptUtil.conjunctions(it.next())) {
        if (decidedByPath(RexUtil.expandSearch(rexBuilder, null, conjunct), dt, hour)) {
          continue;
        }
        String value =
            conjunct instanceof RexCall call && call.getKind() == SqlKind.EQUALS
                ? textLiteralComparedTo(call, service)
                : null;
        if (value == null) {
          takeable = false;
          break;
        }
        serviceValues.add(value);
      }
      if (takeable) {
        for (String value : serviceValues) {
          taken.equalColumns.add(service);
          taken.equalValues.add(value);
        }
        it.remove();
      }
    }
    return taken;
  }

  /** Columns (indexes in the table's row) the row checks read. */
  List<Integer> columns() {
    return equalColumns;
  }

  /** The value each of {@link #columns()} must equal, in the same order. */
  List<String> values() {
    return equalValues;
  }

  boolean isEmpty() {
    return equalColumns.isEmpty();
  }

  private static boolean decidedByPath(RexNode node, int dt, int hour) {
    if (!(node instanceof RexCall call)) {
      return false;
    }
    return switch (call.getKind()) {
      case AND, OR -> call.getOperands().stream().allMatch(o -> decidedByPath(o, dt, hour));
      case EQUALS,
          NOT_EQUALS,
          LESS_THAN,
          LESS_THAN_OR_EQUAL,
          GREATER_THAN,
          GREATER_THAN_OR_EQUAL -> {
        RexNode left = call.getOperands().get(0);
        RexNode right = call.getOperands().get(1);
        yield (isColumn(left, dt, hour) && isLiteral(right))
            || (isColumn(right, dt, hour) && isLiteral(left));
      }
      default -> false;
    };
  }

  private static boolean isColumn(RexNode node, int dt, int hour) {
    return node instanceof RexInputRef ref && (ref.getIndex() == dt || ref.getIndex() == hour);
  }

  private static boolean isLiteral(RexNode node) {
    return node instanceof RexLiteral literal && !literal.isNull();
  }

  /** The text of a {@code column = 'literal'} comparison on that very column, or null. */
  private static String textLiteralComparedTo(RexCall call, int column) {
    RexNode left = call.getOperands().get(0);
    RexNode right = call.getOperands().get(1);
    RexNode literal =
        left instanceof RexInputRef ref && ref.getIndex() == column
            ? right
            : right instanceof RexInputRef ref2 && ref2.getIndex() == column ? left : null;
    if (!(literal instanceof RexLiteral text)
        || text.isNull()
        || text.getType().getSqlTypeName().getFamily() != SqlTypeFamily.CHARACTER) {
      return null;
    }
    return text.getValueAs(String.class);
  }
}
