package dev.sluice.processing.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link TemplateMiner} on real-format log messages, with a plain map as its leaf store. */
class TemplateMinerTest {
  private final Map<String, List<TemplateCluster>> leaves = new HashMap<>();
  private final TemplateMiner miner =
      TemplateMiner.withDefaults(
          new TemplateMiner.LeafStore() {
            @Override
            public List<TemplateCluster> get(String path) {
              return leaves.get(path);
            }

            @Override
            public void put(String path, List<TemplateCluster> templates) {
              leaves.put(path, templates);
            }
          });
  private long time;

  private TemplateMiner.Match add(String message) throws Exception {
    time += 1000;
    return miner.add("svc", message, time, time / 60_000, 0.01);
  }

  private int templates() {
    return leaves.values().stream().mapToInt(List::size).sum();
  }

  @Test
  void hdfsBlockMessagesFormOneTemplate() throws Exception {
    TemplateMiner.Match first =
        add(
            "Receiving block blk_-1608999687919862906 src: /10.250.19.102:54106 dest: /10.250.19.102:50010");
    TemplateMiner.Match second =
        add(
            "Receiving block blk_7503483334202473044 src: /10.251.215.16:55695 dest: /10.251.215.16:50010");
    assertThat(second.template().id).isEqualTo(first.template().id);
    assertThat(second.template().text())
        .isEqualTo("Receiving block <*> src: <*>:<*> dest: <*>:<*>");
    assertThat(templates()).isEqualTo(1);
  }

  @Test
  void aWordBecomesAParameterOnceThreeTemplatesDifferOnlyThere() throws Exception {
    TemplateMiner.Match alice = add("Accepted password for alice from 10.0.0.1 port 22 ssh2");
    String id = alice.template().id;
    assertThat(alice.created()).isTrue();
    assertThat(alice.template().text())
        .isEqualTo("Accepted password for alice from <*> port <*> ssh2");
    TemplateMiner.Match bob = add("Accepted password for bob from 172.16.4.9 port 51234 ssh2");
    assertThat(bob.template().id).isNotEqualTo(id);
    TemplateMiner.Match carol = add("Accepted password for carol from 172.16.4.7 port 5123 ssh2");
    assertThat(carol.template().id).isEqualTo(id);
    assertThat(carol.absorbed()).hasSize(2).contains(bob.template().id);
    assertThat(carol.template().text())
        .isEqualTo("Accepted password for <*> from <*> port <*> ssh2");
    assertThat(add("Accepted password for dave from 10.1.1.1 port 2 ssh2").template().id)
        .isEqualTo(id);
    assertThat(templates()).isEqualTo(1);
    TemplateMiner.Match failed =
        add("Failed password for invalid user admin from 183.62.140.253 port 42376 ssh2");
    assertThat(failed.template().id).isNotEqualTo(id);
  }

  @Test
  void eventsThatDifferInAFewWordsStayApart() throws Exception {
    add("Starting TrustedInstaller initialization.");
    add("Ending TrustedInstaller initialization.");
    add("Starting TrustedInstaller finalization.");
    add("Ending TrustedInstaller finalization.");
    add("Failed to get next element [HRESULT = 0x800f080d - CBS_E_MANIFEST_INVALID_ITEM]");
    add("Failed to internally open package. [HRESULT = 0x800f0805 - CBS_E_INVALID_PACKAGE]");
    add("proxy.example.org:5070 open through proxy proxy.example.org:5070 HTTPS");
    add("proxy.example.org:5070 open through proxy proxy.example.org:5070 SOCKS5");
    assertThat(templates()).isEqualTo(8);
  }

  @Test
  void negativeAndPositiveNumbersMaskAlike() throws Exception {
    TemplateMiner.Match a = add("PacketResponder 1 for block blk_38865049064139660 terminating");
    TemplateMiner.Match b = add("PacketResponder 0 for block blk_-6952295868487656571 terminating");
    assertThat(b.template().id).isEqualTo(a.template().id);
    assertThat(b.template().text()).isEqualTo("PacketResponder <*> for block <*> terminating");
  }

