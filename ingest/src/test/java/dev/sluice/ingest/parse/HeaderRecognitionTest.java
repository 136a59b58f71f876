package dev.sluice.ingest.parse;

import static dev.sluice.ingest.parse.ParserTesting.OPTIONS;
import static dev.sluice.ingest.parse.ParserTesting.failure;
import static dev.sluice.ingest.parse.ParserTesting.parsed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.model.Level;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The {@code auto} parser finds the message behind the headers of real log lines, one family each
 * (lines as in the Loghub samples), and puts time, host, level and component into their fields.
 */
class HeaderRecognitionTest {
  private final AutoParser auto = (AutoParser) Parsers.byName("auto", OPTIONS);

  @Test
  void syslog3164WithPidAndParenthesisedTag() {
    ParsedFields f =
        parsed(
            auto, "Dec 10 06:55:46 LabSZ sshd[24200]: Invalid user webmaster from 173.234.31.186");
    assertThat(f.message).isEqualTo("Invalid user webmaster from 173.234.31.186");
    assertThat(f.host).isEqualTo("LabSZ");
    assertThat(f.service).isEqualTo("sshd");
    assertThat(f.attributes).containsEntry("syslog.procid", "24200");
    assertThat(f.eventTime).isEqualTo("2023-12-10T06:55:46Z");
    ParsedFields linux =
        parsed(auto, "Jun 14 15:16:02 combo sshd(pam_unix)[19937]: check pass; user unknown");
    assertThat(linux.service).isEqualTo("sshd(pam_unix)");
    assertThat(linux.message).isEqualTo("check pass; user unknown");
    ParsedFields mac =
        parsed(
            auto,
            "Jul  1 09:29:02 calvisitor-10-105-160-95 sandboxd[129] ([31211]): com.apple.Addres(31211)"
                + " deny network-outbound /private/var/run/mDNSResponder");
    assertThat(mac.message)
        .isEqualTo("com.apple.Addres(31211) deny network-outbound /private/var/run/mDNSResponder");
  }

  @Test
  void syslog5424() {
    ParsedFields f =
        parsed(auto, "<165>1 2003-10-11T22:14:15.003Z mymachine evntslog - ID47 - BOM-less event");
    assertThat(f.message).isEqualTo("BOM-less event");
    assertThat(f.service).isEqualTo("evntslog");
    assertThat(f.host).isEqualTo("mymachine");
  }

  @Test
  void javaLayoutWithThreadAndLogger() {
    ParsedFields f =
        parsed(
            auto,
            "2015-10-18 18:01:47,978 INFO [main] org.apache.hadoop.mapreduce.v2.app.MRAppMaster:"
                + " Created MRAppMaster for application appattempt_1445144423722_0020_000001");
    assertThat(f.message)
        .isEqualTo("Created MRAppMaster for application appattempt_1445144423722_0020_000001");
    assertThat(f.level).isEqualTo(Level.INFO);
    assertThat(f.thread).isEqualTo("main");
    assertThat(f.logger).isEqualTo("org.apache.hadoop.mapreduce.v2.app.MRAppMaster");
    assertThat(f.eventTime).isEqualTo("2015-10-18T18:01:47.978Z");
  }

  @Test
  void javaLayoutWithNestedBracketsInTheThread() {
    ParsedFields f =
        parsed(
            auto,
            "2015-07-29 17:41:44,747 - INFO  [QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:"
                + "FastLeaderElection@774] - Notification time out: 3200");
    assertThat(f.message).isEqualTo("Notification time out: 3200");
    assertThat(f.thread)
        .isEqualTo("QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:FastLeaderElection@774");
    assertThat(f.level).isEqualTo(Level.INFO);
  }

