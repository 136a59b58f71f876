package dev.sluice.local;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.jobmanager.JobManagerProcessSpec;
import org.apache.flink.runtime.jobmanager.JobManagerProcessUtils;
import org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils;

/**
 * A Flink standalone session cluster as separate JVMs on this machine: one JobManager and any
 * number of TaskManagers, started the way Flink's own {@code bin/jobmanager.sh} and {@code
 * bin/taskmanager.sh} start them, from the jars on a classpath (Flink's distribution is not on
 * Maven Central; its jars are).
 *
 * <p>Guarantees: {@link #start} returns once the REST API reports every TaskManager registered.
 * {@link #killTaskManager(int)} kills one with SIGKILL (no clean shutdown), as a crash would.
 * {@link #close()} kills every process it started and deletes the working directory (kept, with the
 * processes' logs, when the environment variable {@code SLUICE_KEEP_FLINK_LOGS} is set).
 *
 * <p>The classpath handed to the processes is Flink's alone: jars that a job jar bundles (Avro,
 * flink-avro, the Kafka connector, Kafka clients) are left out, because classes under {@code
 * org.apache.flink} load parent-first and would otherwise clash with the job's copies; and so are
 * Sluice's own modules, which the job jar carries.
 */
public final class StandaloneFlinkCluster implements AutoCloseable {
  private static final Pattern LEFT_OUT =
      Pattern.compile(
          ".*/(avro-[0-9][^/]*|flink-avro-[^/]*|flink-connector-kafka-[^/]*|kafka-clients-[^/]*"
              + "|kafka_2\\.13-[^/]*|kafka-server[^/]*|kafka-metadata-[^/]*|kafka-storage[^/]*"
              + "|kafka-raft-[^/]*|kafka-group-coordinator[^/]*|kafka-transaction-coordinator[^/]*"
              + "|kafka-share-coordinator[^/]*|kafka-coordinator-common[^/]*|minio-[^/]*"
              + "|s3proxy-[^/]*|calcite-[^/]*|flink-test-utils[^/]*|junit-[^/]*"
              + "|sluice-[^/]*\\.jar|[^/]*-tests\\.jar)$|.*/target/(test-)?classes/?$");

  private final Path workDir;
  private final List<String> classpath;
  private final int restPort;
  private final List<String> jvmFlags;
  private final int slotsPerTaskManager;
  private final Process jobManager;
  private final List<Process> taskManagers = new ArrayList<>();

  private StandaloneFlinkCluster(
      Path workDir,
      List<String> classpath,
      int restPort,
      List<String> jvmFlags,
      int slotsPerTaskManager,
      Process jm) {
    this.workDir = workDir;
    this.slotsPerTaskManager = slotsPerTaskManager;
    this.classpath = classpath;
    this.restPort = restPort;
    this.jvmFlags = jvmFlags;
    this.jobManager = jm;
  }

