package dev.sluice.ingest.file;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A sink for file-source tests: keeps every line and acknowledges it at once. */
final class CollectingSink implements LineSink {
  record Line(String fingerprint, long start, long end, String text, boolean truncated) {}

  final List<Line> lines = new ArrayList<>();
  private DeliveredPosition.Batch batch;

  @Override
  public void line(
      TailedFile file,
      byte[] bytes,
      int offset,
      int length,
      long start,
      long end,
      boolean truncated) {
    if (batch == null) {
      batch = file.position().delivery().openBatch();
    }
    batch.sent();
    lines.add(
        new Line(
            file.position().fingerprint(),
            start,
            end,
            new String(bytes, offset, length, StandardCharsets.UTF_8),
            truncated));
    batch.acknowledged();
  }

  @Override
  public void readEnded(TailedFile file) {
    if (batch != null) {
      batch.seal(file.lineStart());
      batch = null;
    }
  }

  List<String> texts() {
    return lines.stream().map(Line::text).toList();
  }
}