  @Test
  void isoTimestampPidLevelLoggerAndContext() {
    ParsedFields f =
        parsed(
            auto,
            "nova-api.log.1.2017-05-16_13:53:08 2017-05-16 00:00:00.008 25746 INFO"
                + " nova.osapi_compute.wsgi.server [req-38101a0b-2096 113d3a99 - - -] 10.11.10.1"
                + " \"GET /v2/servers/detail HTTP/1.1\" status: 200 len: 1893 time: 0.2477829");
    assertThat(f.message)
        .isEqualTo(
            "10.11.10.1 \"GET /v2/servers/detail HTTP/1.1\" status: 200 len: 1893 time: 0.2477829");
    assertThat(f.logger).isEqualTo("nova.osapi_compute.wsgi.server");
    assertThat(f.level).isEqualTo(Level.INFO);
    assertThat(f.attributes)
        .containsEntry("pid", "25746")
        .containsEntry("context", "req-38101a0b-2096 113d3a99 - - -")
        .containsEntry("file", "nova-api.log.1.2017-05-16_13:53:08");
    assertThat(f.eventTime).isEqualTo("2017-05-16T00:00:00.008Z");
  }

  @Test
  void apacheErrorLogWithBracketedLevel() {
    ParsedFields f =
        parsed(
            auto,
            "[Sun Dec 04 04:51:08 2005] [notice] jk2_init() Found child 6725 in scoreboard slot 10");
    assertThat(f.message).isEqualTo("jk2_init() Found child 6725 in scoreboard slot 10");
    assertThat(f.level).isEqualTo(Level.INFO);
    assertThat(f.eventTime).isEqualTo("2005-12-04T04:51:08Z");
    ParsedFields client =
        parsed(
            auto,
            "[Sun Dec 04 05:15:09 2005] [error] [client 222.166.160.184] Directory index forbidden");
    assertThat(client.message).isEqualTo("[client 222.166.160.184] Directory index forbidden");
    assertThat(client.level).isEqualTo(Level.ERROR);
  }

  @Test
  void windowsCbsColumns() {
    ParsedFields f =
        parsed(
            auto,
            "2016-09-28 04:30:31, Info                  CSI    00000001@2016/9/27:20:30:31.455"
                + " WcpInitialize (wcp.dll version 0.0.0.6) called");
    assertThat(f.message)
        .isEqualTo(
            "00000001@2016/9/27:20:30:31.455 WcpInitialize (wcp.dll version 0.0.0.6) called");
    assertThat(f.level).isEqualTo(Level.INFO);
    assertThat(f.logger).isEqualTo("CSI");
    assertThat(f.eventTime).isEqualTo("2016-09-28T04:30:31Z");
  }

  @Test
  void androidLogcatThreadtime() {
    ParsedFields f =
        parsed(
            auto,
            "03-17 16:13:38.819  1702  8671 D PowerManagerService: acquire lock=233570404,"
                + " flags=0x1");
    assertThat(f.message).isEqualTo("acquire lock=233570404, flags=0x1");
    assertThat(f.level).isEqualTo(Level.DEBUG);
    assertThat(f.logger).isEqualTo("PowerManagerService");
    assertThat(f.attributes).containsEntry("pid", "1702").containsEntry("tid", "8671");
    assertThat(f.eventTime).isEqualTo("2023-03-17T16:13:38.819Z"); // no year: not a week ahead
  }

  @Test
  void compactAndTwoDigitYearDatesWithBareLevels() {
    ParsedFields hdfs =
        parsed(
            auto,
            "081109 203807 222 INFO dfs.DataNode$PacketResponder: PacketResponder 0 for block"
                + " blk_-6952295868487656571 terminating");
    assertThat(hdfs.message)
        .isEqualTo("PacketResponder 0 for block blk_-6952295868487656571 terminating");
    assertThat(hdfs.logger).isEqualTo("dfs.DataNode$PacketResponder");
    assertThat(hdfs.eventTime).isEqualTo("2008-11-09T20:38:07Z");
    ParsedFields spark =
        parsed(
            auto, "17/06/09 20:10:40 INFO spark.SecurityManager: Changing view acls to: yarn,curi");
    assertThat(spark.message).isEqualTo("Changing view acls to: yarn,curi");
    assertThat(spark.level).isEqualTo(Level.INFO);
    assertThat(spark.eventTime).isEqualTo("2017-06-09T20:10:40Z");
  }

  @Test
  void epochPrefix() {
    ParsedFields f = parsed(auto, "1131566461 disk quota exceeded on /scratch");
    assertThat(f.eventTime).isEqualTo(Instant.ofEpochSecond(1131566461L));
    assertThat(f.message).isEqualTo("disk quota exceeded on /scratch");
  }

