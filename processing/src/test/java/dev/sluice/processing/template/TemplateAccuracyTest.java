package dev.sluice.processing.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link TemplateAccuracy} on small cases worked out by hand. */
class TemplateAccuracyTest {
  private static List<String> l(String... s) {
    return Arrays.asList(s);
  }

  @Test
  void aPerfectParseScoresOneEverywhere() {
    TemplateAccuracy a =
        TemplateAccuracy.of(l("A <*>", "A <*>", "B"), l("1", "1", "2"), l("A <*>", "A <*>", "B"));
    assertThat(a.groupingAccuracy()).isEqualTo(1.0);
    assertThat(a.parsingAccuracy()).isEqualTo(1.0);
    assertThat(a.groupingF1()).isEqualTo(1.0);
    assertThat(a.templateF1()).isEqualTo(1.0);
  }

  @Test
  void aTrueGroupSplitInTwoLosesAllItsLines() {
    // Truth: A A A B; parsed: A A | A' | B.
    TemplateAccuracy a =
        TemplateAccuracy.of(l("A", "A", "A", "B"), l("1", "1", "3", "2"), l("A", "A", "A x", "B"));
    assertThat(a.groupingAccuracy()).isEqualTo(0.25); // only B's one line
    assertThat(a.parsingAccuracy()).isEqualTo(0.75);
    // FGA: 1 exact group of 3 parsed (P 1/3) and of 2 true (R 1/2): F1 0.4.
    assertThat(a.groupingF1()).isCloseTo(0.4, within(1e-9));
    // FTA: text "A" covers only true A (right), "A x" covers A but differs, "B" right:
    // 2 right of 3 texts and of 2 truths: F1 0.8.
    assertThat(a.templateF1()).isCloseTo(0.8, within(1e-9));
  }

  @Test
  void twoTrueGroupsMergedLoseBoth() {
    TemplateAccuracy a = TemplateAccuracy.of(l("A", "B", "C"), l("1", "1", "2"), l("x", "x", "C"));
    assertThat(a.groupingAccuracy()).isCloseTo(1 / 3.0, within(1e-9));
    assertThat(a.parsedGroups()).isEqualTo(2);
    assertThat(a.trueTemplates()).isEqualTo(3);
  }

  @Test
  void linesWithoutTruthAreLeftOut() {
    TemplateAccuracy a = TemplateAccuracy.of(l("A", null), l("1", "2"), l("A", "B"));
    assertThat(a.lines()).isEqualTo(1);
    assertThat(a.groupingAccuracy()).isEqualTo(1.0);
  }
}
