package dev.sluice.query.bench;

import dev.sluice.model.Anomaly;
import dev.sluice.model.AnomalyKind;
import dev.sluice.model.AnomalyStatus;
import dev.sluice.model.Exemplar;
import dev.sluice.model.LogEvent;
import dev.sluice.model.Reject;
import dev.sluice.model.Severity;
import dev.sluice.model.WindowStats;
import dev.sluice.query.storage.PartitionPath;
import dev.sluice.query.storage.StoredTableWriter;
import io.minio.MinioClient;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.avro.file.CodecFactory;

/**
 * A small, fully known data set in the stored layout, for tests and for trying {@code sluice query}
 * by hand: three services (one with a name that needs escaping) over three hours of logs, one stats
 * row per service and hour, one anomaly whose exemplars point at real log events, two rejects
 * (partitioned by time alone, as the job writes them), and decoys (temporary and hidden objects, a
 * non-Avro file) that a reader must skip.
 */
public final class SampleData {
  public static final List<String> SERVICES = List.of("checkout", "payments", "web/api");
  public static final int HOURS = 3;
  public static final int EVENTS_PER_PARTITION = 20;
  public static final String ANOMALY_ID = "anomaly-checkout-error-rate";

  private final long firstHourMillis;
  private final List<LogEvent> events;
  private final Anomaly anomaly;
  private final int objects;

  private SampleData(long firstHourMillis, List<LogEvent> events, Anomaly anomaly, int objects) {
    this.firstHourMillis = firstHourMillis;
    this.events = events;
    this.anomaly = anomaly;
    this.objects = objects;
  }

  /**
   * Writes the data set into {@code bucket}, its first hour starting at {@code firstHourMillis}.
   */
  public static SampleData write(MinioClient client, String bucket, long firstHourMillis) {
    CodecFactory[] codecs = {
      CodecFactory.zstandardCodec(3), CodecFactory.deflateCodec(6), CodecFactory.snappyCodec()
    };
    List<LogEvent> all = new ArrayList<>();
    int objects = 0;
    for (int h = 0; h < HOURS; h++) {
      long hourStart = firstHourMillis + h * 3_600_000L;
      for (int s = 0; s < SERVICES.size(); s++) {
        String service = SERVICES.get(s);
        List<LogEvent> part = new ArrayList<>();
        SyntheticLogs.hour(service, hourStart, EVENTS_PER_PARTITION, 31L * h + s)
            .forEachRemaining(part::add);
        all.addAll(part);
        PartitionPath partition = PartitionPath.of(hourStart, service);
        writer(client, bucket, codecs[(h + s) % codecs.length])
            .write("logs", partition, "part-0", LogEvent.getClassSchema(), part.iterator());
        objects++;
        WindowStats stats = stats(service, hourStart, part);
        writer(client, bucket, codecs[0])
            .write(
                "stats",
                partition,
                "part-0",
                WindowStats.getClassSchema(),
                List.of(stats).iterator());
      }
    }
    writeDecoys(client, bucket, firstHourMillis, all.get(0));
    Anomaly anomaly = anomaly(firstHourMillis + 3_600_000L, all);
    writer(client, bucket, codecs[1])
        .write(
            "anomalies",
            PartitionPath.of(anomaly.getWindowStart().toEpochMilli(), anomaly.getService()),
            "part-0",
            Anomaly.getClassSchema(),
            List.of(anomaly).iterator());
    // rejects are partitioned by time alone (their service is usually unknown), as the job does
    String rejectsDir = "rejects/" + PartitionPath.of(firstHourMillis, null).timePrefix();
    writer(client, bucket, codecs[2])
        .writeKey(
            rejectsDir + "part-0.avro",
            Reject.getClassSchema(),
            List.of(reject("r-1", firstHourMillis + 1000, "checkout", "not JSON")).iterator());
    writer(client, bucket, codecs[2])
        .writeKey(
            rejectsDir + "part-1.avro",
            Reject.getClassSchema(),
            List.of(reject("r-2", firstHourMillis + 2000, null, "no service field")).iterator());
    return new SampleData(firstHourMillis, List.copyOf(all), anomaly, objects);
  }

