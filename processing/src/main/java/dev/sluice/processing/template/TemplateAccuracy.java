package dev.sluice.processing.template;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The four accuracy figures log-parser benchmarks report, computed the way logpai's evaluators
 * define them (our own implementation):
 *
 * <ul>
 *   <li><b>GA</b>, grouping accuracy (logparser's {@code evaluator.py}): the share of lines whose
 *       true group was found exactly — every line of the true template, and no other line, got the
 *       same parsed group.
 *   <li><b>FGA</b> (Loghub-2.0): the F1 of the share of parsed groups that are exact true groups
 *       (precision) and of true groups found exactly (recall).
 *   <li><b>PA</b>, parsing accuracy (Loghub-2.0): the share of lines whose parsed template text
 *       equals the true template text.
 *   <li><b>FTA</b> (Loghub-2.0): a parsed template text is right when all its lines have one true
 *       template and that template's text is the parsed text; F1 of right texts over parsed texts
 *       and over true templates.
 * </ul>
 *
 * Lines whose truth is null are left out, as the evaluators do.
 */
public record TemplateAccuracy(
    double groupingAccuracy,
    double parsingAccuracy,
    double groupingF1,
    double templateF1,
    int lines,
    int trueTemplates,
    int parsedGroups) {

  /**
   * Scores a parse.
   *
   * @param truth the true template text of each line
   * @param parsedGroup the parsed group (template id) of each line
   * @param parsedText the parsed template text of each line
   */
  public static TemplateAccuracy of(
      List<String> truth, List<String> parsedGroup, List<String> parsedText) {
    if (truth.size() != parsedGroup.size() || truth.size() != parsedText.size()) {
      throw new IllegalArgumentException("need one parsed group and text per true template");
    }
    Map<String, Integer> trueSize = new HashMap<>();
    Map<String, Integer> groupSize = new HashMap<>();
    Map<String, Set<String>> groupsOfTruth = new HashMap<>();
    Map<String, Set<String>> truthsOfText = new HashMap<>();
    int lines = 0;
    int exactText = 0;
    for (int i = 0; i < truth.size(); i++) {
      String t = truth.get(i);
      if (t == null) {
        continue;
      }
      lines++;
      String g = parsedGroup.get(i);
      trueSize.merge(t, 1, Integer::sum);
      groupSize.merge(g, 1, Integer::sum);
      groupsOfTruth.computeIfAbsent(t, k -> new HashSet<>()).add(g);
      truthsOfText.computeIfAbsent(parsedText.get(i), k -> new HashSet<>()).add(t);
      if (Objects.equals(t, parsedText.get(i))) {
        exactText++;
      }
    }
    int exactGroups = 0;
    int exactLines = 0;
    for (Map.Entry<String, Set<String>> e : groupsOfTruth.entrySet()) {
      if (e.getValue().size() == 1) {
        String g = e.getValue().iterator().next();
        int size = trueSize.get(e.getKey());
        if (groupSize.get(g) == size) {
          exactGroups++;
          exactLines += size;
        }
      }
    }
    int rightTexts = 0;
    for (Map.Entry<String, Set<String>> e : truthsOfText.entrySet()) {
      if (e.getValue().size() == 1 && e.getValue().contains(e.getKey())) {
        rightTexts++;
      }
    }
    double ga = lines == 0 ? 0 : (double) exactLines / lines;
    double pa = lines == 0 ? 0 : (double) exactText / lines;
    double fga = f1(exactGroups, groupSize.size(), trueSize.size());
    double fta = f1(rightTexts, truthsOfText.size(), trueSize.size());
    return new TemplateAccuracy(ga, pa, fga, fta, lines, trueSize.size(), groupSize.size());
  }

  private static double f1(int right, int found, int exist) {
    if (right == 0) {
      return 0;
    }
    double p = (double) right / found;
    double r = (double) right / exist;
    return 2 * p * r / (p + r);
  }
}
