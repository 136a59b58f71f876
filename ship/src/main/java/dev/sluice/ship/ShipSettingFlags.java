package dev.sluice.ship;

import dev.sluice.ingest.ship.ShipSetting;
import dev.sluice.ingest.ship.ShipSettings;
import dev.sluice.ingest.ship.ShipperConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Gives {@code sluice ship} one flag per {@link ShipSettings#ALL} setting that has one (a picocli
 * model transformer, so the flags are in {@code --help} and docs/reference.md like annotated ones),
 * and lays the flags given over a builder that holds the YAML file's settings. A setting's flag,
 * type and help are thus defined once, in the table; errors name the flag and the YAML key.
 */
public final class ShipSettingFlags implements IModelTransformer {
  @Override
  public CommandSpec transform(CommandSpec spec) {
    List<OptionSpec> standard = new ArrayList<>();
    for (String name : List.of("--help", "--version")) {
      OptionSpec option = spec.findOption(name);
      if (option != null) {
        standard.add(option);
        spec.remove(option); // added again below, so --help and --version stay last
      }
    }
    for (ShipSetting<?> setting : ShipSettings.ALL) {
      if (setting.flags().isEmpty()) {
        continue;
      }
      OptionSpec.Builder option =
          OptionSpec.builder(setting.flags().toArray(String[]::new))
              .type(setting.type().flagType())
              .description(setting.help());
      if (setting.type().flagType() == Map.class) {
        option.auxiliaryTypes(String.class, String.class);
      }
      spec.addOption(option.paramLabel(setting.paramLabel()).build());
    }
    standard.forEach(spec::addOption);
    return spec;
  }

  /**
   * Applies every setting under {@code prefix} ({@code ""}: all) whose flag was given over {@code
   * b}, in table order.
   *
   * @throws IllegalArgumentException naming the flag and the YAML key, for a value that is wrong
   */
  static void overlay(CommandSpec spec, ShipperConfig.Builder b, String prefix) {
    for (ShipSetting<?> setting : ShipSettings.ALL) {
      if (setting.path().startsWith(prefix) && given(spec, setting)) {
        setting.applyFlag(b, value(spec, setting));
      }
    }
  }

  /** Whether a flag of any setting under {@code prefix} was given. */
  static boolean anyGiven(CommandSpec spec, String prefix) {
    return ShipSettings.ALL.stream().anyMatch(s -> s.path().startsWith(prefix) && given(spec, s));
  }

  /** The parsed value of the flag of the setting at {@code path}, or null if not given. */
  static Object value(CommandSpec spec, String path) {
    ShipSetting<?> setting = ShipSettings.at(path);
    return given(spec, setting) ? value(spec, setting) : null;
  }

  private static boolean given(CommandSpec spec, ShipSetting<?> setting) {
    if (setting.flags().isEmpty()) {
      return false;
    }
    Object value = value(spec, setting);
    return value != null && !(value instanceof Map<?, ?> map && map.isEmpty());
  }

  private static Object value(CommandSpec spec, ShipSetting<?> setting) {
    return spec.findOption(setting.flag()).getValue();
  }
}
