package dev.sluice.ingest.syslog;

/**
 * One syslog message as it came off the wire, before parsing.
 *
 * @param text the message, decoded as UTF-8 (invalid bytes become U+FFFD)
 * @param bytes its size on the wire, without framing
 * @param truncated whether it was longer than the maximum frame and was cut
 */
record SyslogFrame(String text, int bytes, boolean truncated) {}
