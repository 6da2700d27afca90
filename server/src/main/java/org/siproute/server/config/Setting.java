package org.siproute.server.config;

import java.util.Locale;
import java.util.Objects;

/**
 * One setting, declared once in {@link Settings}: its name (the flag, and from it the
 * environment variable), kind and range, default, help text (Markdown), and the typed view
 * that reads it. Parsing, checking, --help and the README row all come from here.
 */
final class Setting<T> {
  /** The typed view whose accessors read a setting, and whose with-methods change it. */
  enum Group {
    SERVER,
    LIMITS,
    SECURITY,
    QUALITY
  }

  final int index;
  final Group group;
  final String name;
  final Kind<T> kind;
  final T defaultValue;
  final String help;
  /** Never shown: not in messages, toString or --help defaults. */
  final boolean secret;

  Setting(int index, Group group, String name, Kind<T> kind, T defaultValue, String help, boolean secret) {
    this.index = index;
    this.group = Objects.requireNonNull(group);
    this.name = Objects.requireNonNull(name);
    this.kind = Objects.requireNonNull(kind);
    this.defaultValue = Objects.requireNonNull(defaultValue, name);
    this.help = Objects.requireNonNull(help);
    this.secret = secret;
    if (!name.matches("[a-z][a-z0-9]*(-[a-z0-9]+)*")) {
      throw new IllegalArgumentException("setting name '" + name + "' is not lower-case-with-dashes");
    }
    String problem = kind.problem(defaultValue, kind.format(defaultValue));
    if (problem != null) {
      throw new IllegalArgumentException("default of " + flag() + ": " + problem);
    }
  }

  String flag() {
    return "--" + name;
  }

  String env() {
    return "SIPROUTE_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
  }

  /**
   * The refusal of a bad value: the flag, then what is wrong; for a secret its variable too,
   * since the value cannot be shown.
   */
  String refusal(String problem) {
    return flag() + (secret ? " (" + env() + ") " : " ") + problem;
  }

  /** Why {@code value} may not be this setting's value, as a refusal naming the flag, or null. */
  String problemWith(T value, String shown) {
    String problem = kind.problem(value, secret ? "***" : shown);
    return problem == null ? null : refusal(problem);
  }

  /** The value as shown in toString: written as an operator would, a secret masked. */
  String show(Object value) {
    @SuppressWarnings("unchecked")
    String text = kind.format((T) value);
    return secret && !text.isEmpty() ? "***" : text;
  }

  String defaultText() {
    return kind.format(defaultValue);
  }
}
