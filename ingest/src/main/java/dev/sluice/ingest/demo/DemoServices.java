package dev.sluice.ingest.demo;

import java.util.List;

/**
 * The five services of the demo: {@code checkout} (logback), {@code payments} (JSON), {@code
 * search} (logfmt), {@code auth} (syslog RFC 5424) and {@code inventory} (Python logging), about 33
 * requests a second together at rate scale 1.
 */
public final class DemoServices {
  private DemoServices() {}

  private static List<Template> t(String... texts) {
    return java.util.Arrays.stream(texts).map(Template::of).toList();
  }

  /** The default services. */
  public static List<ServiceProfile> defaults() {
    return List.of(checkout(), payments(), search(), auth(), inventory());
  }

  /**
   * The traffic profiles of {@code sluice bench detect}, named after their volume: {@code high}
   * (about 600 requests a minute on 3 hosts), {@code medium} (about 90 a minute on 2 hosts, with
   * health checks) and {@code low} (about 5 to 20 events a minute on one host, a strong daily
   * cycle, one health check a minute). Their new error messages reuse the words of their normal
   * ones.
   */
  public static List<ServiceProfile> benchProfiles() {
    return List.of(
        search().as("high", 3, 10, 0.55, 5, true),
        payments().as("medium", 2, 1.5, 0.55, 5, true),
        inventory().as("low", 1, 0.15, 0.6, 60, true));
  }

  /** The names of the default services. */
  public static List<String> names() {
    return defaults().stream().map(ServiceProfile::name).toList();
  }

  static ServiceProfile checkout() {
    return new ServiceProfile(
        "checkout",
        3,
        8,
        AppLogFormat.LOGBACK,
        List.of(
            Endpoint.of("GET", "/api/cart/{cart}", 5, 30),
            Endpoint.of("POST", "/api/cart/{cart}/items", 3, 45),
            Endpoint.of("POST", "/api/checkout", 1.5, 180),
            Endpoint.of("GET", "/api/orders/{order}", 2, 40)),
        List.of(
            "dev.sluice.demo.checkout.CartService",
            "dev.sluice.demo.checkout.OrderService",
            "dev.sluice.demo.checkout.PricingClient"),
        t(
            "Cart {cart} updated: {n} items, total {amount} EUR",
            "Order {order} placed by customer {customer}",
            "Applied promotion {code} to cart {cart}",
            "Loaded cart {cart} for customer {customer} in {ms} ms"),
        t("Price cache hit for sku {sku}", "Recomputed shipping options for cart {cart}"),
        t(
            "Slow response from pricing for cart {cart}: {ms} ms",
            "Retrying price lookup for sku {sku} (attempt {n})"),
        t(
            "Failed to place order {order}: payment declined by upstream",
            "Timeout calling payments after {ms} ms for order {order}",
            "Could not reserve stock for sku {sku} in order {order}"),
        List.of(
            "java.net.SocketTimeoutException: Read timed out\n"
                + "\tat java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:288)\n"
                + "\tat java.base/java.net.Socket$SocketInputStream.read(Socket.java:1099)\n"
                + "\tat dev.sluice.demo.checkout.PaymentsClient.charge(PaymentsClient.java:74)\n"
                + "\tat dev.sluice.demo.checkout.OrderService.place(OrderService.java:112)\n"
                + "\t... 43 more",
            "java.lang.IllegalStateException: order already settled\n"
                + "\tat dev.sluice.demo.checkout.OrderService.settle(OrderService.java:201)\n"
                + "\tat dev.sluice.demo.checkout.OrderController.confirm(OrderController.java:58)\n"
                + "Caused by: java.sql.SQLTransientConnectionException: pool exhausted\n"
                + "\tat com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:181)\n"
                + "\t... 12 more"));
  }

