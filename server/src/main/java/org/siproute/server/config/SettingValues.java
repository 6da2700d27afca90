package org.siproute.server.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import org.siproute.server.config.Setting.Group;

/**
 * A value for every declared setting, each within its range and all consistent with the
 * {@link Settings#RULES}. Immutable: a change makes a copy.
 */
final class SettingValues {
  static final SettingValues DEFAULTS = defaults();

  private final Object[] values;

  private SettingValues(Object[] values) {
    this.values = values;
  }

  private static SettingValues defaults() {
    Object[] values = new Object[Settings.ALL.size()];
    for (Setting<?> s : Settings.ALL) {
      values[s.index] = s.defaultValue;
    }
    return new SettingValues(values).requireConsistent();
  }

  @SuppressWarnings("unchecked")
  <T> T get(Setting<T> setting) {
    return (T) values[setting.index];
  }

  /** A copy with one value changed; refused like an operator's value when out of range. */
  <T> SettingValues with(Setting<T> setting, T value) {
    Objects.requireNonNull(value, setting.name);
    String problem = setting.problemWith(value, setting.kind.format(value));
    if (problem != null) {
      throw new ConfigException(problem);
    }
    Object[] copy = values.clone();
    copy[setting.index] = value;
    return new SettingValues(copy);
  }

  /** A copy with the values of one group's settings taken from {@code other}. */
  SettingValues withGroup(Group group, SettingValues other) {
    Object[] copy = values.clone();
    for (Setting<?> s : Settings.ALL) {
      if (s.group == group) {
        copy[s.index] = other.values[s.index];
      }
    }
    return new SettingValues(copy);
  }

  /** These values, after checking the rules between settings; the changes of a with-method end here. */
  SettingValues requireConsistent() {
    for (Settings.Rule rule : Settings.RULES) {
      String violation = rule.violation().apply(this);
      if (violation != null) {
        throw new ConfigException(violation);
      }
    }
    return this;
  }

  /**
   * Flags win over environment variables, which win over defaults. Every bad value is reported
   * at once, each naming its flag; an unknown flag or --help stops at once (with the usage).
   */
  static SettingValues parse(String[] args, Map<String, String> env) {
    Map<String, Setting<?>> byName = new HashMap<>();
    String[] texts = new String[Settings.ALL.size()];
    for (Setting<?> s : Settings.ALL) {
      byName.put(s.name, s);
      texts[s.index] = env.get(s.env());
    }
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--help") || arg.equals("-h")) {
        throw new ConfigException(Settings.usage());
      }
      if (!arg.startsWith("--")) {
        throw new ConfigException("unexpected argument '" + arg + "'\n" + Settings.usage());
      }
      String name = arg.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      Setting<?> setting = byName.get(name);
      if (setting == null) {
        throw new ConfigException("unknown flag --" + name + "\n" + Settings.usage());
      }
      if (value == null) {
        if (setting.kind.isSwitch()) {
          value = "true";
        } else if (i + 1 < args.length) {
          value = args[++i];
        } else {
          throw new ConfigException(setting.flag() + " needs a value");
        }
      }
      texts[setting.index] = value;
    }

    Object[] values = DEFAULTS.values.clone();
    boolean[] refused = new boolean[values.length];
    List<String> errors = new ArrayList<>();
    for (Setting<?> s : Settings.ALL) {
      String text = texts[s.index];
      if (text != null) {
        String error = parseInto(s, text, values);
        if (error != null) {
          errors.add(error);
          refused[s.index] = true;
        }
      }
    }
    SettingValues parsed = new SettingValues(values);
    for (Settings.Rule rule : Settings.RULES) {
      // A rule over a refused value would only repeat that refusal in other words.
      if (rule.settings().stream().noneMatch(s -> refused[s.index])) {
        String violation = rule.violation().apply(parsed);
        if (violation != null) {
          errors.add(violation);
        }
      }
    }
    if (!errors.isEmpty()) {
      throw new ConfigException("bad configuration:\n  " + String.join("\n  ", errors));
    }
    return parsed;
  }

  /** Parses and checks {@code text}, storing the value; returns the refusal, or null. */
  private static <T> String parseInto(Setting<T> setting, String text, Object[] values) {
    T value;
    try {
      value = setting.kind.parse(text);
    } catch (IllegalArgumentException e) {
      return setting.refusal(e.getMessage());
    }
    String problem = setting.problemWith(value, text.trim());
    if (problem != null) {
      return problem;
    }
    values[setting.index] = value;
    return null;
  }

  boolean equalIn(Group group, SettingValues other) {
    for (Setting<?> s : Settings.ALL) {
      if (s.group == group && !values[s.index].equals(other.values[s.index])) {
        return false;
      }
    }
    return true;
  }

  int hashIn(Group group) {
    int hash = 1;
    for (Setting<?> s : Settings.ALL) {
      if (s.group == group) {
        hash = 31 * hash + values[s.index].hashCode();
      }
    }
    return hash;
  }

  /** "name=value, ..." of a group, secrets masked: configurations get logged. */
  String describe(Group group) {
    StringJoiner text = new StringJoiner(", ");
    for (Setting<?> s : Settings.ALL) {
      if (s.group == group) {
        text.add(s.name + "=" + s.show(values[s.index]));
      }
    }
    return text.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SettingValues other && Arrays.equals(values, other.values);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(values);
  }
}
