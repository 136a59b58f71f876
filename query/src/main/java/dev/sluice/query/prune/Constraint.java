package dev.sluice.query.prune;

import java.math.BigDecimal;
import java.util.List;
import org.apache.calcite.sql.SqlKind;

/**
 * What a query's conditions say about the partitions that may hold matching rows. {@link #mayMatch}
 * is {@code false} only when no row of a partition with these bounds can match.
 */
sealed interface Constraint {
  Constraint ANY = new Unknown();

  boolean mayMatch(Bounds bounds);

  /** The conjunction, dropping parts that say nothing; {@link #ANY} when none says anything. */
  static Constraint all(List<Constraint> parts) {
    List<Constraint> known = parts.stream().filter(c -> c != ANY).toList();
    return known.isEmpty() ? ANY : known.size() == 1 ? known.get(0) : new All(known);
  }

  /** The disjunction; {@link #ANY} when any part says nothing. */
  static Constraint any(List<Constraint> parts) {
    return parts.contains(ANY) || parts.isEmpty() ? ANY : new Any(parts);
  }

  /**
   * What is known about a partition: {@code dt}, {@code hour} (-1 until known) and {@code service}
   * (null until known), and the time range {@code [startMillis, endMillis)} it covers.
   */
  record Bounds(String dt, int hour, String service, long startMillis, long endMillis) {}

  /** A comparison operator. */
  enum Op {
    EQ,
    NE,
    LT,
    LE,
    GT,
    GE;

    static Op of(SqlKind kind) {
      return switch (kind) {
        case EQUALS -> EQ;
        case NOT_EQUALS -> NE;
        case LESS_THAN -> LT;
        case LESS_THAN_OR_EQUAL -> LE;
        case GREATER_THAN -> GT;
        case GREATER_THAN_OR_EQUAL -> GE;
        default -> throw new IllegalArgumentException(kind.toString());
      };
    }

    /** Whether {@code value OP constant} holds, given {@code value.compareTo(constant)}. */
    boolean holds(int comparison) {
      return switch (this) {
        case EQ -> comparison == 0;
        case NE -> comparison != 0;
        case LT -> comparison < 0;
        case LE -> comparison <= 0;
        case GT -> comparison > 0;
        case GE -> comparison >= 0;
      };
    }
  }

  /** A condition pruning does not understand: any partition may match. */
  record Unknown() implements Constraint {
    @Override
    public boolean mayMatch(Bounds bounds) {
      return true;
    }
  }

  /** Every constraint may match. */
  record All(List<Constraint> parts) implements Constraint {
    @Override
    public boolean mayMatch(Bounds bounds) {
      return parts.stream().allMatch(c -> c.mayMatch(bounds));
    }
  }

  /** At least one constraint may match. */
  record Any(List<Constraint> parts) implements Constraint {
    @Override
    public boolean mayMatch(Bounds bounds) {
      return parts.stream().anyMatch(c -> c.mayMatch(bounds));
    }
  }

  /** {@code dt OP 'YYYY-MM-DD'}. */
  record OnDay(Op op, String value) implements Constraint {
    @Override
    public boolean mayMatch(Bounds b) {
      return b.dt() == null || value == null || op.holds(b.dt().compareTo(value));
    }
  }

  /** {@code hour OP n}. */
  record OnHour(Op op, BigDecimal value) implements Constraint {
    @Override
    public boolean mayMatch(Bounds b) {
      return b.hour() < 0
          || value == null
          || op.holds(BigDecimal.valueOf(b.hour()).compareTo(value));
    }
  }

  /** {@code service OP 'name'}. */
  record OnService(Op op, String value) implements Constraint {
    @Override
    public boolean mayMatch(Bounds b) {
      return b.service() == null || value == null || op.holds(b.service().compareTo(value));
    }
  }

  /** {@code partitionTime OP t}: may a time in {@code [start, end)} satisfy it? */
  record OnTime(Op op, Long millis) implements Constraint {
    @Override
    public boolean mayMatch(Bounds b) {
      if (millis == null) {
        return true;
      }
      long t = millis;
      long first = b.startMillis();
      long last = b.endMillis() - 1;
      return switch (op) {
        case EQ -> first <= t && t <= last;
        case NE -> true;
        case LT -> first < t;
        case LE -> first <= t;
        case GT -> last > t;
        case GE -> last >= t;
      };
    }
  }
}
