package dev.sluice.cli;

import dev.sluice.local.EmbeddedFlink;
import dev.sluice.local.EmbeddedS3;
import dev.sluice.local.LocalStack;
import dev.sluice.local.MiniClusterJobs;
import dev.sluice.processing.JobIo;
import dev.sluice.processing.JobOptions;
import dev.sluice.processing.OptionsException;
import dev.sluice.processing.SluiceJob;
import dev.sluice.ship.UserException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sluice run}: runs the Sluice Flink job in this process on an embedded MiniCluster, with
 * the Flink web UI, against the Kafka and S3 named in the job flags — or, with {@code --local},
 * against an embedded broker and S3 server it starts itself. Runs until the job ends or Ctrl-C,
 * which cancels the job (or stops it with a savepoint with {@code --savepoint-dir}).
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run the Sluice job on an embedded Flink MiniCluster (web UI included) until Ctrl-C.",
      "Job flags go after '--' (see processing/README.md), e.g.:",
      "  sluice run -- --bootstrap-servers kafka:9092 --s3-endpoint http://minio:9000",
      "  sluice run --local        (also starts an embedded Kafka and S3 server)"
    })
public final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--local",
      description = "Start an embedded Kafka broker and S3 server and point the job at them.")
  boolean local;

  @Option(
      names = "--kafka-port",
      defaultValue = "9092",
      description = "With --local: Kafka port on 127.0.0.1, 0 for any (default: ${DEFAULT-VALUE}).")
  int kafkaPort;

  @Option(
      names = "--s3-port",
      defaultValue = "9000",
      description = "With --local: S3 port on 127.0.0.1, 0 for any (default: ${DEFAULT-VALUE}).")
  int s3Port;

  @Option(
      names = "--flink-port",
      defaultValue = "8081",
      description = "Flink REST and web UI port, 0 for any (default: ${DEFAULT-VALUE}).")
  int flinkPort;

  @Option(
      names = "--slots",
      defaultValue = "4",
      description = "Task slots of the MiniCluster (default: ${DEFAULT-VALUE}).")
  int slots;

  @Option(
      names = "--savepoint-dir",
      description =
          "On Ctrl-C, stop the job with a savepoint in this directory (file:// or s3://).")
  String savepointDir;

  @Option(
      names = {"-s", "--from-savepoint"},
      description = "Start the job from this savepoint.")
  String fromSavepoint;

  @Parameters(paramLabel = "JOB_FLAG", description = "Flags for the job, after '--'.")
  List<String> jobArgs = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    if (slots < 1) {
      throw new UserException("--slots must be at least 1, got " + slots);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (local) {
      parse(withLocalDefaults("127.0.0.1:9092", "http://127.0.0.1:9000"), localEnv()); // fail early
    } else {
      parse(jobArgs, System.getenv());
    }
    LocalStack stack = null;
    EmbeddedFlink flink = null;
    try {
      JobOptions options;
      if (local) {
        stack = LocalStack.start(localStack());
        flink = stack.flink();
        options =
            parse(
                withLocalDefaults(stack.kafka().bootstrapServers(), stack.s3().endpoint()),
                localEnv());
      } else {
        options = parse(jobArgs, System.getenv());
        flink = EmbeddedFlink.start(slots, flinkPort, new Configuration());
      }
      if (options.parallelism() != null && options.parallelism() > slots) {
        throw new UserException(
            "--parallelism " + options.parallelism() + " needs that many slots: pass --slots");
      }
      Configuration config = new Configuration();
      if (fromSavepoint != null) {
        config.set(StateRecoveryOptions.SAVEPOINT_PATH, fromSavepoint);
      }
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
      SluiceJob.build(env, options, JobIo.production(options));
      MiniCluster cluster = flink.cluster();
      JobID job = MiniClusterJobs.submit(cluster, env, SluiceJob.NAME);

      out.println("Sluice job " + job + " is running.");
      out.println("  Flink web UI   " + flink.restEndpoint());
      out.println("  reading        " + options.topic() + " at " + options.bootstrapServers());
      out.println(
          "  writing        "
              + options.s3Endpoint()
              + "/"
              + options.bucket()
              + " (tables logs, stats, rejects)");
      if (local) {
        out.println(
            "  S3 access key  "
                + EmbeddedS3.ACCESS_KEY
                + " (secret "
                + EmbeddedS3.SECRET_KEY
                + ", fixed local credential)");
      }
      out.println(
          "Press Ctrl-C to "
              + (savepointDir == null
                  ? "cancel the job."
                  : "stop it with a savepoint in " + savepointDir + "."));
      out.flush();

      Thread hook = new Thread(() -> stop(cluster, job, out), "sluice-run-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        MiniClusterJobs.await(cluster, job, Duration.ofDays(365_000));
      } catch (IllegalStateException e) {
        throw new UserException("the job failed: " + rootMessage(e), 1, e);
      }
      out.println("The job finished.");
      return 0;
    } catch (OptionsException e) {
      throw new UserException(e.getMessage(), 2, e);
    } finally {
      if (stack != null) {
        stack.close();
      } else if (flink != null) {
        flink.close();
      }
    }
  }

  private void stop(MiniCluster cluster, JobID job, PrintWriter out) {
    try {
      if (savepointDir != null) {
        String path =
            cluster
                .stopWithSavepoint(job, savepointDir, false, SavepointFormatType.CANONICAL)
                .get(5, TimeUnit.MINUTES);
        out.println("Stopped with a savepoint at " + path + " (resume with --from-savepoint).");
      } else {
        cluster.cancelJob(job).get(1, TimeUnit.MINUTES);
        out.println("Cancelled the job.");
      }
    } catch (Exception e) {
      out.println("Could not stop the job cleanly: " + rootMessage(e));
    }
    out.flush();
  }

  private List<String> withLocalDefaults(String bootstrap, String s3Endpoint) {
    List<String> args = new ArrayList<>();
    addUnlessGiven(args, "--bootstrap-servers", bootstrap);
    addUnlessGiven(args, "--s3-endpoint", s3Endpoint);
    addUnlessGiven(args, "--s3-access-key", EmbeddedS3.ACCESS_KEY);
    args.addAll(jobArgs);
    return args;
  }

  private void addUnlessGiven(List<String> args, String flag, String value) {
    boolean given = jobArgs.stream().anyMatch(a -> a.equals(flag) || a.startsWith(flag + "="));
    if (!given) {
      args.add(flag);
      args.add(value);
    }
  }

  private static Map<String, String> localEnv() {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.putIfAbsent(JobOptions.ENV_SECRET_KEY, EmbeddedS3.SECRET_KEY);
    return env;
  }

  private LocalStack.Options localStack() {
    return new LocalStack.Options(
        null, kafkaPort, s3Port, EmbeddedS3.Storage.DISK, "sluice", 3, true, slots, flinkPort);
  }

  private static JobOptions parse(List<String> args, Map<String, String> env) {
    try {
      return JobOptions.parse(args.toArray(String[]::new), env);
    } catch (OptionsException e) {
      throw new UserException("job flags: " + e.getMessage(), 2, e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }
}
