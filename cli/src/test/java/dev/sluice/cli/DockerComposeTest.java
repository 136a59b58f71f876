package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.cli.alert.AlertCommand;
import dev.sluice.cli.alert.AlertSettings;
import dev.sluice.ingest.ship.ShipperConfig;
import dev.sluice.model.config.Secrets;
import dev.sluice.processing.JobOptions;
import dev.sluice.ship.ShipCommand;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Checks the root {@code docker-compose.yml} for what {@code docker-compose config} cannot: that it
 * agrees with the code (the job's flags parse with {@link JobOptions}, the shipper's with {@code
 * sluice ship}'s own picocli spec, the Flink JVM flags are the root pom's), that every service that
 * keeps running has a health check and every one-shot is waited for by its completion, that every
 * variable has an entry in {@code .env.example}, and that no secret is written into the file.
 */
class DockerComposeTest {
  static final Path ROOT = Path.of("..");
  static final String SUBMIT = "submit-job";
  static final String SHIPPER = "shipper";
  private static final Pattern SECRET_NAME =
      Pattern.compile("(?i).*(password|secret|token|private|credential|_key)$");

  static ComposeFile compose;

  @BeforeAll
  static void read() throws IOException {
    compose = ComposeFile.read(ROOT.resolve("docker-compose.yml"), ROOT.resolve(".env.example"));
  }

  @Test
  void everyVariableHasAnEntryInEnvExampleAndEveryEntryIsUsed() {
    assertThat(compose.env().keySet())
        .as(".env.example entries")
        .containsAll(compose.referencedVariables());
    assertThat(compose.referencedVariables())
        .as("variables docker-compose.yml uses")
        .containsAll(compose.env().keySet());
  }

  @Test
  void everyLongRunningServiceHasAHealthCheckAndOneShotsSayNoRestart() {
    for (String name : compose.serviceNames()) {
      JsonNode service = compose.service(name);
      if (isOneShot(service)) {
        assertThat(service.has("healthcheck"))
            .as(name + " is a one-shot: no healthcheck")
            .isFalse();
      } else {
        assertThat(service.path("healthcheck").path("test").isArray())
            .as(name + " keeps running, so it needs a healthcheck with a test")
            .isTrue();
        assertThat(service.path("restart").asText())
            .as(name + " restart policy")
            .isEqualTo("unless-stopped");
      }
    }
  }

  @Test
  void dependenciesWaitForHealthOrForCompletion() {
    for (String name : compose.serviceNames()) {
      compose
          .service(name)
          .path("depends_on")
          .fields()
          .forEachRemaining(
              dependency -> {
                String expected =
                    isOneShot(compose.service(dependency.getKey()))
                        ? "service_completed_successfully"
                        : "service_healthy";
                assertThat(dependency.getValue().path("condition").asText())
                    .as(name + " depends on " + dependency.getKey())
                    .isEqualTo(expected);
              });
    }
  }

  @Test
  void noSecretIsWrittenIntoTheFile() {
    for (String name : compose.serviceNames()) {
      compose
          .service(name)
          .path("environment")
          .fields()
          .forEachRemaining(
              e -> {
                if (SECRET_NAME.matcher(e.getKey()).matches()) {
                  assertThat(e.getValue().asText())
                      .as(name + ": " + e.getKey() + " must come from .env, without a default")
                      .matches("\\$\\{[A-Z0-9_]+(:?\\?[^}]*)?}");
                }
              });
    }
    assertThat(compose.text())
        .as("no secret flags in commands")
        .doesNotContain("--s3-secret-key")
        .doesNotContainPattern("(?i)(password|secret)\\s*[=:]\\s*[^$\\s?]");
  }

  @Test
  void envFileIsIgnoredByGitAndItsExampleIsNot() throws IOException {
    List<String> ignored =
        Files.readAllLines(ROOT.resolve(".gitignore"), StandardCharsets.UTF_8).stream()
            .map(String::strip)
            .toList();
    assertThat(ignored).contains(".env").doesNotContain(".env.example", ".env*");
  }

