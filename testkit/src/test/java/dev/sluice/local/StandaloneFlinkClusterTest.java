package dev.sluice.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import org.junit.jupiter.api.Test;

class StandaloneFlinkClusterTest {
  @Test
  void clusterClasspathKeepsFlinkAndLeavesOutWhatJobJarsBundle() {
    String repo = "/root/.m2/repository/";
    String cp =
        String.join(
            File.pathSeparator,
            repo + "org/apache/flink/flink-runtime/2.2.1/flink-runtime-2.2.1.jar",
            repo + "org/apache/flink/flink-avro/2.2.1/flink-avro-2.2.1.jar",
            repo + "org/apache/avro/avro/1.12.1/avro-1.12.1.jar",
            repo
                + "org/apache/flink/flink-connector-kafka/5.0.0-2.2/flink-connector-kafka-5.0.0-2.2.jar",
            repo + "org/apache/kafka/kafka-clients/4.2.0/kafka-clients-4.2.0.jar",
            repo + "org/apache/flink/flink-runtime/2.2.1/flink-runtime-2.2.1-tests.jar",
            repo + "org/apache/logging/log4j/log4j-core/2.24.3/log4j-core-2.24.3.jar",
            "/work/main/local/target/classes",
            "/work/main/sink/target/sluice-sink-0.1.0-SNAPSHOT.jar",
            repo + "dev/sluice/sluice-model/0.1.0-SNAPSHOT/sluice-model-0.1.0-SNAPSHOT.jar",
            "/work/main/local/target/test-classes");

    assertThat(StandaloneFlinkCluster.flinkClasspath(cp))
        .containsExactly(
            repo + "org/apache/flink/flink-runtime/2.2.1/flink-runtime-2.2.1.jar",
            repo + "org/apache/logging/log4j/log4j-core/2.24.3/log4j-core-2.24.3.jar");
  }
}
