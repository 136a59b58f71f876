package dev.sluice.cli.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.model.config.Secrets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertSettingsTest {
  private static final String TOKEN = "s3cr3t-token-value";
  private static final String SLACK = "https://hooks.slack.example/services/T000/B000/XXXXSECRET";
  private final Secrets secrets = new Secrets(Map.of("HOOK_TOKEN", TOKEN, "SLACK_URL", SLACK)::get);

  private static AlertSettings.Raw raw(
      String alertmanager, String webhook, String token, String slack) {
    return new AlertSettings.Raw(
        "127.0.0.1:9092",
        "anomalies",
        "sluice-alert",
        AlertSettings.StartAt.LATEST,
        alertmanager,
        webhook,
        token,
        slack,
        null,
        Duration.ofMillis(500),
        Duration.ofSeconds(30),
        Duration.ofSeconds(10),
        Duration.ofHours(24));
  }

  @Test
  void resolvesSecretsAndNeverShowsThem() {
    AlertSettings s =
        AlertSettings.from(
            raw(
                "http://am:9093",
                "https://hooks.example/x",
                "${env:HOOK_TOKEN}",
                "${env:SLACK_URL}"),
            secrets);
    assertThat(s.webhookToken()).isEqualTo(TOKEN);
    assertThat(s.slackWebhook()).hasToString(SLACK);
    assertThat(s.toString()).doesNotContain(TOKEN).doesNotContain("XXXXSECRET");
    assertThat(
            new SlackTarget(s.slackWebhook(), new AlertText(null), Duration.ofSeconds(1))
                .describe())
        .doesNotContain("XXXXSECRET");
  }

  @Test
  void aMissingSecretNamesTheVariable() {
    assertThatThrownBy(
            () -> AlertSettings.from(raw(null, "http://h/x", "${env:NOT_SET}", null), secrets))
        .hasMessageContaining("--webhook-token")
        .hasMessageContaining("NOT_SET");
    assertThatThrownBy(
            () -> AlertSettings.from(raw(null, null, null, "${file:/no/such/file}"), secrets))
        .hasMessageContaining("--slack-webhook")
        .hasMessageContaining("/no/such/file");
  }

  @Test
  void aLiteralTokenIsRefused() {
    assertThatThrownBy(() -> AlertSettings.from(raw(null, "http://h/x", TOKEN, null), secrets))
        .hasMessageContaining("${env:NAME}")
        .hasMessageNotContaining(TOKEN);
  }

  @Test
  void wrongUrlsSayWhatToFix() {
    assertThatThrownBy(() -> AlertSettings.from(raw("am:9093", null, null, null), secrets))
        .hasMessageContaining("--alertmanager")
        .hasMessageContaining("http://");
    assertThatThrownBy(() -> AlertSettings.from(raw("http://", null, null, null), secrets))
        .hasMessageContaining("--alertmanager");
    assertThatThrownBy(() -> AlertSettings.from(raw(null, "ftp://x/y", null, null), secrets))
        .hasMessageContaining("--webhook");
    assertThatThrownBy(() -> AlertSettings.from(raw(null, null, null, "not a url"), secrets))
        .hasMessageContaining("--slack-webhook")
        .hasMessageNotContaining("not a url");
  }

  @Test
  void atLeastOneTargetIsNeeded() {
    assertThatThrownBy(() -> AlertSettings.from(raw(null, null, null, null), secrets))
        .hasMessageContaining("--alertmanager");
  }
}
