package org.siproute.server.routing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The providers of a snapshot, each in a numbered slot. Route entries name their provider by
 * slot rather than by reference, so that replacing one provider (its settings or its rate deck)
 * replaces one slot and leaves every owner's route table as it is. A slot stays with its
 * provider id for the life of the table; a slot without a view is an id that routes name but
 * no provider has (a route read before its provider, or fed so in a test).
 */
final class ProviderSlots {
  /** By slot; null where no provider has the slot's id. Never changed after construction. */
  final ProviderView[] views;
  /** Each known id's slot: what a new table sharing these slots starts from (issue #11). */
  private final Map<String, Integer> slotOf;
  /**
   * The providers by id. Decisions ask for a provider by id once per placed candidate (its call
   * limit), so this saves them the slot's boxed index: a few percent of a decision.
   */
  private final Map<String, ProviderView> byId;

  private ProviderSlots(ProviderView[] views, Map<String, Integer> slotOf) {
    this.views = views;
    this.slotOf = slotOf;
    Map<String, ProviderView> byId = new HashMap<>();
    for (ProviderView view : views) {
      if (view != null) {
        byId.put(view.id(), view);
      }
    }
    this.byId = Map.copyOf(byId);
  }

  /** The provider with this id, or null. */
  ProviderView get(String id) {
    return byId.get(id);
  }

  /** The slot of a provider id, or -1 when no route or provider has this id. */
  int slotOf(String providerId) {
    Integer slot = slotOf.get(providerId);
    return slot == null ? -1 : slot;
  }

  /** Every provider, in slot order. */
  List<ProviderView> all() {
    List<ProviderView> out = new ArrayList<>(views.length);
    for (ProviderView view : views) {
      if (view != null) {
        out.add(view);
      }
    }
    return out;
  }

  int size() {
    return byId.size();
  }

  /** Assigns slots: providers first, then the ids that routes name. */
  static final class Builder {
    private final Map<String, Integer> slotOf;
    private final List<ProviderView> views;

    Builder() {
      slotOf = new HashMap<>();
      views = new ArrayList<>();
    }

    /**
     * Starts from the slots of {@code base}, each id in the slot it had: the route tables that
     * a patched snapshot shares with {@code base} name providers by these slots.
     */
    Builder(ProviderSlots base) {
      slotOf = new HashMap<>(base.slotOf);
      views = new ArrayList<>(base.views.length + 4);
      for (ProviderView view : base.views) {
        views.add(view);
      }
    }

    /** The provider in the slot of {@code providerId}, or null. */
    ProviderView get(String providerId) {
      Integer slot = slotOf.get(providerId);
      return slot == null ? null : views.get(slot);
    }

    /** Empties the slot of a provider that is gone; routes naming it find it missing. */
    void remove(String providerId) {
      Integer slot = slotOf.get(providerId);
      if (slot != null) {
        views.set(slot, null);
      }
    }

    void put(ProviderView view) {
      views.set(slot(view.id()), view);
    }

    /** The slot of a provider id, assigned on first sight. */
    int slot(String providerId) {
      Integer slot = slotOf.get(providerId);
      if (slot == null) {
        slot = views.size();
        slotOf.put(providerId, slot);
        views.add(null);
      }
      return slot;
    }

    ProviderSlots build() {
      return new ProviderSlots(views.toArray(new ProviderView[0]), Map.copyOf(slotOf));
    }
  }
}
