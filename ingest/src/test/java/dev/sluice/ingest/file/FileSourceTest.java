package dev.sluice.ingest.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSourceTest {
  @TempDir Path dir;

  private final SourcePositions positions = new SourcePositions();
  private final CollectingSink sink = new CollectingSink();
  private int truncations;

  private FileSource source(String glob, ReadFrom readFrom, boolean gzip, int maxLine) {
    return new FileSource(
        new FileSourceOptions(
            List.of(PathGlob.of(dir.resolve(glob).toString())),
            readFrom,
            gzip,
            maxLine,
            Duration.ofMinutes(5)),
        positions,
        new FileSourceListener() {
          @Override
          public void bytesRead(long bytes) {}

          @Override
          public void fileTruncated(String path) {
            truncations++;
          }
        });
  }

  private FileSource source(String glob) {
    return source(glob, ReadFrom.BEGINNING, false, 1024 * 1024);
  }

  private static void drain(FileSource source, LineSink sink) {
    source.scan();
    while (source.read(sink) > 0) {}
  }

  private static void append(Path file, String text) throws IOException {
    Files.writeString(
        file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  private static String lines(int from, int to) {
    StringBuilder s = new StringBuilder();
    for (int i = from; i < to; i++) {
      s.append("line ").append(i).append('\n');
    }
    return s.toString();
  }

  private static List<String> expected(int from, int to) {
    List<String> list = new ArrayList<>();
    for (int i = from; i < to; i++) {
      list.add("line " + i);
    }
    return list;
  }

  @Test
  void emitsOnlyCompleteLinesAndJoinsTheRestLater() throws IOException {
    Path log = dir.resolve("app.log");
    append(log, "first\nsec");
    FileSource source = source("app.log");
    drain(source, sink);
    assertThat(sink.texts()).containsExactly("first");
    append(log, "ond\r\nthird\n");
    drain(source, sink);
    assertThat(sink.texts()).containsExactly("first", "second", "third");
    assertThat(sink.lines.get(1).start()).isEqualTo(6);
    assertThat(sink.lines.get(2).start()).isEqualTo(14);
  }

  @Test
  void followsRenameRotationWithoutLosingTheTail() throws IOException {
    Path log = dir.resolve("app.log");
    append(log, lines(0, 100));
    FileSource source = source("app.log");
    drain(source, sink);
    append(log, lines(100, 150)); // written just before rotation, not read yet
    Files.move(log, dir.resolve("app.log.1"));
    append(dir.resolve("app.log.1"), lines(150, 160)); // the writer still had it open
    append(log, lines(160, 200));
    drain(source, sink);
    drain(source, sink);
    assertThat(sink.texts()).containsExactlyInAnyOrderElementsOf(expected(0, 200));
  }

  @Test
  void resumesACopytruncatedFileInItsCopy() throws IOException {
    Path log = dir.resolve("app.log");
    append(log, lines(0, 100));
    FileSource source = source("app.log*");
    drain(source, sink);
    append(log, lines(100, 150));
    Files.copy(log, dir.resolve("app.log.1"));
    try (FileChannel channel = FileChannel.open(log, StandardOpenOption.WRITE)) {
      channel.truncate(0);
    }
    append(log, lines(150, 200));
    drain(source, sink);
    drain(source, sink);
    assertThat(sink.texts()).containsExactlyInAnyOrderElementsOf(expected(0, 200));
  }

  @Test
  void detectsTruncationAndReadsFromTheStart() throws IOException {
    Path log = dir.resolve("app.log");
    append(log, lines(0, 50));
    FileSource source = source("app.log");
    drain(source, sink);
    try (FileChannel channel = FileChannel.open(log, StandardOpenOption.WRITE)) {
      channel.truncate(0);
    }
    append(log, "after truncation\n");
    drain(source, sink);
    assertThat(truncations).isEqualTo(1);
    assertThat(sink.texts()).endsWith("after truncation").hasSize(51);
  }

  @Test
  void resumesAtTheSavedPositionAfterARestart() throws IOException {
    Path log = dir.resolve("app.log");
    append(log, lines(0, 10));
    FileSource first = source("app.log");
    drain(first, sink);
    List<SavedPosition> saved = positions.snapshot(System.currentTimeMillis(), Duration.ofDays(1));
    first.close();
    append(log, lines(10, 20));

    CollectingSink after = new CollectingSink();
    FileSource second =
        new FileSource(
            new FileSourceOptions(
                List.of(PathGlob.of(log.toString())),
                ReadFrom.BEGINNING,
                false,
                1024,
                Duration.ofMinutes(5)),
            SourcePositions.restore(saved),
            FileSourceListener.NONE);
    drain(second, after);
    assertThat(after.texts()).containsExactlyElementsOf(expected(10, 20));
    assertThat(after.lines.get(0).fingerprint()).isEqualTo(sink.lines.get(0).fingerprint());
  }

  @Test
  void readFromEndSkipsOldContentButReadsFilesThatAppearLater() throws IOException {
    append(dir.resolve("old.log"), lines(0, 10));
    FileSource source = source("*.log", ReadFrom.END, false, 1024);
    drain(source, sink);
    assertThat(sink.texts()).isEmpty();
    append(dir.resolve("old.log"), lines(10, 12));
    append(dir.resolve("new.log"), lines(100, 102));
    drain(source, sink);
    assertThat(sink.texts())
        .containsExactlyInAnyOrder("line 10", "line 11", "line 100", "line 101");
  }

  @Test
  void cutsOverlongLinesAndFlagsThem() throws IOException {
    Path log = dir.resolve("app.log");
    String longLine = "x".repeat(5000);
    append(log, "short\n" + longLine + "\nafter\n");
    FileSource source = source("app.log", ReadFrom.BEGINNING, false, 1024);
    drain(source, sink);
    assertThat(sink.texts()).containsExactly("short", "x".repeat(1024), "after");
    assertThat(sink.lines.get(1).truncated()).isTrue();
    assertThat(sink.lines.get(2).start()).isEqualTo(6 + 5001);
  }

  @Test
  void recognisesACompressedRotatedFileAndReadsUnseenOnes() throws IOException {
    Path log = dir.resolve("app.log");
    append(log, lines(0, 20));
    FileSource source = source("app.log*", ReadFrom.BEGINNING, true, 1024);
    drain(source, sink);
    source.close();
    try (OutputStream out =
        new GZIPOutputStream(Files.newOutputStream(dir.resolve("app.log.1.gz")))) {
      out.write(Files.readAllBytes(log));
    }
    Files.delete(log);
    try (OutputStream out =
        new GZIPOutputStream(Files.newOutputStream(dir.resolve("other.log.gz")))) {
      out.write("gz 1\ngz 2 without newline".getBytes(StandardCharsets.UTF_8));
    }
    FileSource again =
        new FileSource(
            new FileSourceOptions(
                List.of(PathGlob.of(dir.resolve("*.gz").toString())),
                ReadFrom.BEGINNING,
                true,
                1024,
                Duration.ofMinutes(5)),
            positions,
            FileSourceListener.NONE);
    drain(again, sink);
    drain(again, sink);
    List<String> all = new ArrayList<>(expected(0, 20));
    all.add("gz 1");
    all.add("gz 2 without newline");
    assertThat(sink.texts()).containsExactlyInAnyOrderElementsOf(all);
  }

  @Test
  void waitsForTheFirstLineBeforeIdentifyingAFile() throws IOException {
    Path log = dir.resolve("app.log");
    append(log, "no newline yet");
    FileSource source = source("app.log");
    drain(source, sink);
    assertThat(sink.texts()).isEmpty();
    append(log, "\nnext\n");
    drain(source, sink);
    assertThat(sink.texts()).containsExactly("no newline yet", "next");
  }

  private FileSource withPartialLineTimeout(Duration timeout, SourcePositions at) {
    return new FileSource(
        new FileSourceOptions(
            List.of(PathGlob.of(dir.resolve("app.log").toString())),
            ReadFrom.BEGINNING,
            false,
            1024,
            Duration.ofMinutes(5),
            timeout),
        at,
        FileSourceListener.NONE);
  }

  @Test
  void shipsAnUnterminatedLastLineOnceTheFileStopsGrowingAndNotAgainAfterARestart()
      throws IOException {
    Path log = dir.resolve("app.log");
    append(log, "first\nlast without newline");
    FileSource source = withPartialLineTimeout(Duration.ZERO, positions);
    drain(source, sink);
    drain(source, sink);
    assertThat(sink.texts()).containsExactly("first", "last without newline");
    assertThat(sink.lines.get(1).end()).isEqualTo(Files.size(log));
    List<SavedPosition> saved = positions.snapshot(System.currentTimeMillis(), Duration.ofDays(1));
    source.close();

    CollectingSink after = new CollectingSink();
    FileSource restarted = withPartialLineTimeout(Duration.ZERO, SourcePositions.restore(saved));
    drain(restarted, after);
    assertThat(after.texts()).isEmpty();
    append(log, "\nnext\n");
    drain(restarted, after);
    assertThat(after.texts()).containsExactly("", "next");
  }

  @Test
  void keepsAnUnterminatedLineWhileTheTimeoutRunsAndFlushesItAtStopAtEofExactlyOnce()
      throws IOException {
    Path log = dir.resolve("app.log");
    append(log, "first\nlast without newline");
    FileSource source = withPartialLineTimeout(Duration.ofHours(1), positions);
    drain(source, sink);
    assertThat(sink.texts()).containsExactly("first");
    assertThat(source.flushPartialLines(sink)).isEqualTo(1);
    assertThat(source.flushPartialLines(sink)).isZero();
    drain(source, sink);
    assertThat(sink.texts()).containsExactly("first", "last without newline");
    List<SavedPosition> saved = positions.snapshot(System.currentTimeMillis(), Duration.ofDays(1));
    source.close();

    CollectingSink after = new CollectingSink();
    FileSource restarted =
        withPartialLineTimeout(Duration.ofHours(1), SourcePositions.restore(saved));
    drain(restarted, after);
    assertThat(restarted.flushPartialLines(after)).isZero();
    assertThat(after.texts()).isEmpty();
  }
}
