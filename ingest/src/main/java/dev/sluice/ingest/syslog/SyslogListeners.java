package dev.sluice.ingest.syslog;

import dev.sluice.ingest.metrics.ShipMetrics;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bound syslog sockets (Netty, NIO transport): a TCP listener (optionally TLS) whose
 * connections each get a {@link SyslogFrameDecoder} and a {@link SyslogTcpHandler}, and a UDP
 * socket with a {@link SyslogUdpHandler}. Binding happens in {@link #start}, so a port in use, a
 * bad address or an unusable certificate fails at start with a message that says what to fix.
 * {@link #close()} stops accepting, closes every connection and waits for the event loops.
 */
final class SyslogListeners implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SyslogListeners.class);

  private final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final EventLoopGroup workers = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
  private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final String runId = String.format("%08x", ThreadLocalRandom.current().nextInt());
  private final AtomicLong connections = new AtomicLong();
  private InetSocketAddress tcpAddress;
  private InetSocketAddress udpAddress;

  private SyslogListeners() {}

  /**
   * Binds the configured listeners.
   *
   * @param events makes the per-connection (or per-socket) event builder
   * @throws IllegalArgumentException if a socket cannot be bound or TLS cannot be set up
   */
  static SyslogListeners start(
      SyslogSettings settings,
      Supplier<SyslogEvents> events,
      DeliveryQueue queue,
      ShipMetrics metrics) {
    SyslogListeners listeners = new SyslogListeners();
    try {
      if (settings.tcp() != null) {
        listeners.bindTcp(settings, events, queue, metrics);
      }
      if (settings.udp() != null) {
        listeners.bindUdp(settings, events, queue, metrics);
      }
      return listeners;
    } catch (RuntimeException e) {
      listeners.close();
      throw e;
    }
  }

  private void bindTcp(
      SyslogSettings settings,
      Supplier<SyslogEvents> events,
      DeliveryQueue queue,
      ShipMetrics metrics) {
    SslContext tls = settings.tls() ? tlsContext(settings) : null;
    String transport = tls != null ? "syslog-tls" : "syslog-tcp";
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(boss, workers)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, 1024)
            .childOption(ChannelOption.SO_KEEPALIVE, true)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    channels.add(ch);
                    if (tls != null) {
                      ch.pipeline().addLast("tls", tls.newHandler(ch.alloc()));
                    }
                    ch.pipeline()
                        .addLast("frames", new SyslogFrameDecoder(settings.maxFrameBytes()))
                        .addLast(
                            "events",
                            new SyslogTcpHandler(
                                events.get(),
                                queue,
                                metrics,
                                transport,
                                runId + "-" + connections.incrementAndGet()));
                  }
                });
    Channel server =
        bind(
            () -> bootstrap.bind(settings.tcp()).syncUninterruptibly().channel(),
            "tcp",
            settings.tcp(),
            "--syslog-tcp");
    channels.add(server);
    tcpAddress = (InetSocketAddress) server.localAddress();
    LOG.info("syslog listening on {} {}", tls != null ? "tls" : "tcp", tcpAddress);
  }

  private void bindUdp(
      SyslogSettings settings,
      Supplier<SyslogEvents> events,
      DeliveryQueue queue,
      ShipMetrics metrics) {
    Bootstrap bootstrap =
        new Bootstrap()
            .group(workers)
            .channel(NioDatagramChannel.class)
            .option(ChannelOption.SO_RCVBUF, 4 * 1024 * 1024)
            .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(65536))
            .handler(
                new SyslogUdpHandler(
                    events.get(), queue, metrics, settings.maxFrameBytes(), runId + "-udp"));
    Channel udp =
        bind(
            () -> bootstrap.bind(settings.udp()).syncUninterruptibly().channel(),
            "udp",
            settings.udp(),
            "--syslog-udp");
    channels.add(udp);
    udpAddress = (InetSocketAddress) udp.localAddress();
    LOG.info("syslog listening on udp {}", udpAddress);
  }

  private static Channel bind(
      Supplier<Channel> binding, String protocol, InetSocketAddress address, String flag) {
    try {
      return binding.get();
    } catch (Exception e) { // Netty rethrows the checked BindException as is
      throw new IllegalArgumentException(
          "cannot listen for syslog on "
              + protocol
              + " "
              + address
              + ": "
              + e.getMessage()
              + "; pick another "
              + flag
              + " (ports below 1024 need privileges)",
          e);
    }
  }

  private static SslContext tlsContext(SyslogSettings settings) {
    try {
      return SslContextBuilder.forServer(settings.tlsCert().toFile(), settings.tlsKey().toFile())
          .build();
    } catch (Exception e) {
      throw new IllegalArgumentException(
          "cannot use the syslog TLS certificate "
              + settings.tlsCert()
              + " with key "
              + settings.tlsKey()
              + " ("
              + e.getMessage()
              + "); give a PEM certificate chain (--syslog-tls-cert) and its unencrypted PEM"
              + " PKCS#8 private key (--syslog-tls-key; convert with openssl pkcs8 -topk8"
              + " -nocrypt)",
          e);
    }
  }

  /** The bound TCP address, or null. */
  InetSocketAddress tcpAddress() {
    return tcpAddress;
  }

  /** The bound UDP address, or null. */
  InetSocketAddress udpAddress() {
    return udpAddress;
  }

  /** {@code ip:port} of a sender. */
  static String peer(InetSocketAddress address) {
    if (address == null) {
      return "unknown";
    }
    String host =
        address.getAddress() != null
            ? address.getAddress().getHostAddress()
            : address.getHostString();
    return host + ":" + address.getPort();
  }

  @Override
  public void close() {
    channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }
}
