package dev.sluice.local;

import java.net.URI;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;

/**
 * A Flink MiniCluster inside this JVM: a JobManager and task slots, its REST API and web UI on a
 * loopback port.
 *
 * <p>Guarantees: after {@link #start} returns the cluster accepts jobs ({@link #cluster()}) and
 * answers REST requests at {@link #restEndpoint()}, the same API a standalone cluster serves, so
 * {@code sluice submit} and the web UI work against it too.
 */
public final class EmbeddedFlink implements AutoCloseable {
  private final MiniCluster cluster;

  private EmbeddedFlink(MiniCluster cluster) {
    this.cluster = cluster;
  }

  /**
   * Starts a MiniCluster.
   *
   * @param slots the number of task slots (the highest parallelism a job may use)
   * @param restPort the REST/web UI port, or 0 for a free one
   * @param extra further Flink configuration (checkpoint storage, memory, …)
   */
  public static EmbeddedFlink start(int slots, int restPort, Configuration extra) {
    Configuration config = new Configuration();
    config.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
    config.set(RestOptions.ADDRESS, "127.0.0.1");
    config.set(RestOptions.PORT, restPort == 0 ? FreePorts.next() : restPort);
    config.set(TaskManagerOptions.NUM_TASK_SLOTS, slots);
    config.addAll(extra);
    MiniClusterConfiguration miniConfig =
        new MiniClusterConfiguration.Builder()
            .setConfiguration(config)
            .setNumTaskManagers(1)
            .setNumSlotsPerTaskManager(slots)
            .setCommonBindAddress("127.0.0.1")
            .build();
    MiniCluster cluster = new MiniCluster(miniConfig);
    try {
      cluster.start();
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the Flink MiniCluster", e);
    }
    return new EmbeddedFlink(cluster);
  }

  /** The running MiniCluster. */
  public MiniCluster cluster() {
    return cluster;
  }

  /** The REST API and web UI address. */
  public URI restEndpoint() {
    try {
      return cluster.getRestAddress().get();
    } catch (Exception e) {
      throw new IllegalStateException("the MiniCluster has no REST endpoint", e);
    }
  }

  @Override
  public void close() {
    try {
      cluster.close();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop the Flink MiniCluster", e);
    }
  }
}
