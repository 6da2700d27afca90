package org.siproute.server.store;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Whether the database answered the latest attempt to reach it, as the routing snapshot's
 * revision polls find out, for whoever reports health. Listeners hear only changes.
 */
public final class DatabaseState {
  private final List<Consumer<Boolean>> listeners = new CopyOnWriteArrayList<>();
  private boolean answers = true;

  /** The latest poll's answer; listeners are told when it differs from the one before. */
  public void answered(boolean answered) {
    synchronized (this) {
      if (answered == answers) {
        return;
      }
      answers = answered;
    }
    listeners.forEach(listener -> listener.accept(answered));
  }

  public synchronized boolean answers() {
    return answers;
  }

  /** Calls {@code listener} with every change from now on. */
  public void onChange(Consumer<Boolean> listener) {
    listeners.add(listener);
  }
}
