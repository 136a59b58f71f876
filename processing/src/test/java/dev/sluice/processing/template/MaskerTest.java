package dev.sluice.processing.template;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link Masker} on messages as real services write them. */
class MaskerTest {
  @Test
  void masksNumbersDurationsAndIdsWithDigits() {
    assertThat(Masker.mask("Cart cart-48213 updated: 3 items, total 129.50 EUR"))
        .isEqualTo("Cart <*> updated: <*> items, total <*> EUR");
    assertThat(Masker.mask("Timeout calling payments after 2750 ms for order ord-512344"))
        .isEqualTo("Timeout calling payments after <*> ms for order <*>");
    assertThat(Masker.mask("took 12ms, retried 3x")).isEqualTo("took <*> retried <*>");
  }

  @Test
  void masksHexIdsUuidsAndAddresses() {
    assertThat(Masker.mask("Payment 9f3a2c81b04e authorised")).isEqualTo("Payment <*> authorised");
    assertThat(Masker.mask("request 123e4567-e89b-12d3-a456-426614174000 done"))
        .isEqualTo("request <*> done");
    assertThat(Masker.mask("login succeeded for user42 from 10.12.7.201"))
        .isEqualTo("login succeeded for <*> from <*>");
    assertThat(Masker.mask("connect to 192.168.1.20:5432 refused"))
        .isEqualTo("connect to <*> refused");
    assertThat(Masker.mask("peer fe80::1ff:fe23:4567:890a unreachable"))
        .isEqualTo("peer <*> unreachable");
    assertThat(Masker.mask("segfault at 0x7ffd3a2b in libc")).isEqualTo("segfault at <*> in libc");
    assertThat(Masker.mask("mail to ops@example.com bounced")).isEqualTo("mail to <*> bounced");
    assertThat(Masker.mask("Payment fbfaccbcdffa failed")).isEqualTo("Payment <*> failed");
  }

  @Test
  void masksPathsUrlsAndQuotedStrings() {
    assertThat(Masker.mask("GET /api/orders/ord-123/items returned 404"))
        .isEqualTo("GET <*> returned <*>");
    assertThat(Masker.mask("File \"/app/inventory/stock.py\", line 88, in reserve"))
        .isEqualTo("File <*>, line <*> in reserve");
    assertThat(Masker.mask("cannot open /var/log/app/current.log")).isEqualTo("cannot open <*>");
    assertThat(Masker.mask("fetching https://pricing.internal/v2/price?sku=SKU-1 failed"))
        .isEqualTo("fetching <*> failed");
    assertThat(Masker.mask("user said 'hello there' twice")).isEqualTo("user said <*> twice");
  }

  @Test
  void keepsTheKeyOfKeyValueTokens() {
    assertThat(Masker.mask("query served hits=7 shard=12 took_ms=48"))
        .isEqualTo("query served hits=<*> shard=<*> took_ms=<*>");
    assertThat(Masker.mask("ranking model applied variant=SPRING10"))
        .isEqualTo("ranking model applied variant=<*>");
  }

  @Test
  void readsOnlyTheFirstLineOfAStackTrace() {
    String trace =
        "Failed to place order ord-100200: payment declined by upstream\n"
            + "java.net.SocketTimeoutException: Read timed out\n"
            + "\tat java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:288)";
    assertThat(Masker.mask(trace))
        .isEqualTo("Failed to place order <*> payment declined by upstream");
  }

  @Test
  void masksACombinedAccessLogLineDownToItsShape() {
    String line =
        "10.0.3.17 - - [15/Jan/2024:10:23:45 +0000] \"GET /api/cart/cart-12345 HTTP/1.1\" 200 512"
            + " \"-\" \"Mozilla/5.0 (X11; Linux x86_64)\" 0.031";
    assertThat(Masker.mask(line)).isEqualTo("<*> - - <*> <*> <*> <*> <*> <*> <*> <*>");
  }

  @Test
  void wordsWithoutDigitsStay() {
    assertThat(Masker.mask("Price cache hit for sku")).isEqualTo("Price cache hit for sku");
  }
}