  static ServiceProfile payments() {
    return new ServiceProfile(
        "payments",
        2,
        4,
        AppLogFormat.JSON,
        List.of(
            Endpoint.of("POST", "/api/payments", 3, 250),
            Endpoint.of("GET", "/api/payments/{id}", 2, 35),
            Endpoint.of("POST", "/api/refunds", 0.3, 300)),
        List.of(
            "payments.gateway.AcquirerClient",
            "payments.ledger.LedgerWriter",
            "payments.api.PaymentResource"),
        t(
            "Payment {id} authorised for {amount} EUR",
            "Refund {id} issued for order {order}",
            "Ledger entry written for payment {id}"),
        t("Acquirer connection pool at {pct}% capacity", "Fraud score computed for payment {id}"),
        t(
            "Acquirer answered slowly for payment {id}: {ms} ms",
            "Payment {id} needed 3-D Secure challenge"),
        t(
            "Acquirer rejected payment {id}: gateway error",
            "Ledger write failed for payment {id}, will retry",
            "Payment {id} failed: acquirer timeout after {ms} ms"),
        List.of(
            "java.util.concurrent.TimeoutException: acquirer did not answer\n"
                + "\tat payments.gateway.AcquirerClient.authorise(AcquirerClient.java:96)\n"
                + "\tat payments.api.PaymentResource.create(PaymentResource.java:41)\n"
                + "\t... 31 more"));
  }

  static ServiceProfile search() {
    return new ServiceProfile(
        "search",
        3,
        12,
        AppLogFormat.LOGFMT,
        List.of(
            Endpoint.of("GET", "/api/search?q={term}&page={n}", 8, 60),
            Endpoint.of("GET", "/api/suggest?prefix={term}", 4, 15)),
        List.of("search/query", "search/index", "search/ranker"),
        t(
            "query served hits={n} shard={shard} took_ms={ms}",
            "index segment merged shard={shard}",
            "ranking model applied variant={code}"),
        t("cache lookup key={id}", "query rewritten term={term}"),
        t(
            "slow shard response shard={shard} took_ms={ms}",
            "partial results returned shards_failed={n}"),
        t(
            "search backend unavailable shard={shard}",
            "query failed: index {shard} is read-only",
            "ranker timed out after {ms} ms"),
        List.of());
  }

  static ServiceProfile auth() {
    return new ServiceProfile(
        "auth",
        2,
        6,
        AppLogFormat.SYSLOG,
        List.of(
            Endpoint.of("POST", "/oauth/token", 4, 80),
            Endpoint.of("GET", "/api/session", 6, 10),
            Endpoint.of("POST", "/api/login", 1, 120)),
        List.of("auth"),
        t(
            "token issued for {user} from {ip}",
            "session refreshed for {user}",
            "login succeeded for {user} from {ip}"),
        t("key set cached for {n} minutes", "session lookup for {user}"),
        t(
            "slow directory lookup for {user}: {ms} ms",
            "login failed for {user} from {ip}: bad password"),
        t(
            "directory unavailable: cannot authenticate {user}",
            "token signing failed: key {id} not found",
            "session store timeout after {ms} ms"),
        List.of());
  }

  static ServiceProfile inventory() {
    return new ServiceProfile(
        "inventory",
        2,
        3,
        AppLogFormat.PYTHON,
        List.of(
            Endpoint.of("GET", "/api/stock/{sku}", 5, 20),
            Endpoint.of("PUT", "/api/stock/{sku}", 1, 50),
            Endpoint.of("GET", "/api/warehouses", 0.5, 30)),
        List.of("inventory.stock", "inventory.db", "inventory.sync"),
        t(
            "stock level for {sku}: {n} units",
            "reserved {n} units of {sku} for order {order}",
            "warehouse sync finished in {ms} ms"),
        t("cache refresh for {sku}", "connection checked out from pool"),
        t("slow stock query for {sku}: {ms} ms", "low stock for {sku}: {n} units left"),
        t(
            "stock update failed for {sku}: database timeout",
            "reservation for order {order} failed: {sku} out of stock",
            "warehouse sync failed after {ms} ms"),
        List.of(
            "Traceback (most recent call last):\n"
                + "  File \"/app/inventory/stock.py\", line 88, in reserve\n"
                + "    row = self.db.fetch_one(sql, sku)\n"
                + "  File \"/app/inventory/db.py\", line 41, in fetch_one\n"
                + "    raise TimeoutError(\"query timed out\")\n"
                + "TimeoutError: query timed out"));
  }
}
