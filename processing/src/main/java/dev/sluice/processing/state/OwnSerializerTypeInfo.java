package dev.sluice.processing.state;

import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * Flink type information for a type that has one serializer of its own (no POJO analysis, no Kryo):
 * a single field, never a key, equal to any other instance of the same subclass. A subclass names
 * the type and creates its serializer.
 */
public abstract class OwnSerializerTypeInfo<T> extends TypeInformation<T> {
  private static final long serialVersionUID = 1L;

  private final Class<T> type;

  protected OwnSerializerTypeInfo(Class<T> type) {
    this.type = type;
  }

  @Override
  public final boolean isBasicType() {
    return false;
  }

  @Override
  public final boolean isTupleType() {
    return false;
  }

  @Override
  public final int getArity() {
    return 1;
  }

  @Override
  public final int getTotalFields() {
    return 1;
  }

  @Override
  public final Class<T> getTypeClass() {
    return type;
  }

  @Override
  public final boolean isKeyType() {
    return false;
  }

  @Override
  public String toString() {
    return type.getSimpleName();
  }

  @Override
  public final boolean equals(Object obj) {
    return obj != null && obj.getClass() == getClass();
  }

  @Override
  public final int hashCode() {
    return getClass().hashCode();
  }

  @Override
  public final boolean canEqual(Object obj) {
    return obj != null && obj.getClass() == getClass();
  }
}
