package dev.sluice.query.prune;

import dev.sluice.model.layout.PartFilePath.Partition;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.Set;

/**
 * The finite set of values a constraint allows for one partition level ({@code dt}, {@code hour} or
 * {@code service}), when equalities pin it: {@code dt = 'd'} pins {@code {d}}, an {@code AND} the
 * intersection of the parts that pin, an {@code OR} the union when every part pins. Null when the
 * constraint does not pin the level (any value may match). A value no stored segment can spell (an
 * invalid day, a fractional hour) is left out, as no listed partition could match it either.
 */
final class Pinned {
  enum Level {
    DAY,
    HOUR,
    SERVICE
  }

  private Pinned() {}

  static Set<Object> values(Constraint constraint, Level level) {
    if (constraint instanceof Constraint.All all) {
      Set<Object> result = null;
      for (Constraint part : all.parts()) {
        Set<Object> values = values(part, level);
        if (values != null) {
          if (result == null) {
            result = new HashSet<>(values);
          } else {
            result.retainAll(values);
          }
        }
      }
      return result;
    }
    if (constraint instanceof Constraint.Any any) {
      Set<Object> result = new HashSet<>();
      for (Constraint part : any.parts()) {
        Set<Object> values = values(part, level);
        if (values == null) {
          return null;
        }
        result.addAll(values);
      }
      return result;
    }
    if (level == Level.DAY
        && constraint instanceof Constraint.OnDay day
        && day.op() == Constraint.Op.EQ
        && day.value() != null) {
      return Partition.day("dt=" + day.value()).<Set<Object>>map(Set::of).orElse(Set.of());
    }
    if (level == Level.HOUR
        && constraint instanceof Constraint.OnHour hour
        && hour.op() == Constraint.Op.EQ
        && hour.value() != null) {
      BigDecimal value = hour.value();
      for (int h = 0; h < 24; h++) {
        if (BigDecimal.valueOf(h).compareTo(value) == 0) {
          return Set.of(h);
        }
      }
      return Set.of();
    }
    if (level == Level.SERVICE
        && constraint instanceof Constraint.OnService service
        && service.op() == Constraint.Op.EQ
        && service.value() != null) {
      return Set.of(service.value());
    }
    return null;
  }
}
