package dev.sluice.sink;

import java.io.Serializable;
import java.util.function.Function;

/**
 * A {@link Function} that Flink can ship to task managers; method references and lambdas passed
 * where one is expected are serializable.
 *
 * @param <T> the input type
 * @param <R> the result type
 */
@FunctionalInterface
public interface SerializableFunction<T, R> extends Function<T, R>, Serializable {}
