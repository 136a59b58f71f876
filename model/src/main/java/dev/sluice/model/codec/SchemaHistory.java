package dev.sluice.model.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/**
 * The schema versions of each record that Sluice has ever written, kept as resources under {@code
 * dev/sluice/model/history/<Record>/v<N>.avsc} (self-contained, numbered from 1 without gaps).
 *
 * <p>The newest version always equals the generated class's schema; a unit test enforces that, so a
 * schema change cannot ship without being recorded here and so every reader keeps decoding what
 * older writers sent.
 */
public final class SchemaHistory {
  private static final String ROOT = "/dev/sluice/model/history/";

  private SchemaHistory() {}

  /** All recorded versions of a record, oldest first. */
  public static List<Schema> versionsOf(String recordSimpleName) {
    List<Schema> versions = new ArrayList<>();
    for (int v = 1; ; v++) {
      String path = ROOT + recordSimpleName + "/v" + v + ".avsc";
      try (InputStream in = SchemaHistory.class.getResourceAsStream(path)) {
        if (in == null) {
          break;
        }
        versions.add(new Schema.Parser().parse(in));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read schema history " + path, e);
      }
    }
    if (versions.isEmpty()) {
      throw new IllegalStateException("no schema history for " + recordSimpleName + " at " + ROOT);
    }
    return List.copyOf(versions);
  }
}
