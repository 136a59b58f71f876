package dev.sluice.ingest.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A message template with variable parts, {@code "Order {order} placed by {customer}"}, compiled
 * once and filled with random values of the placeholder's kind: {@code {id}} (hex), {@code
 * {order}}, {@code {cart}}, {@code {customer}}, {@code {sku}}, {@code {user}}, {@code {n}} (small
 * count), {@code {ms}} (milliseconds), {@code {amount}}, {@code {ip}}, {@code {term}}, {@code
 * {code}}, {@code {shard}}, {@code {pct}}. An unknown placeholder is kept as written. Immutable.
 */
public final class Template {
  private static final String[] TERMS = {
    "shoes",
    "laptop",
    "coffee",
    "headphones",
    "desk lamp",
    "backpack",
    "garden hose",
    "tent",
    "phone case",
    "monitor",
    "kettle",
    "running socks"
  };
  private static final String[] CODES = {"SPRING10", "WELCOME5", "FREESHIP", "VIP20", "BUNDLE3"};

  private final String text;
  private final String[] literals;
  private final String[] holes;

  private Template(String text) {
    this.text = text;
    List<String> lits = new ArrayList<>();
    List<String> names = new ArrayList<>();
    int i = 0;
    StringBuilder literal = new StringBuilder();
    while (i < text.length()) {
      int open = text.indexOf('{', i);
      int close = open < 0 ? -1 : text.indexOf('}', open);
      if (open < 0 || close < 0) {
        literal.append(text, i, text.length());
        break;
      }
      literal.append(text, i, open);
      lits.add(literal.toString());
      literal.setLength(0);
      names.add(text.substring(open + 1, close));
      i = close + 1;
    }
    lits.add(literal.toString());
    this.literals = lits.toArray(new String[0]);
    this.holes = names.toArray(new String[0]);
  }

  public static Template of(String text) {
    return new Template(text);
  }

  /** The template as written. */
  public String text() {
    return text;
  }

  /** Appends the template with every placeholder filled from {@code random}. */
  public StringBuilder fill(StringBuilder out, SplittableRandom random) {
    for (int k = 0; k < holes.length; k++) {
      out.append(literals[k]);
      value(out, holes[k], random);
    }
    return out.append(literals[holes.length]);
  }

  /** The template filled, as a string. */
  public String fill(SplittableRandom random) {
    return fill(new StringBuilder(text.length() + 32), random).toString();
  }

  private static void value(StringBuilder out, String hole, SplittableRandom r) {
    switch (hole) {
      case "id":
        out.append(Long.toHexString(r.nextLong() | Long.MIN_VALUE), 0, 12);
        break;
      case "order":
        out.append("ord-").append(100000 + r.nextInt(900000));
        break;
      case "cart":
        out.append("cart-").append(10000 + r.nextInt(90000));
        break;
      case "customer":
        out.append("cus-").append(1000 + r.nextInt(9000));
        break;
      case "sku":
        out.append("SKU-").append(10000 + r.nextInt(90000));
        break;
      case "user":
        out.append("user").append(r.nextInt(5000));
        break;
      case "n":
        out.append(1 + r.nextInt(9));
        break;
      case "ms":
        out.append(20 + r.nextInt(3000));
        break;
      case "amount":
        out.append(5 + r.nextInt(500)).append('.').append(10 + r.nextInt(90));
        break;
      case "ip":
        out.append("10.")
            .append(r.nextInt(256))
            .append('.')
            .append(r.nextInt(256))
            .append('.')
            .append(1 + r.nextInt(254));
        break;
      case "term":
        out.append(TERMS[r.nextInt(TERMS.length)]);
        break;
      case "code":
        out.append(CODES[r.nextInt(CODES.length)]);
        break;
      case "shard":
        out.append(r.nextInt(32));
        break;
      case "pct":
        out.append(50 + r.nextInt(50));
        break;
      default:
        out.append('{').append(hole).append('}');
    }
  }

  @Override
  public String toString() {
    return text;
  }
}
