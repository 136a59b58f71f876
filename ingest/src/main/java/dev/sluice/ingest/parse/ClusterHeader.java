package dev.sluice.ingest.parse;

import static dev.sluice.ingest.parse.HeaderWords.MAX_WORD;
import static dev.sluice.ingest.parse.HeaderWords.wordEnd;
import static dev.sluice.ingest.parse.TextScan.isDigits;
import static dev.sluice.ingest.parse.TextScan.skipBlanks;

import dev.sluice.ingest.parse.HeaderTimestamps.Stamp;
import java.time.Instant;

/**
 * The headers of supercomputer RAS logs that start with an alert label and an epoch: Blue Gene/L
 * (BGL) and Thunderbird. Guarantees: null unless the line starts with a label ({@code -} or upper
 * case, digits, {@code _}), a ten-digit epoch, a {@code yyyy.MM.dd} date and a node; then the event
 * time is the epoch, the node is the host, a label other than {@code -} is kept as {@code alert},
 * and either BGL's type, component and level or Thunderbird's location and syslog tag are read. A
 * BGL level that is not a known level is kept as the {@code level} attribute. Thread-safe.
 */
final class ClusterHeader {
  private final HeaderTimestamps timestamps;

  ClusterHeader(HeaderTimestamps timestamps) {
    this.timestamps = timestamps;
  }

  /**
   * {@code LABEL EPOCH yyyy.MM.dd NODE} then either BGL's {@code yyyy-MM-dd-HH.mm.ss.ffffff NODE
   * TYPE COMPONENT LEVEL message} or Thunderbird's {@code Mon d HH:mm:ss LOCATION tag[pid]:
   * message}.
   */
  ParsedFields parse(String s) {
    int n = s.length();
    int labelEnd = wordEnd(s, 0, Math.min(n, 32));
    if (labelEnd == 0 || labelEnd >= n || !isLabel(s, 0, labelEnd)) {
      return null;
    }
    int epochStart = labelEnd + 1;
    int epochEnd = wordEnd(s, epochStart, Math.min(n, epochStart + 14));
    if (epochEnd - epochStart != 10 || !isDigits(s.substring(epochStart, epochEnd))) {
      return null;
    }
    int dateStart = epochEnd + 1;
    if (dateStart + 11 > n
        || s.charAt(dateStart + 4) != '.'
        || s.charAt(dateStart + 7) != '.'
        || s.charAt(dateStart + 10) != ' ') {
      return null;
    }
    int nodeStart = dateStart + 11;
    int nodeEnd = wordEnd(s, nodeStart, Math.min(n, nodeStart + MAX_WORD));
    if (nodeEnd == nodeStart || nodeEnd >= n) {
      return null;
    }
    ParsedFields f = new ParsedFields();
    f.eventTime = Instant.ofEpochSecond(Long.parseLong(s.substring(epochStart, epochEnd)));
    String label = s.substring(0, labelEnd);
    if (!"-".equals(label)) {
      f.attributes.put("alert", label);
    }
    f.host = s.substring(nodeStart, nodeEnd);
    int i = nodeEnd + 1;
    Stamp syslogTime = timestamps.syslogStamp(s, i);
    if (syslogTime != null) {
      // Thunderbird: LOCATION then a syslog tag, or straight the message.
      int j = skipBlanks(s, syslogTime.end(), n);
      int locEnd = wordEnd(s, j, Math.min(n, j + MAX_WORD));
      f.attributes.put("location", s.substring(j, locEnd));
      j = skipBlanks(s, locEnd, n);
      int tagEnd = SyslogParser.tagEnd(s, j, n);
      if (tagEnd > j) {
        f.service = s.substring(j, tagEnd);
        f.attributes.put("syslog.appname", f.service);
        j = SyslogParser.afterTag(s, tagEnd, n, f);
      }
      f.message = s.substring(Math.min(j, n));
      return f;
    }
    // BGL: time, node again, type, component, level.
    int timeEnd = wordEnd(s, i, Math.min(n, i + 40));
    if (timeEnd - i < 19 || s.charAt(i + 4) != '-' || s.charAt(i + 10) != '-') {
      return null;
    }
    int j = timeEnd;
    String[] fields = new String[3];
    j = skipBlanks(s, j, n);
    int repeatEnd = wordEnd(s, j, Math.min(n, j + MAX_WORD));
    j = skipBlanks(s, repeatEnd, n);
    for (int k = 0; k < 3; k++) {
      int e = wordEnd(s, j, Math.min(n, j + MAX_WORD));
      if (e == j) {
        return null;
      }
      fields[k] = s.substring(j, e);
      j = skipBlanks(s, e, n);
    }
    f.attributes.put("type", fields[0]);
    f.logger = fields[1];
    f.level = Levels.fromName(fields[2]);
    if (f.level == null) {
      f.attributes.put("level", fields[2]);
    }
    f.message = s.substring(Math.min(j, n));
    return f;
  }

  private static boolean isLabel(String s, int from, int to) {
    if (to - from == 1 && s.charAt(from) == '-') {
      return true;
    }
    for (int k = from; k < to; k++) {
      char c = s.charAt(k);
      if (!((c >= 'A' && c <= 'Z') || c == '_' || (c >= '0' && c <= '9'))) {
        return false;
      }
    }
    return to > from;
  }
}
