package dev.sluice.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.local.junit.KafkaExtension;
import dev.sluice.local.junit.S3Extension;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The stack's stop/restart, which failure-injection tests rely on, keeps ports and data. */
class RestartIT {
  @RegisterExtension static final KafkaExtension KAFKA = KafkaExtension.dedicated();
  @RegisterExtension static final S3Extension S3 = S3Extension.dedicated();

  @Test
  void brokerRestartKeepsTopicsAndRecords() throws Exception {
    String topic = KAFKA.newTopic(1);
    Map<String, Object> producerConfig =
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    try (var producer =
        new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, "k", "before")).get();
    }

    KAFKA.broker().stop();
    assertThat(KAFKA.broker().isRunning()).isFalse();
    KAFKA.broker().restart();

    try (var producer =
        new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, "k", "after")).get();
    }
    Map<String, Object> consumerConfig =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
            ConsumerConfig.GROUP_ID_CONFIG, "restart",
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<String> values = new ArrayList<>();
    try (var consumer =
        new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (values.size() < 2 && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
          values.add(r.value());
        }
      }
    }
    assertThat(values).containsExactly("before", "after");
  }

  @Test
  void s3ServerStopRefusesRequestsAndRestartKeepsObjects() throws Exception {
    MinioClient client = S3.client();
    String bucket = S3.newBucket();
    byte[] body = "kept".getBytes();
    client.putObject(
        PutObjectArgs.builder().bucket(bucket).object("k").stream(
                new ByteArrayInputStream(body), body.length, -1)
            .build());

    S3.server().stop();
    assertThatThrownBy(
            () -> client.getObject(GetObjectArgs.builder().bucket(bucket).object("k").build()))
        .isInstanceOf(java.net.ConnectException.class);
    S3.server().restart();

    try (GetObjectResponse in =
        client.getObject(GetObjectArgs.builder().bucket(bucket).object("k").build())) {
      assertThat(new String(in.readAllBytes())).isEqualTo("kept");
    }
  }
}
