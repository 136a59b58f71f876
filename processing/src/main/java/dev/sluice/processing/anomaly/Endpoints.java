package dev.sluice.processing.anomaly;

import dev.sluice.model.HttpRequest;
import dev.sluice.model.LogEvent;

/**
 * Names the endpoint of an HTTP event with bounded cardinality: method and path, query string
 * dropped, and every path segment that holds a digit (ids, numbers, dates) written {@code <*>}:
 * {@code GET /api/cart/cart-12345/items?x=1} is {@code GET /api/cart/<*>/items}.
 */
public final class Endpoints {
  private Endpoints() {}

  /** The endpoint of {@code e}, or null when it is not an HTTP event. */
  public static String of(LogEvent e) {
    HttpRequest http = e.getHttp();
    if (http == null || http.getPath() == null) {
      return null;
    }
    return normalise(http.getMethod(), http.getPath());
  }

  /** The endpoint of {@code method} and {@code path}. */
  public static String normalise(String method, String path) {
    int q = path.indexOf('?');
    String p = q >= 0 ? path.substring(0, q) : path;
    StringBuilder out = new StringBuilder(p.length() + 8);
    if (method != null) {
      out.append(method).append(' ');
    }
    int i = 0;
    while (i < p.length()) {
      int slash = p.indexOf('/', i);
      int end = slash < 0 ? p.length() : slash;
      String segment = p.substring(i, end);
      out.append(hasDigit(segment) ? "<*>" : segment);
      if (slash < 0) {
        break;
      }
      out.append('/');
      i = slash + 1;
    }
    return out.toString();
  }

  private static boolean hasDigit(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isDigit(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }
}