  @Test
  void aFullLeafEvictsTheLeastRecentlySeenNotTheNewTemplate() throws Exception {
    TemplateMiner small =
        new TemplateMiner(
            new TemplateMiner.LeafStore() {
              @Override
              public List<TemplateCluster> get(String path) {
                return leaves.get(path);
              }

              @Override
              public void put(String path, List<TemplateCluster> templates) {
                leaves.put(path, templates);
              }
            },
            4,
            0.5,
            2);
    small.add("svc", "worker pool alpha bravo charlie", 10, 0, 0.01);
    small.add("svc", "worker pool delta echo foxtrot", 20, 0, 0.01);
    small.add("svc", "worker pool alpha bravo charlie", 30, 0, 0.01);
    TemplateMiner.Match fresh = small.add("svc", "worker pool golf hotel india", 40, 0, 0.01);
    assertThat(leaves.values().stream().flatMap(List::stream).map(TemplateCluster::text))
        .containsExactlyInAnyOrder(
            "worker pool alpha bravo charlie", "worker pool golf hotel india");
    assertThat(small.add("svc", "worker pool golf hotel india", 50, 0, 0.01).template().id)
        .isEqualTo(fresh.template().id);
  }

  @Test
  void applicationMessagesOfSeveralFormatsStaySeparate() throws Exception {
    String[] messages = {
      // logback (checkout), twice each with other values
      "Order ord-512344 placed by customer cus-4411",
      "Order ord-100002 placed by customer cus-1200",
      "Loaded cart cart-40112 for customer cus-9001 in 41 ms",
      "Loaded cart cart-11111 for customer cus-1002 in 7 ms",
      // JSON message field (payments)
      "Acquirer rejected payment 9f3a2c81b04e: gateway error",
      "Acquirer rejected payment 0c11aa93de57: gateway error",
      // logfmt msg (search)
      "query served hits=7 shard=12 took_ms=48",
      "query served hits=2 shard=3 took_ms=1200",
      // syslog (auth)
      "token issued for user17 from 10.4.2.99",
      "token issued for user2211 from 10.200.1.3",
      // python (inventory)
      "stock level for SKU-44120: 7 units",
      "stock level for SKU-10001: 3 units",
      // Apache error log
      "[client 10.0.0.5] File does not exist: /var/www/html/favicon.ico",
      "[client 10.0.0.9] File does not exist: /var/www/html/robots.txt",
    };
    for (String m : messages) {
      add(m);
    }
    assertThat(templates()).isEqualTo(messages.length / 2);
    assertThat(leaves.values().stream().flatMap(List::stream).map(TemplateCluster::text))
        .contains(
            "Order <*> placed by customer <*>",
            "Loaded cart <*> for customer <*> in <*> ms",
            "Acquirer rejected payment <*>: gateway error",
            "query served hits=<*> shard=<*> took_ms=<*>",
            "token issued for <*> from <*>",
            "stock level for <*>: <*> units",
            "[client <*>] File does not exist: <*>");
  }

  @Test
  void idsAreTheSameForTheSameMessagesInTheSameOrder() throws Exception {
    TemplateMiner.Match a = add("Ledger write failed for payment 1a2b3c4d5e6f, will retry");
    Map<String, List<TemplateCluster>> other = new HashMap<>();
    TemplateMiner again =
        TemplateMiner.withDefaults(
            new TemplateMiner.LeafStore() {
              @Override
              public List<TemplateCluster> get(String path) {
                return other.get(path);
              }

              @Override
              public void put(String path, List<TemplateCluster> templates) {
                other.put(path, templates);
              }
            });
    TemplateMiner.Match b =
        again.add("svc", "Ledger write failed for payment 99ffee001122, will retry", 5, 0, 0.01);
    assertThat(b.template().id).isEqualTo(a.template().id);
  }

  @Test
  void aLeafKeepsABoundedNumberOfTemplates() throws Exception {
    TemplateMiner small =
        new TemplateMiner(
            new TemplateMiner.LeafStore() {
              @Override
              public List<TemplateCluster> get(String path) {
                return leaves.get(path);
              }

              @Override
              public void put(String path, List<TemplateCluster> templates) {
                leaves.put(path, templates);
              }
            },
            4,
            0.5,
            3);
    String[] words = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"};
    for (int i = 0; i < words.length; i++) {
      small.add(
          "svc",
          "worker pool " + words[i] + " " + words[(i + 3) % 8] + " " + words[(i + 5) % 8],
          i,
          0,
          0.01);
    }
    assertThat(templates()).isEqualTo(3);
  }

  @Test
  void countsOccurrencesPerWindowAndALongRunRate() throws Exception {
    TemplateMiner.Match m = null;
    for (int i = 0; i < 5; i++) {
      m = miner.add("svc", "cache refresh for SKU-" + (10000 + i), i, 0, 0.5);
    }
    assertThat(m.template().windowCount).isEqualTo(5);
    m = miner.add("svc", "cache refresh for SKU-20000", 60_000, 1, 0.5);
    assertThat(m.template().rate).isEqualTo(2.5);
    assertThat(m.template().count).isEqualTo(6);
  }
}