  /** Start of the first hour of logs. */
  public long firstHourMillis() {
    return firstHourMillis;
  }

  /** Every log event written, in write order. */
  public List<LogEvent> events() {
    return events;
  }

  /** The one anomaly. */
  public Anomaly anomaly() {
    return anomaly;
  }

  /** Number of visible objects in the {@code logs} table. */
  public int logObjects() {
    return objects;
  }

  private static StoredTableWriter writer(MinioClient client, String bucket, CodecFactory codec) {
    return new StoredTableWriter(client, bucket, codec);
  }

  /** Objects that hold real events but must never be read. */
  private static void writeDecoys(
      MinioClient client, String bucket, long firstHourMillis, LogEvent sample) {
    StoredTableWriter writer = writer(client, bucket, CodecFactory.nullCodec());
    PartitionPath partition = PartitionPath.of(firstHourMillis, "checkout");
    String dir = "logs/" + partition.prefix();
    for (String key :
        List.of(
            "logs/_sluice/pending/part-9.avro",
            dir + ".part-1.avro.inprogress.avro",
            dir + "_tmp/part-2.avro",
            "logs/dt=" + partition.dt() + "/_temporary/part-3.avro")) {
      writer.writeKey(key, LogEvent.getClassSchema(), List.of(sample).iterator());
    }
    try {
      byte[] text = "not avro".getBytes(StandardCharsets.UTF_8);
      client.putObject(
          io.minio.PutObjectArgs.builder().bucket(bucket).object(dir + "README.txt").stream(
                  new java.io.ByteArrayInputStream(text), text.length, -1)
              .build());
    } catch (Exception e) {
      throw new IllegalStateException("cannot write a decoy object", e);
    }
  }

  private static WindowStats stats(String service, long hourStart, List<LogEvent> part) {
    long errors = part.stream().filter(e -> e.getLevel().name().equals("ERROR")).count();
    return WindowStats.newBuilder()
        .setService(service)
        .setWindowStart(Instant.ofEpochMilli(hourStart))
        .setWindowEnd(Instant.ofEpochMilli(hourStart + 3_600_000L))
        .setCount(part.size())
        .setErrorCount(errors)
        .setCountByLevel(Map.of("ERROR", errors, "OTHER", part.size() - errors))
        .setLatencyP95Ms(100.0)
        .build();
  }

  private static Anomaly anomaly(long hourStart, List<LogEvent> all) {
    List<Exemplar> exemplars = new ArrayList<>();
    Iterator<LogEvent> it =
        all.stream()
            .filter(e -> e.getService().equals("checkout"))
            .filter(e -> e.getEventTime().toEpochMilli() >= hourStart)
            .iterator();
    for (int i = 0; i < 2 && it.hasNext(); i++) {
      LogEvent e = it.next();
      exemplars.add(
          Exemplar.newBuilder()
              .setEventId(e.getId())
              .setEventTime(e.getEventTime())
              .setMessage(e.getMessage())
              .build());
    }
    return Anomaly.newBuilder()
        .setId(ANOMALY_ID)
        .setKind(AnomalyKind.ERROR_RATE_RISE)
        .setStatus(AnomalyStatus.OPEN)
        .setService("checkout")
        .setWindowStart(Instant.ofEpochMilli(hourStart))
        .setWindowEnd(Instant.ofEpochMilli(hourStart + 600_000L))
        .setDetectedAt(Instant.ofEpochMilli(hourStart + 600_000L))
        .setObserved(0.25)
        .setExpected(0.02)
        .setLowerBound(0.0)
        .setUpperBound(0.05)
        .setScore(7.5)
        .setSeverity(Severity.CRITICAL)
        .setDescription("checkout error rate 25% against 2% expected")
        .setExemplars(exemplars)
        .build();
  }

  private static Reject reject(String id, long time, String service, String reason) {
    return Reject.newBuilder()
        .setId(id)
        .setReceivedTime(Instant.ofEpochMilli(time))
        .setService(service)
        .setStage("parse")
        .setReason(reason)
        .setRaw(ByteBuffer.wrap("{oops".getBytes(StandardCharsets.UTF_8)))
        .build();
  }
}
