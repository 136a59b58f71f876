package dev.sluice.processing.template;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link TemplateText} writes templates as the corrected Loghub ground truth does. */
class TemplateTextTest {
  @Test
  void collapsesSpacesAndMasksPathLikeWords() {
    assertThat(TemplateText.canonical("  opened   /var/log/messages  for read "))
        .isEqualTo("opened <*> for read");
  }

  @Test
  void joinsParametersSeparatedByDotsOrNothing() {
    assertThat(TemplateText.canonical("version <*>.<*>.<*> and <*><*>"))
        .isEqualTo("version <*> and <*>");
    assertThat(TemplateText.canonical("<*>@<*>/<*>/<*>:<*>:<*>:<*>.<*> WcpInitialize"))
        .isEqualTo("<*>@<*>/<*>/<*>:<*>:<*>:<*> WcpInitialize");
  }

  @Test
  void wordsGluedToAParameterAndValueWordsBecomeParameters() {
    assertThat(TemplateText.canonical("user=root flag=true id blk_<*> keep <*>/<*>"))
        .isEqualTo("user=<*> flag=<*> id <*> keep <*>/<*>");
    assertThat(TemplateText.canonical("took 12 ms")).isEqualTo("took <*> ms");
  }
}
