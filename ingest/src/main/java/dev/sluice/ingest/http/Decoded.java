package dev.sluice.ingest.http;

import dev.sluice.ingest.parse.ParsedFields;
import java.util.List;

/**
 * What a request body decoded to: every event in it, or why the body is malformed. A body is all or
 * nothing: one bad record makes the whole request malformed, so a 400 never follows a partial
 * delivery and a client can fix and resend the body as a whole.
 */
public sealed interface Decoded {
  /**
   * One event of a body.
   *
   * @param position its position in the body (line number, or record index), part of its id
   * @param raw the record's text, the message when the fields have none
   */
  record Event(ParsedFields fields, String raw, int position) {}

  /** The body decoded to {@code events} (possibly none). */
  record Events(List<Event> events) implements Decoded {
    public Events {
      events = List.copyOf(events);
    }
  }

  /** The body is malformed; {@code reason} says where and why. */
  record Malformed(String reason) implements Decoded {}
}