  @Test
  void jobFlagsAreAcceptedByTheJobsParserWithoutAnySecret() {
    List<String> flags = compose.list(SUBMIT, "command");
    // The submitting container holds no S3 keys: the TaskManagers read them from their env.
    JobOptions options = JobOptions.parse(flags.toArray(String[]::new), Map.of());

    assertThat(options.s3CredentialsFromEnv()).isTrue();
    assertThat(options.s3SecretKey()).isNull();
    Map<String, String> taskManagerEnv = compose.environment("taskmanager");
    assertThat(taskManagerEnv)
        .containsKeys(JobOptions.ENV_ACCESS_KEY, JobOptions.ENV_SECRET_KEY)
        .containsEntry(JobOptions.ENV_SECRET_KEY, compose.env().get("SLUICE_S3_SECRET_KEY"));

    assertThat(options.bootstrapServers()).isEqualTo(advertisedListener("kafka", "INTERNAL"));
    URI s3 = URI.create(options.s3Endpoint());
    assertThat(compose.serviceNames()).contains(s3.getHost());
    assertThat(s3.getPort()).isEqualTo(9000);
    assertThat(options.bucket()).isEqualTo(compose.env().get("SLUICE_BUCKET"));
    assertThat(options.topic()).isIn(topicsCreatedByKafkaInit());
    assertThat(options.parallelism())
        .as("the job's parallelism fits the slots of the one TaskManager")
        .isNotNull()
        .isLessThanOrEqualTo(Integer.parseInt(compose.env().get("FLINK_TASK_SLOTS")));
  }

  @Test
  void jobIsSubmittedFromTheBuiltJarAgainstTheJobManager() {
    JsonNode submit = compose.service(SUBMIT);
    assertThat(mounts(SUBMIT))
        .contains("./processing/target/sluice-job.jar:/opt/sluice/sluice-job.jar:ro");
    assertThat(compose.environment(SUBMIT))
        .containsEntry("FLINK_JOBMANAGER", "jobmanager:8081")
        .containsEntry("SLUICE_JOB_JAR", "/opt/sluice/sluice-job.jar");
    assertThat(submit.path("entrypoint").toString()).contains("submit-job.sh");
    assertThat(Files.isRegularFile(ROOT.resolve("deploy/submit-job.sh"))).isTrue();
  }

  @Test
  void shipperFlagsAreAcceptedBySluiceShip() {
    List<String> args = compose.list(SHIPPER, "command");
    assertThat(compose.list(SHIPPER, "entrypoint")).endsWith("-jar", "/opt/sluice/sluice-ship.jar");
    assertThat(mounts(SHIPPER))
        .contains("./ship/target/sluice-ship.jar:/opt/sluice/sluice-ship.jar:ro");

    ShipCommand ship = new ShipCommand();
    new CommandLine(ship).parseArgs(args.toArray(String[]::new));
    ShipperConfig config = ship.config();

    assertThat(config.kafka().bootstrapServers())
        .isEqualTo(advertisedListener("kafka", "INTERNAL"));
    assertThat(config.kafka().topic())
        .isEqualTo(JobOptions.parse(jobFlags(), Map.of()).topic())
        .isIn(topicsCreatedByKafkaInit());
    String healthcheck = compose.service(SHIPPER).path("healthcheck").path("test").toString();
    assertThat(healthcheck).contains("localhost:" + config.metricsPort() + "/metrics");

    String glob = config.sources().get(0).paths().get(0).pattern();
    String logDir = glob.substring(0, glob.lastIndexOf('/'));
    String volume = volumeMountedAt(SHIPPER, logDir);
    assertThat(volume).as("the shipper reads " + logDir + " from a named volume").isNotNull();
    assertThat(mounts("sample-app"))
        .as("the sample app writes that volume")
        .contains(volume + ":" + logDir);
    assertThat(volumeMountedAt(SHIPPER, config.stateDir().toString()))
        .as("read positions survive a new shipper container")
        .isNotNull();
  }

  @Test
  void alertFlagsAreAcceptedBySluiceAlertAndPointAtComposeServices() {
    List<String> args = compose.list("alert", "command");
    assertThat(compose.list("alert", "entrypoint")).endsWith("-jar", "/opt/sluice/sluice.jar");
    Object verb =
        new CommandLine(new SluiceCommand())
            .parseArgs(args.toArray(String[]::new))
            .subcommand()
            .commandSpec()
            .userObject();
    assertThat(verb).isInstanceOf(AlertCommand.class);
    AlertCommand alert = (AlertCommand) verb;
    AlertSettings settings = alert.settings(new Secrets(Map.<String, String>of()::get));
    assertThat(settings.bootstrapServers()).isEqualTo(advertisedListener("kafka", "INTERNAL"));
    assertThat(settings.topic()).isIn(topicsCreatedByKafkaInit());
    assertThat(compose.serviceNames()).contains(settings.alertmanager().getHost());
    assertThat(settings.alertmanager().getPort()).isEqualTo(9093);
    assertThat(compose.service("alert").path("healthcheck").path("test").toString())
        .contains("localhost:" + alert.metricsPort() + "/metrics");
    assertThat(settings.uiUrl().getPort())
        .isEqualTo(Integer.parseInt(compose.env().get("SLUICE_UI_PORT")));
  }