  /**
   * Starts a JobManager and {@code taskManagers} TaskManagers.
   *
   * @param taskManagers how many TaskManager processes
   * @param slotsPerTaskManager task slots in each
   * @param extraConfig more Flink configuration, e.g. checkpoint and savepoint directories
   */
  public static StandaloneFlinkCluster start(
      int taskManagers, int slotsPerTaskManager, Map<String, String> extraConfig) {
    Path workDir;
    try {
      workDir = Files.createTempDirectory("sluice-flink-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int restPort = FreePorts.next();
    Map<String, String> config = new LinkedHashMap<>();
    config.put("jobmanager.rpc.address", "127.0.0.1");
    config.put("jobmanager.rpc.port", String.valueOf(FreePorts.next()));
    config.put("jobmanager.bind-host", "127.0.0.1");
    config.put("jobmanager.memory.process.size", "1024m");
    config.put("taskmanager.bind-host", "127.0.0.1");
    config.put("taskmanager.host", "127.0.0.1");
    config.put("taskmanager.numberOfTaskSlots", String.valueOf(slotsPerTaskManager));
    config.put("taskmanager.memory.process.size", "1280m");
    config.put("rest.address", "127.0.0.1");
    config.put("rest.bind-address", "127.0.0.1");
    config.put("rest.port", String.valueOf(restPort));
    config.put("blob.server.port", "0");
    config.put("taskmanager.rpc.port", "0");
    config.put("parallelism.default", "1");
    config.put("heartbeat.interval", "1000");
    config.put("heartbeat.timeout", "5000");
    config.put("io.tmp.dirs", workDir.resolve("tmp").toString());
    config.put("web.upload.dir", workDir.resolve("uploads").toString());
    config.putAll(extraConfig);
    writeConfig(workDir, config);

    List<String> classpath = flinkClasspath(System.getProperty("java.class.path"));
    List<String> jvmFlags = inheritedJvmFlags();
    Configuration flinkConfig = GlobalConfiguration.loadConfiguration(conf(workDir).toString());
    JobManagerProcessSpec jmSpec = JobManagerProcessUtils.processSpecFromConfig(flinkConfig);
    List<String> jmJvm =
        split(JobManagerProcessUtils.generateJvmParametersStr(jmSpec, flinkConfig));
    List<String> jmArgs = new ArrayList<>(List.of("--configDir", conf(workDir).toString()));
    jmArgs.addAll(split(JobManagerProcessUtils.generateDynamicConfigsStr(jmSpec)));
    Process jm =
        launch(
            workDir,
            classpath,
            jvmFlags,
            jmJvm,
            "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
            jmArgs,
            "jobmanager");
    StandaloneFlinkCluster cluster =
        new StandaloneFlinkCluster(workDir, classpath, restPort, jvmFlags, slotsPerTaskManager, jm);
    try {
      for (int i = 0; i < taskManagers; i++) {
        cluster.startTaskManager();
      }
      cluster.awaitTaskManagers(taskManagers, Duration.ofSeconds(120));
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  /** The REST API (and web UI) of the JobManager. */
  public URI restEndpoint() {
    return URI.create("http://127.0.0.1:" + restPort);
  }

  /** The REST port. */
  public int restPort() {
    return restPort;
  }

  /** The working directory: {@code conf/}, logs ({@code *.log}), temp files. */
  public Path workDir() {
    return workDir;
  }

  /**
   * The last {@code lines} lines of every process's log and console output, for a test to attach to
   * its failure message (the working directory is deleted on close).
   */
  public String logTails(int lines) {
    StringBuilder tails = new StringBuilder();
    try (var files = Files.list(workDir)) {
      for (Path file :
          files
              .filter(f -> f.toString().endsWith(".log") || f.toString().endsWith(".out"))
              .sorted()
              .toList()) {
        List<String> all = Files.readAllLines(file, java.nio.charset.StandardCharsets.UTF_8);
        tails.append("\n==> ").append(file.getFileName()).append(" <==\n");
        all.subList(Math.max(0, all.size() - lines), all.size())
            .forEach(line -> tails.append(line).append('\n'));
      }
    } catch (IOException e) {
      tails.append("(cannot read logs: ").append(e).append(")");
    }
    return tails.toString();
  }

  /** Starts one more TaskManager process and returns its index. */
  public synchronized int startTaskManager() {
    Configuration flinkConfig = GlobalConfiguration.loadConfiguration(conf(workDir).toString());
    TaskExecutorProcessSpec spec = TaskExecutorProcessUtils.processSpecFromConfig(flinkConfig);
    List<String> jvm = split(ProcessMemoryUtils.generateJvmParametersStr(spec));
    List<String> args = new ArrayList<>(List.of("--configDir", conf(workDir).toString()));
    args.addAll(split(TaskExecutorProcessUtils.generateDynamicConfigsStr(spec)));
    int index = taskManagers.size();
    taskManagers.add(
        launch(
            workDir,
            classpath,
            jvmFlags,
            jvm,
            "org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
            args,
            "taskmanager-" + index));
    return index;
  }

  /** Kills TaskManager {@code index} with SIGKILL and waits until the process is gone. */
  public synchronized void killTaskManager(int index) {
    Process process = taskManagers.get(index);
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while killing a TaskManager", e);
    }
  }

  /**
   * Waits until the JobManager reports at least {@code count} registered TaskManagers and all their
   * slots (a TaskManager registers before its slots do).
   */
  public void awaitTaskManagers(int count, Duration timeout) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    Pattern registered = Pattern.compile("\"taskmanagers\"\\s*:\\s*(\\d+)");
    Pattern slots = Pattern.compile("\"slots-total\"\\s*:\\s*(\\d+)");
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      if (!jobManager.isAlive()) {
        throw new IllegalStateException(
            "the JobManager exited with " + jobManager.exitValue() + "; see " + workDir);
      }
      try {
        HttpResponse<String> response =
            http.send(
                HttpRequest.newBuilder(restEndpoint().resolve("/overview"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        last = response.body();
        Matcher m = registered.matcher(last);
        Matcher s = slots.matcher(last);
        if (response.statusCode() == 200
            && m.find()
            && Integer.parseInt(m.group(1)) >= count
            && s.find()
            && Integer.parseInt(s.group(1)) >= count * slotsPerTaskManager) {
          return;
        }
      } catch (IOException e) {
        last = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
      pause();
    }
    throw new IllegalStateException(
        "the cluster did not report " + count + " TaskManagers in " + timeout + ": " + last);
  }

  @Override
  public synchronized void close() {
    for (Process tm : taskManagers) {
      tm.destroyForcibly();
    }
    jobManager.destroyForcibly();
    for (Process p : taskManagers) {
      waitQuietly(p);
    }
    waitQuietly(jobManager);
    if (System.getenv("SLUICE_KEEP_FLINK_LOGS") == null) {
      Directories.deleteRecursively(workDir);
    }
  }

  /** The entries of a classpath that a Flink cluster process should have (see class doc). */
  static List<String> flinkClasspath(String javaClassPath) {
    return Arrays.stream(javaClassPath.split(File.pathSeparator))
        .filter(entry -> !entry.isBlank())
        .filter(entry -> !LEFT_OUT.matcher(entry.replace('\\', '/')).matches())
        .collect(Collectors.toList());
  }

  private static List<String> inheritedJvmFlags() {
    // The --add-opens/--add-exports this JVM runs with are the ones Flink needs on Java 17.
    return java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(arg -> arg.startsWith("--add-opens") || arg.startsWith("--add-exports"))
        .collect(Collectors.toList());
  }

  private static Process launch(
      Path workDir,
      List<String> classpath,
      List<String> jvmFlags,
      List<String> memoryFlags,
      String mainClass,
      List<String> args,
      String name) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(memoryFlags);
    command.addAll(jvmFlags);
    command.add("-Dlog.file=" + workDir.resolve(name + ".log"));
    command.add("-Dlog4j.configurationFile=" + workDir.resolve("conf/log4j.properties"));
    command.add("-cp");
    command.add(String.join(File.pathSeparator, classpath));
    command.add(mainClass);
    command.addAll(args);
    try {
      return new ProcessBuilder(command)
          .directory(workDir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(workDir.resolve(name + ".out").toFile())
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
  }

  private static void writeConfig(Path workDir, Map<String, String> config) {
    try {
      Files.createDirectories(conf(workDir));
      Files.createDirectories(workDir.resolve("tmp"));
      Files.createDirectories(workDir.resolve("uploads"));
      StringBuilder yaml = new StringBuilder();
      config.forEach((k, v) -> yaml.append(k).append(": ").append(quote(v)).append('\n'));
      Files.writeString(conf(workDir).resolve("config.yaml"), yaml.toString());
      Files.writeString(
          conf(workDir).resolve("log4j.properties"),
          String.join(
              "\n",
              "rootLogger.level = INFO",
              "rootLogger.appenderRef.file.ref = file",
              "appender.file.type = File",
              "appender.file.name = file",
              "appender.file.fileName = ${sys:log.file}",
              "appender.file.layout.type = PatternLayout",
              "appender.file.layout.pattern = %d{HH:mm:ss.SSS} %-5p %c{1} - %m%n",
              ""));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write Flink configuration in " + workDir, e);
    }
  }

  private static String quote(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  private static Path conf(Path workDir) {
    return workDir.resolve("conf");
  }

  private static List<String> split(String flags) {
    return Arrays.stream(flags.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
  }

  private static void waitQuietly(Process process) {
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void pause() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
