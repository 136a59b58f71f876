package dev.sluice.cli.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.local.junit.S3Extension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * {@code sluice ui} in a real browser: Debian's headless Chromium driven by Selenium through {@code
 * /usr/bin/chromedriver} (nothing downloaded), over demo-like tables on a real S3 server. Loads the
 * page, checks the timelines are drawn with the anomaly markers, clicks a marker through to the
 * incident and its raw log lines, and saves screenshots under {@code target/}.
 */
class UiBrowserIT {
  @RegisterExtension static final S3Extension S3 = S3Extension.shared();
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  private static UiStack stack;
  private static ChromeDriver browser;

  @BeforeAll
  static void start() {
    assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
        .as(
            "needs Debian's chromium and chromium-driver: apt-get install -y chromium chromium-driver (.ci/run does)")
        .isTrue();
    stack = new UiStack(S3);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1500,1150");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    browser = new ChromeDriver(service, options);
    browser.manage().window().setSize(new Dimension(1500, 1150));
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (stack != null) {
      stack.close();
    }
  }

  private static WebDriverWait waiting() {
    return new WebDriverWait(browser, Duration.ofSeconds(60));
  }

  @Test
  void timelineShowsTheAnomalyAndAClickLeadsToItsRawLines() throws Exception {
    browser.get(stack.url() + "?" + stack.range());

    waiting().until(d -> d.findElements(By.cssSelector(".service")).size() == 3);
    List<WebElement> canvases = browser.findElements(By.cssSelector(".service .uplot canvas"));
    assertThat(canvases).as("three charts per service, drawn by uPlot").hasSize(9);
    Object drawn =
        browser.executeScript(
            "const c = document.querySelector('.service[data-service=payments] canvas');"
                + "const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                + "let n = 0; for (let i = 3; i < px.length; i += 4) if (px[i] > 0) n++; return n;");
    assertThat(((Number) drawn).longValue())
        .as("painted pixels on the payments chart")
        .isGreaterThan(1000);

    WebElement marker =
        waiting()
            .until(
                ExpectedConditions.elementToBeClickable(
                    By.cssSelector(
                        ".service[data-service=payments] .anomaly-marker[data-id='"
                            + DemoLikeData.ERROR_INCIDENT
                            + "']")));
    assertThat(marker.getAttribute("class")).contains("CRITICAL");
    assertThat(browser.findElements(By.cssSelector("#incidents li"))).hasSize(2);
    screenshot("sluice-ui-timelines.png");

    marker.click();
    WebElement detail =
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("detail")));
    assertThat(detail.getText())
        .contains("error rate rise on payments")
        .contains(DemoLikeData.EXEMPLAR_MESSAGE);
    assertThat(browser.getCurrentUrl()).contains("incident=" + DemoLikeData.ERROR_INCIDENT);
    screenshot("sluice-ui-incident.png");

    browser.findElement(By.id("show-logs")).click();
    waiting().until(d -> !d.findElements(By.cssSelector("#log-lines tr.exemplar")).isEmpty());
    List<WebElement> lines = browser.findElements(By.cssSelector("#log-lines tr"));
    List<WebElement> exemplars = browser.findElements(By.cssSelector("#log-lines tr.exemplar"));
    assertThat(lines.size()).isGreaterThan(50);
    assertThat(exemplars).hasSize(3);
    assertThat(exemplars.get(0).getText())
        .contains("t-9c1e")
        .contains(DemoLikeData.EXEMPLAR_MESSAGE);
    assertThat(browser.getCurrentUrl()).contains("logs=window");
    screenshot("sluice-ui-raw-lines.png");

    // The URL is the view: opening it afresh shows the same incident and lines.
    String shared = browser.getCurrentUrl();
    browser.get("about:blank");
    browser.get(shared);
    waiting().until(d -> d.findElements(By.cssSelector("#log-lines tr.exemplar")).size() == 3);
    assertThat(browser.findElement(By.id("detail")).getText())
        .contains("error rate rise on payments");
  }

  @Test
  void badInputIsShownOnThePage() {
    browser.get(stack.url() + "?from=" + stack.data.end + "&to=" + stack.data.start);
    WebElement error =
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("error")));
    assertThat(error.getText()).contains("inverted").doesNotContain("Exception");

    browser.get(stack.url() + "?" + stack.range() + "&service=nope");
    waiting()
        .until(d -> d.findElement(By.id("error")).getText().contains("unknown service 'nope'"));
  }

  private static void screenshot(String name) throws Exception {
    Path target = Path.of("target", name);
    Files.createDirectories(target.getParent());
    Files.copy(
        browser.getScreenshotAs(OutputType.FILE).toPath(),
        target,
        StandardCopyOption.REPLACE_EXISTING);
  }
}
