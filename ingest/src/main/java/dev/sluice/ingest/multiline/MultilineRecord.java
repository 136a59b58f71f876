package dev.sluice.ingest.multiline;

/**
 * One record assembled from one or more lines.
 *
 * @param text the lines joined with {@code \n} (line terminators removed), cut at the maximum
 *     length when {@code truncated}
 * @param startOffset the byte offset of the record's first line in its source
 * @param endOffset the byte offset just past the record's last line (its terminator included): a
 *     reader that has handed this record on may resume from here
 * @param lineCount how many lines the record covers, including any whose text was cut away
 * @param truncated true when text was cut because the record exceeded the maximum length or line
 *     count; the offsets still cover every line, so nothing is read twice
 */
public record MultilineRecord(
    String text, long startOffset, long endOffset, int lineCount, boolean truncated) {}
