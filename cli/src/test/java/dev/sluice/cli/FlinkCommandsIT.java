package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.cli.testjobs.CountingJob;
import dev.sluice.local.StandaloneFlinkCluster;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice submit}, {@code jobs} and {@code stop --savepoint} against a standalone Flink
 * session cluster running as separate JVMs.
 */
class FlinkCommandsIT {
  @TempDir static Path temp;
  static StandaloneFlinkCluster cluster;
  static Path jobJar;

  @BeforeAll
  static void startCluster() throws IOException {
    cluster = StandaloneFlinkCluster.start(1, 2, Map.of());
    jobJar = jarOf(CountingJob.class, temp.resolve("counting-job.jar"));
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  record Result(int code, String out, String err) {}

  static Result sluice(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void submitsListsStopsWithSavepointAndResumesFromIt() throws Exception {
    String flink = cluster.restEndpoint().toString();
    Result submitted =
        sluice(
            "submit",
            "--flink",
            flink,
            "--jar",
            jobJar.toString(),
            "--entry-class",
            CountingJob.class.getName(),
            "--",
            "counting-it");
    assertThat(submitted.code()).as(submitted.err()).isZero();
    String jobId = submitted.out().trim();
    assertThat(jobId).matches("[0-9a-f]{32}");

    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () ->
                assertThat(sluice("jobs", "--flink", flink).out())
                    .containsPattern(jobId + "\\s+RUNNING\\s+\\S+\\s+counting-it"));
    awaitAllTasksRunning(jobId);

    Path savepoints = temp.resolve("savepoints");
    Result stopped =
        sluice(
            "stop",
            "--flink",
            flink,
            "--savepoint",
            "--savepoint-dir",
            savepoints.toUri().toString(),
            jobId);
    assertThat(stopped.code()).as(stopped.err()).isZero();
    String savepoint = stopped.out().trim();
    assertThat(Path.of(URI.create(savepoint)).resolve("_metadata")).exists();
    assertThat(sluice("jobs", "--flink", flink).out()).containsPattern(jobId + "\\s+FINISHED");

    Result resumed =
        sluice(
            "submit",
            "--flink",
            flink,
            "--jar",
            jobJar.toString(),
            "--entry-class",
            CountingJob.class.getName(),
            "--from-savepoint",
            savepoint,
            "--",
            "counting-resumed");
    assertThat(resumed.code()).as(resumed.err()).isZero();
    String resumedId = resumed.out().trim();
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () ->
                assertThat(sluice("jobs", "--flink", flink).out())
                    .containsPattern(resumedId + "\\s+RUNNING\\s+\\S+\\s+counting-resumed"));
    awaitAllTasksRunning(resumedId);
    Result stoppedAgain =
        sluice(
            "stop",
            "--flink",
            flink,
            "--savepoint",
            "--savepoint-dir",
            savepoints.toUri().toString(),
            resumedId);
    assertThat(stoppedAgain.code()).as(stoppedAgain.err()).isZero();
  }

  @Test
  void missingJarAndBadJobIdAreOneLineUserErrors() {
    String flink = cluster.restEndpoint().toString();
    Result noJar = sluice("submit", "--flink", flink, "--jar", "/nonexistent/job.jar");
    assertThat(noJar.code()).isEqualTo(2);
    assertThat(noJar.err()).startsWith("sluice: no job jar at /nonexistent/job.jar");

    Result badId = sluice("stop", "--flink", flink, "--savepoint", "not-a-job");
    assertThat(badId.code()).isEqualTo(2);
    assertThat(badId.err()).contains("'not-a-job' is not a Flink job id");

    Result noSavepointFlag = sluice("stop", "--flink", flink, "0123456789abcdef0123456789abcdef");
    assertThat(noSavepointFlag.code()).isEqualTo(2);
    assertThat(noSavepointFlag.err()).contains("Missing required option: '--savepoint'");
  }

  @Test
  void unreachableClusterSaysWhichAddress() throws IOException {
    int closedPort;
    try (var socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Result result = sluice("jobs", "--flink", "http://127.0.0.1:" + closedPort);
    assertThat(result.code()).isEqualTo(1);
    assertThat(result.err())
        .startsWith("sluice: cannot reach Flink at http://127.0.0.1:" + closedPort);
    assertThat(result.err().lines().count()).isEqualTo(1);
  }

  /** A savepoint needs every task running, not just the job scheduled. */
  static void awaitAllTasksRunning(String jobId) {
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () -> {
              String body =
                  java.net.http.HttpClient.newHttpClient()
                      .send(
                          java.net.http.HttpRequest.newBuilder(
                                  cluster.restEndpoint().resolve("/jobs/" + jobId))
                              .build(),
                          java.net.http.HttpResponse.BodyHandlers.ofString())
                      .body();
              var vertices = json.readTree(body).path("vertices");
              assertThat(vertices.size()).isPositive();
              vertices.forEach(v -> assertThat(v.path("status").asText()).isEqualTo("RUNNING"));
            });
  }

  /** Packs one compiled class (and its inner classes) into a jar with it as the main class. */
  static Path jarOf(Class<?> mainClass, Path jar) throws IOException {
    java.util.jar.Manifest manifest = new java.util.jar.Manifest();
    manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MAIN_CLASS, mainClass.getName());
    Path classes = Path.of(mainClass.getProtectionDomain().getCodeSource().getLocation().getPath());
    String packageDir = mainClass.getPackageName().replace('.', '/');
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file, manifest);
        var entries = Files.list(classes.resolve(packageDir))) {
      for (Path classFile : entries.filter(p -> p.toString().endsWith(".class")).toList()) {
        out.putNextEntry(new JarEntry(packageDir + "/" + classFile.getFileName()));
        Files.copy(classFile, out);
        out.closeEntry();
      }
    }
    return jar;
  }
}
