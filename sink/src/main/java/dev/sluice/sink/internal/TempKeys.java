package dev.sluice.sink.internal;

import dev.sluice.model.layout.PartFilePath;

/**
 * Keys of the sink's temporary objects. All live under {@value #ROOT}, a prefix whose first segment
 * starts with {@code _}, so readers (sluice query, Spark, Trino, DuckDB) never see them:
 *
 * <pre>
 * _sluice/tmp/&lt;table&gt;/&lt;part file name&gt;/&lt;n&gt;.remainder
 * </pre>
 */
public final class TempKeys {
  /** Root of all temporary objects. */
  public static final String ROOT = "_sluice/tmp/";

  private TempKeys() {}

  /** The {@code n}th remainder object of a part file. */
  public static String remainder(PartFilePath path, int n) {
    return ROOT + path.table() + "/" + path.fileName() + "/" + n + ".remainder";
  }

  /** The prefix of all temporary objects of a table. */
  public static String tablePrefix(String table) {
    return ROOT + table + "/";
  }

  /** The part file name a temporary key belongs to, or null if it is not one of ours. */
  public static String fileNameOf(String tempKey, String table) {
    String prefix = tablePrefix(table);
    if (!tempKey.startsWith(prefix)) {
      return null;
    }
    String rest = tempKey.substring(prefix.length());
    int slash = rest.indexOf('/');
    return slash < 0 ? null : rest.substring(0, slash);
  }
}