  @Test
  void pipeSeparatedFields() {
    ParsedFields f =
        parsed(auto, "20171223-22:15:29:606|Step_LSC|30002312|onStandStepChanged 3579");
    assertThat(f.message).isEqualTo("onStandStepChanged 3579");
    assertThat(f.logger).isEqualTo("Step_LSC");
    assertThat(f.attributes).containsEntry("pid", "30002312");
    assertThat(f.eventTime).isEqualTo("2017-12-23T22:15:29.606Z");
  }

  @Test
  void bracketedTimeAndProgramBeforeADash() {
    ParsedFields f =
        parsed(
            auto,
            "[10.30 16:49:06] chrome.exe *64 - proxy.cse.cuhk.edu.hk:5070 open through proxy"
                + " proxy.cse.cuhk.edu.hk:5070 HTTPS");
    assertThat(f.message)
        .isEqualTo(
            "proxy.cse.cuhk.edu.hk:5070 open through proxy proxy.cse.cuhk.edu.hk:5070 HTTPS");
    assertThat(f.logger).isEqualTo("chrome.exe *64");
  }

  @Test
  void bglFields() {
    ParsedFields f =
        parsed(
            auto,
            "- 1117838570 2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42.50.675872"
                + " R02-M1-N0-C:J12-U11 RAS KERNEL INFO instruction cache parity error corrected");
    assertThat(f.message).isEqualTo("instruction cache parity error corrected");
    assertThat(f.host).isEqualTo("R02-M1-N0-C:J12-U11");
    assertThat(f.logger).isEqualTo("KERNEL");
    assertThat(f.level).isEqualTo(Level.INFO);
    assertThat(f.eventTime).isEqualTo(Instant.ofEpochSecond(1117838570L));
    ParsedFields alert =
        parsed(
            auto,
            "APPREAD 1117869872 2005.06.04 R04-M1-N4-I:J18-U11 2005-06-04-00.24.32.398284"
                + " R04-M1-N4-I:J18-U11 RAS APP FATAL ciod: failed to read message prefix");
    assertThat(alert.message).isEqualTo("ciod: failed to read message prefix");
    assertThat(alert.level).isEqualTo(Level.FATAL);
    assertThat(alert.attributes).containsEntry("alert", "APPREAD");
  }

  @Test
  void thunderbirdFieldsThenSyslog() {
    ParsedFields f =
        parsed(
            auto,
            "- 1131566461 2005.11.09 dn228 Nov 9 12:01:01 dn228/dn228 crond(pam_unix)[2915]:"
                + " session closed for user root");
    assertThat(f.message).isEqualTo("session closed for user root");
    assertThat(f.host).isEqualTo("dn228");
    assertThat(f.service).isEqualTo("crond(pam_unix)");
    assertThat(f.attributes)
        .containsEntry("location", "dn228/dn228")
        .containsEntry("syslog.procid", "2915");
  }

  @Test
  void hpcFields() {
    ParsedFields f =
        parsed(
            auto,
            "134681 node-246 unix.hw state_change.unavailable 1077804742 1 Component State Change:"
                + " Component \\042alt0\\042 is in the unavailable state (HWID=1973)");
    assertThat(f.message)
        .isEqualTo(
            "Component State Change: Component \\042alt0\\042 is in the unavailable state"
                + " (HWID=1973)");
    assertThat(f.host).isEqualTo("node-246");
    assertThat(f.logger).isEqualTo("unix.hw");
    assertThat(f.attributes).containsEntry("state", "state_change.unavailable");
    assertThat(f.eventTime).isEqualTo(Instant.ofEpochSecond(1077804742L));
  }

  @Test
  void countsLinesWithoutAHeaderItRecognises() {
    long before = auto.unrecognised();
    ParsedFields f = parsed(auto, "just words, no header at all");
    assertThat(f.message).isEqualTo("just words, no header at all");
    assertThat(auto.unrecognised()).isEqualTo(before + 1);
    parsed(auto, "081109 203807 222 INFO dfs.DataNode: fine");
    assertThat(auto.unrecognised()).isEqualTo(before + 1);
    assertThat(failure(new HeaderParser(ParserTesting.TIMESTAMPS), "no timestamp here"))
        .contains("no recognised line header");
  }
}
