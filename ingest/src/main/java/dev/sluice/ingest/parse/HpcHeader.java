package dev.sluice.ingest.parse;

import static dev.sluice.ingest.parse.HeaderWords.MAX_WORD;
import static dev.sluice.ingest.parse.HeaderWords.wordEnd;
import static dev.sluice.ingest.parse.TextScan.isDigits;

import java.time.Instant;

/**
 * The header of LANL HPC logs: {@code ID NODE COMPONENT STATE EPOCH FLAG message}. Guarantees: null
 * unless the first word is a number, the fifth a ten-digit epoch and the sixth a flag of at most
 * three characters (digits, optionally after {@code -}); then the node is the host, the component
 * the logger, and id, state and flag are attributes. Stateless, thread-safe.
 */
final class HpcHeader {
  private HpcHeader() {}

  /** {@code ID NODE COMPONENT STATE EPOCH FLAG message} (LANL HPC). */
  static ParsedFields parse(String s) {
    int n = s.length();
    int[] starts = new int[6];
    int[] ends = new int[6];
    int i = 0;
    for (int k = 0; k < 6; k++) {
      if (i >= n) {
        return null;
      }
      starts[k] = i;
      ends[k] = wordEnd(s, i, Math.min(n, i + MAX_WORD));
      if (ends[k] == i) {
        return null;
      }
      i = ends[k] + 1;
    }
    String id = s.substring(starts[0], ends[0]);
    String epoch = s.substring(starts[4], ends[4]);
    String flag = s.substring(starts[5], ends[5]);
    String flagDigits = flag.startsWith("-") ? flag.substring(1) : flag;
    if (!isDigits(id) || !isDigits(flagDigits) || flag.length() > 3) {
      return null;
    }
    if (!isDigits(epoch) || epoch.length() != 10) {
      return null;
    }
    ParsedFields f = new ParsedFields();
    f.eventTime = Instant.ofEpochSecond(Long.parseLong(epoch));
    f.attributes.put("id", id);
    f.host = s.substring(starts[1], ends[1]);
    f.logger = s.substring(starts[2], ends[2]);
    f.attributes.put("state", s.substring(starts[3], ends[3]));
    f.attributes.put("flag", flag);
    f.message = s.substring(Math.min(i, n));
    return f;
  }
}