  @Test
  void uiFlagsAreAcceptedBySluiceUiAndReadTheBucketOfTheJob() {
    List<String> args = compose.list("ui", "command");
    Object verb =
        new CommandLine(new SluiceCommand())
            .parseArgs(args.toArray(String[]::new))
            .subcommand()
            .commandSpec()
            .userObject();
    assertThat(verb).isInstanceOf(UiCommand.class);
    UiCommand ui = (UiCommand) verb;
    assertThat(compose.serviceNames()).contains(URI.create(ui.connection.endpoint).getHost());
    assertThat(ui.connection.bucket).isEqualTo(compose.env().get("SLUICE_BUCKET"));
    assertThat(ui.bind).isEqualTo("0.0.0.0");
    assertThat(compose.environment("ui")).containsKey(S3ConnectionOptions.SECRET_ENV);
    assertThat(compose.service("ui").path("healthcheck").path("test").toString())
        .contains("localhost:" + ui.port + "/");
    assertThat(compose.service("ui").path("ports").toString()).contains(":" + ui.port + "\"");
  }

  @Test
  void flinkJvmFlagsAreThoseOfTheRootPom() throws IOException {
    String pom = Files.readString(ROOT.resolve("pom.xml"), StandardCharsets.UTF_8);
    Matcher m = Pattern.compile("<flink.jvm.flags>([^<]+)</flink.jvm.flags>").matcher(pom);
    assertThat(m.find()).isTrue();
    for (String service : List.of("jobmanager", "taskmanager")) {
      String properties = compose.environment(service).get("FLINK_PROPERTIES");
      assertThat(properties).as(service + " FLINK_PROPERTIES").isNotNull();
      assertThat(flinkProperty(properties, "env.java.opts.all"))
          .as(service + " env.java.opts.all")
          .isEqualTo(m.group(1).strip());
      assertThat(flinkProperty(properties, "execution.checkpointing.dir"))
          .as("checkpoints on the shared volume")
          .startsWith("file:///opt/flink/data/");
      assertThat(volumeMountedAt(service, "/opt/flink/data")).isEqualTo("flink-data");
    }
  }

  @Test
  void interpolationFollowsComposeRules() {
    assertThat(compose.interpolate("a$${B}c")).isEqualTo("a${B}c");
    assertThat(compose.interpolate("${SLUICE_NOT_SET:-x}")).isEqualTo("x");
    assertThat(compose.interpolate("${SLUICE_BUCKET:?missing}")).isEqualTo("sluice");
    assertThatCode(() -> compose.interpolate("${SLUICE_NOT_SET:?say what}"))
        .hasMessageContaining("say what");
    assertThatCode(() -> compose.interpolate("$HOME")).hasMessageContaining("unbraced");
  }

  private static String[] jobFlags() {
    return compose.list(SUBMIT, "command").toArray(String[]::new);
  }

  private static boolean isOneShot(JsonNode service) {
    return service.path("restart").asText().equals("no");
  }

  private static List<String> mounts(String service) {
    List<String> mounts = new ArrayList<>();
    compose.service(service).path("volumes").forEach(v -> mounts.add(v.asText()));
    return mounts;
  }

  /** The named volume mounted at {@code path} (or at a parent of it), or null. */
  private static String volumeMountedAt(String service, String path) {
    for (String mount : mounts(service)) {
      String[] parts = mount.split(":");
      boolean named = !parts[0].startsWith(".") && !parts[0].startsWith("/");
      if (named && (path.equals(parts[1]) || path.startsWith(parts[1] + "/"))) {
        return parts[0];
      }
    }
    return null;
  }

  private static String advertisedListener(String service, String listener) {
    String advertised = compose.environment(service).get("KAFKA_ADVERTISED_LISTENERS");
    for (String entry : advertised.split(",")) {
      if (entry.startsWith(listener + "://")) {
        return entry.substring(listener.length() + 3);
      }
    }
    throw new AssertionError("no " + listener + " listener in " + advertised);
  }

  private static List<String> topicsCreatedByKafkaInit() {
    String script = String.join(" ", compose.list("kafka-init", "command"));
    Matcher m = Pattern.compile("for topic in ([^;]+);").matcher(script);
    assertThat(m.find()).as("kafka-init creates topics in a for loop").isTrue();
    return List.of(m.group(1).strip().split("\\s+"));
  }

  private static String flinkProperty(String properties, String key) {
    for (String line : properties.split("\n")) {
      if (line.startsWith(key + ":")) {
        return line.substring(key.length() + 1).strip();
      }
    }
    return null;
  }
}
