package dev.sluice.processing.template;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link Masker} on messages as real services write them. */
class MaskerTest {
  @Test
  void masksNumbersDurationsAndIdsKeepingPunctuation() {
    assertThat(Masker.mask("Cart cart-48213 updated: 3 items, total 129.50 EUR"))
        .isEqualTo("Cart <*> updated: <*> items, total <*> EUR");
    assertThat(Masker.mask("Timeout calling payments after 2750 ms for order ord-512344"))
        .isEqualTo("Timeout calling payments after <*> ms for order <*>");
    assertThat(Masker.mask("took 12ms, retried 3x")).isEqualTo("took <*>, retried <*>");
    assertThat(Masker.mask("Finished task 1.0 in stage 2.0 (TID 3)."))
        .isEqualTo("Finished task <*> in stage <*> (TID <*>).");
  }

  @Test
  void negativeNumbersMaskLikePositiveOnes() {
    assertThat(Masker.mask("block blk_-6952295868487656571 and blk_38865049064139660"))
        .isEqualTo("block <*> and <*>");
    assertThat(Masker.mask("auto=-1,adj=0")).isEqualTo("auto=<*>,adj=<*>");
  }

  @Test
  void functionNamesAndNamesWithANumberStay() {
    assertThat(Masker.mask("jk2_init() Found child 6725 in scoreboard slot 10"))
        .isEqualTo("jk2_init() Found child <*> in scoreboard slot <*>");
    assertThat(Masker.mask("open through proxy via SOCKS5 on eth0"))
        .isEqualTo("open through proxy via SOCKS5 on eth0");
  }

  @Test
  void masksHexIdsUuidsAndAddresses() {
    assertThat(Masker.mask("Payment 9f3a2c81b04e authorised")).isEqualTo("Payment <*> authorised");
    assertThat(Masker.mask("request 123e4567-e89b-12d3-a456-426614174000 done"))
        .isEqualTo("request <*> done");
    assertThat(Masker.mask("login from 10.12.7.201")).isEqualTo("login from <*>");
    assertThat(Masker.mask("connect to 192.168.1.20:5432 refused"))
        .isEqualTo("connect to <*> refused");
    assertThat(Masker.mask("proxy.cse.cuhk.edu.hk:5070 open")).isEqualTo("<*> open");
    assertThat(Masker.mask("peer fe80::1ff:fe23:4567:890a unreachable"))
        .isEqualTo("peer <*> unreachable");
    assertThat(Masker.mask("segfault at 0x7ffd3a2b in libc")).isEqualTo("segfault at <*> in libc");
    assertThat(Masker.mask("mail to ops@example.com bounced")).isEqualTo("mail to <*> bounced");
    assertThat(Masker.mask("Payment fbfaccbcdffa failed")).isEqualTo("Payment <*> failed");
    assertThat(Masker.mask("reverse mapping for host [173.234.31.186] failed"))
        .isEqualTo("reverse mapping for host [<*>] failed");
  }

  @Test
  void masksPathsUrlsRequestLinesAndKeyedQuotedValues() {
    assertThat(Masker.mask("cannot open /var/log/app/current.log")).isEqualTo("cannot open <*>");
    assertThat(Masker.mask("File \"/app/inventory/stock.py\", line 88, in reserve"))
        .isEqualTo("File \"<*>\", line <*>, in reserve");
    assertThat(Masker.mask("fetching https://pricing.internal/v2/price?sku=SKU-1 failed"))
        .isEqualTo("fetching <*> failed");
    assertThat(Masker.mask("10.1.1.1 \"GET /v2/servers/detail HTTP/1.1\" status: 200"))
        .isEqualTo("<*> \"GET <*>\" status: <*>");
    assertThat(Masker.mask("acquire tag=\"View Lock\", name=android"))
        .isEqualTo("acquire tag=\"<*>\", name=android");
    assertThat(Masker.mask("user said \"hello there\" twice"))
        .isEqualTo("user said \"hello there\" twice");
  }

  @Test
  void masksSizesWithConversionsDatesAndValueWords() {
    assertThat(Masker.mask("close, 1190 bytes (1.16 KB) sent, 0 bytes received, lifetime <1 sec"))
        .isEqualTo("close, <*> bytes sent, <*> bytes received, lifetime <*>");
    assertThat(Masker.mask("connection from 1.2.3.4 at Fri Jun 17 07:07:00 2005"))
        .isEqualTo("connection from <*> at <*>");
    assertThat(Masker.mask("allDrawn= false, ws=null, user root"))
        .isEqualTo("allDrawn= <*>, ws=<*>, user <*>");
  }

  @Test
  void keepsTheKeyOfKeyValueTokens() {
    assertThat(Masker.mask("query served hits=7 shard=12 took_ms=48"))
        .isEqualTo("query served hits=<*> shard=<*> took_ms=<*>");
    assertThat(Masker.mask("ranking model applied variant=SPRING2024"))
        .isEqualTo("ranking model applied variant=<*>");
    assertThat(Masker.mask("generating core.2275")).isEqualTo("generating core.<*>");
  }

  @Test
  void readsOnlyTheFirstLineOfAStackTrace() {
    String trace =
        "Failed to place order ord-100200: payment declined by upstream\n"
            + "java.net.SocketTimeoutException: Read timed out\n"
            + "\tat java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:288)";
    assertThat(Masker.mask(trace))
        .isEqualTo("Failed to place order <*>: payment declined by upstream");
  }

  @Test
  void wordsWithoutDigitsStay() {
    assertThat(Masker.mask("Price cache hit for sku")).isEqualTo("Price cache hit for sku");
  }
}
