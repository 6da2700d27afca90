package org.siproute.server.routing;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.siproute.server.domain.NumberFormat;
import org.siproute.server.domain.Route;
import org.siproute.server.domain.RoutingPolicy;
import org.siproute.server.domain.Strategy;

/**
 * Decides the plan for a call from the current snapshot (never the database): candidates come
 * in tiers (the customer's routes from the longest matching prefix to the shortest, then the
 * default routes likewise), the policy's strategy orders each tier, each provider keeps its
 * first place, degraded providers go after healthy ones, and the plan is cut at max_attempts.
 * The result depends only on the snapshot, the call time and the seed.
 */
@Singleton
public final class RoutingEngine {
  private final SnapshotSource snapshots;
  private final ProviderHealth health;
  private final QualityScores quality;

  @Inject
  public RoutingEngine(RoutingSnapshots snapshots, ProviderHealth health, QualityScores quality) {
    this((SnapshotSource) snapshots, health, quality);
  }

  /** An engine over any snapshot source: tests give it one built in memory. */
  public RoutingEngine(SnapshotSource snapshots, ProviderHealth health, QualityScores quality) {
    this.snapshots = snapshots;
    this.health = health;
    this.quality = quality;
  }

  /**
   * A call to decide. {@code source} is the caller's number, null when unknown or not a number.
   * {@code seed} fixes the weighted share (same seed, same order).
   */
  public record Call(
      String customerId, Destination destination, Destination source, long callTimeMs, long seed, boolean explain) {

    /** A call from an unknown caller. */
    public Call(String customerId, Destination destination, long callTimeMs, long seed, boolean explain) {
      this(customerId, destination, null, callTimeMs, seed, explain);
    }
  }

  /** The default region of the customer's policy (or the platform's), "" for none. */
  public String defaultRegion(String customerId) {
    return snapshots.current().policyFor(customerId).defaultRegion();
  }

  public Plan plan(Call call) {
    Snapshot snapshot = snapshots.current();
    Owner customer = snapshot.customer(call.customerId());
    RoutingPolicy policy = customer.policy != null ? customer.policy : snapshot.defaults.policy;
    Decision d = new Decision(snapshot, policy, customer.sellRates, call);
    if (call.explain() && call.destination().reading() != null) {
      d.note("destination read as " + call.destination().digits() + ": " + call.destination().reading());
    }
    // Blocks end the decision before any route is looked at; the platform's hold for every
    // customer, whatever its policy and routes say.
    Plan.Block block = d.findBlock(snapshot.defaults.routes, true);
    if (block == null) {
      block = d.findBlock(customer.routes, false);
    }
    if (block != null) {
      d.blocked = block;
      return d.finish();
    }
    d.collectTiers(customer.routes, false);
    if (!policy.excludeDefaultRoutes()) {
      d.collectTiers(snapshot.defaults.routes, true);
    } else if (call.explain()) {
      d.note("default routes excluded by the customer's policy");
    }
    return d.finish();
  }

  /** The work of one decision. */
  private final class Decision {
    private final Snapshot snapshot;
    private final ProviderView[] providers;
    private final RoutingPolicy policy;
    /** The currency costs are compared and given in: the policy's, else the platform's. */
    private final String currency;
    private final Call call;
    /** The customer's sell rates, for the margin guard; null when it has none. */
    private final RateDeck sellRates;
    /** The most a call may cost under the margin guard; {@link #NO_LIMIT} unless known. */
    private long costLimit = UNKNOWN_LIMIT;
    private final long number;
    private final int length;
    private Instant callTime; // made on first use: only scheduled routes need it
    private final List<Candidate> healthy = new ArrayList<>(8);
    private final List<Candidate> degraded = new ArrayList<>(2);
    private final List<Plan.Considered> considered;
    private List<String> notes;
    /** The call length costs are worked out for; 0 until the first cost needs it. */
    private int callSeconds;
    /** The destination as each number format writes it, made on first use. */
    private String[] written;
    /** The block that ended the decision, or null. */
    Plan.Block blocked;

    Decision(Snapshot snapshot, RoutingPolicy policy, RateDeck sellRates, Call call) {
      this.sellRates = sellRates;
      this.snapshot = snapshot;
      this.providers = snapshot.providers.views;
      this.policy = policy;
      this.currency = policy.currency().isEmpty() ? snapshot.exchangeRates.platformCurrency : policy.currency();
      this.call = call;
      this.number = call.destination().number();
      this.length = call.destination().length();
      this.considered = call.explain() ? new ArrayList<>() : null;
    }

    private Instant callTime() {
      if (callTime == null) {
        callTime = Instant.ofEpochMilli(call.callTimeMs());
      }
      return callTime;
    }

    void note(String text) {
      if (notes == null) {
        notes = new ArrayList<>(2);
      }
      notes.add(text);
    }

    /**
     * The call length in seconds at which calls are priced, decided on first use: the policy's
     * expected length, else the measured average to the destination's country, else 60 s.
     */
    private int callSeconds() {
      if (callSeconds == 0) {
        // The explanations are only made with explain: decisions allocate little.
        if (policy.expectedCallSeconds() > 0) {
          callSeconds = policy.expectedCallSeconds();
          if (call.explain()) {
            note("calls priced at " + callSeconds + " s: the policy's expected_call_seconds");
          }
        } else {
          int callingCode = call.destination().callingCode();
          double measured = quality.averageCallSeconds(callingCode);
          if (Double.isNaN(measured)) {
            callSeconds = RoutingPolicy.FALLBACK_CALL_SECONDS;
            if (call.explain()) {
              note("calls priced at " + callSeconds + " s: too few answered calls to +" + callingCode + " measured yet");
            }
          } else {
            // A measured average below a second still bills the first increment: price 1 s.
            callSeconds = (int) Math.max(1, Math.min(RoutingPolicy.MAX_EXPECTED_CALL_SECONDS, Math.round(measured)));
            if (call.explain()) {
              note(String.format(Locale.ROOT, "calls priced at %d s: the average answered call to +%d lasts %.1f s",
                  callSeconds, callingCode, measured));
            }
          }
        }
      }
      return callSeconds;
    }

    /** What the customer pays for the call, in the plan's currency (once the guard knows it). */
    private long sellCost;

    /**
     * The margin guard's limit, decided on first use: the customer's sell price for a call of
     * the expected length less the policy's margin. Without a sell rate for the number, or one
     * that cannot be converted, the guard drops nothing ({@link #NO_LIMIT}), and says so.
     */
    private long costLimit() {
      if (costLimit == UNKNOWN_LIMIT) {
        int sell = sellRates == null ? RateDeck.NONE : sellRates.find(number, length, call.callTimeMs());
        if (sell == RateDeck.NONE) {
          costLimit = NO_LIMIT;
          if (call.explain()) {
            note("margin guard: no sell rate for this number, so it drops nothing");
          }
        } else {
          sellCost = convert(sellRates.callCostMicros(sell, callSeconds()), sellRates.currency(sell));
          if (sellCost < 0) {
            costLimit = NO_LIMIT;
            if (call.explain()) {
              note("margin guard: no exchange rate to compare the sell rate in " + sellRates.currency(sell) + " in " + currency
                  + ", so it drops nothing");
            }
          } else {
            costLimit = sellCost - policy.minMarginMicros();
            if (call.explain()) {
              note("margin guard: sell price " + sellCost + " micros " + currency + " for a " + callSeconds
                  + " s call, less the margin of " + policy.minMarginMicros() + ": costs up to " + costLimit);
            }
          }
        }
      }
      return costLimit;
    }

    /** {@code micros} of {@code from} in the plan's currency; -1 without an exchange rate. */
    private long convert(long micros, String from) {
      return from.equals(currency) ? micros : snapshot.exchangeRates.convert(micros, from, currency);
    }

    /**
     * The first of an owner's BLOCK routes that applies to the call (longest prefix first),
     * or null: a disabled block, or one outside its schedule, blocks nothing.
     */
    Plan.Block findBlock(OwnerRoutes owner, boolean platform) {
      if (owner.blocks == null) {
        return null;
      }
      for (int prefixLength = length; prefixLength >= 0; prefixLength--) {
        RouteEntry[] tier = owner.blocksAt(number, length, prefixLength);
        if (tier == null) {
          continue;
        }
        for (RouteEntry entry : tier) {
          Route r = entry.route;
          if (r.disabled()) {
            consider(r, false, "block disabled");
            continue;
          }
          if (!fromSource(r)) {
            consider(r, false, callerMismatch(r));
            continue;
          }
          if (r.schedule() != null && !r.schedule().contains(callTime())) {
            consider(r, false, "block outside its schedule");
            continue;
          }
          String reason =
              (platform ? "platform block" : "customer block")
                  + (r.name().isEmpty() ? "" : " '" + r.name() + "'")
                  + " for prefix '" + r.prefix() + "'";
          consider(r, false, "blocks the call with " + r.blockSipCode() + ": " + reason);
          return new Plan.Block(r, r.blockSipCode(), reason);
        }
      }
      return null;
    }

    /** Each matching prefix of an owner is a tier, longest first. */
    void collectTiers(OwnerRoutes owner, boolean defaults) {
      for (int prefixLength = length; prefixLength >= 0; prefixLength--) {
        RouteEntry[] tier = owner.at(number, length, prefixLength);
        if (tier != null) {
          collectTier(tier, defaults);
        }
      }
    }

    private void collectTier(RouteEntry[] tier, boolean defaults) {
      Candidate[] eligible = new Candidate[tier.length];
      int n = 0;
      for (RouteEntry entry : tier) {
        ProviderView provider = providers[entry.providerSlot];
        String out = exclusion(entry, provider);
        if (out != null) {
          consider(entry.route, false, out);
          continue;
        }
        Candidate c = new Candidate(entry, provider, defaults);
        if (entry.route.stripDigits() > 0) {
          c.dialed = dialed(entry.route, provider);
          if (c.dialed == null) {
            consider(entry.route, false, "strips " + entry.route.stripDigits() + " digits: the whole number as written for provider '"
                + provider.id() + "' (" + provider.provider.numberFormat() + ")");
            continue;
          }
        }
        if (policy.strategy() == Strategy.LEAST_COST || policy.marginGuard() || call.explain()) {
          price(c);
          if (c.hasRate()) {
            if (policy.strategy() == Strategy.LEAST_COST && policy.maxPriceMicros() > 0) {
              RateDeck deck = provider.rates;
              String deckCurrency = deck.currency(c.rate);
              long price = convert(deck.priceMicros(c.rate), deckCurrency);
              if (price > policy.maxPriceMicros()) {
                consider(entry.route, false, "price " + deck.priceMicros(c.rate) + " micros/min " + deckCurrency
                    + (deckCurrency.equals(currency) ? "" : " (" + price + " " + currency + ")")
                    + " above the cap of " + policy.maxPriceMicros() + " " + currency);
                continue;
              }
            }
            if (policy.marginGuard() && c.isPriced() && c.cost > costLimit()) {
              consider(entry.route, false, "cost " + c.cost + " micros " + currency + " for a " + callSeconds
                  + " s call above the sell price " + sellCost + " less the margin of " + policy.minMarginMicros());
              continue;
            }
          }
        }
        if (policy.strategy() == Strategy.QUALITY) {
          c.quality = quality.answerSeizureRatio(provider.id(), call.destination().callingCode());
        }
        c.shareKey = shareKey(entry.idHash, c.weight(), call.seed());
        eligible[n++] = c;
      }
      if (n == 0) {
        return;
      }
      Arrays.sort(eligible, 0, n, order(policy.strategy()));
      for (int i = 0; i < n; i++) {
        place(eligible[i]);
      }
    }

    /** True when the route applies to the call's caller: any, or one its source_prefix starts. */
    private boolean fromSource(Route route) {
      return route.sourcePrefix().isEmpty()
          || (call.source() != null && call.source().digits().startsWith(route.sourcePrefix()));
    }

    private String callerMismatch(Route route) {
      return call.source() == null
          ? "caller unknown (or not a number): only for callers '" + route.sourcePrefix() + "'"
          : "caller " + call.source().digits() + " does not start with '" + route.sourcePrefix() + "'";
    }

    /** Why a route cannot be a candidate, or null when it can. */
    private String exclusion(RouteEntry entry, ProviderView provider) {
      if (entry.route.disabled()) {
        return "route disabled";
      }
      if (!fromSource(entry.route)) {
        return callerMismatch(entry.route);
      }
      if (provider == null) {
        return "provider missing";
      }
      if (provider.provider.disabled()) {
        return "provider '" + provider.id() + "' disabled";
      }
      if (provider.gateways.length == 0) {
        return "provider '" + provider.id() + "' has every gateway disabled";
      }
      if (entry.route.schedule() != null && !entry.route.schedule().contains(callTime())) {
        return "outside schedule";
      }
      return null;
    }

    /** The number as {@code route} sends it to {@code provider}; null when it strips all of it. */
    private String dialed(Route route, ProviderView provider) {
      NumberFormat format = provider.provider.numberFormat();
      if (written == null) {
        written = new String[NumberFormat.values().length];
      }
      String inFormat = written[format.ordinal()];
      if (inFormat == null) {
        inFormat = DialedNumber.written(call.destination(), format);
        written[format.ordinal()] = inFormat;
      }
      return DialedNumber.translated(inFormat, route);
    }

    private void place(Candidate c) {
      if (isPlaced(c.provider)) {
        consider(c.entry.route, false, "provider '" + c.provider.id() + "' already in the plan");
        return;
      }
      String degradedReason = health.degradedReason(c.provider.id());
      if (degradedReason == null) {
        degradedReason = chooseGateways(c, true);
      } else {
        chooseGateways(c, false); // degraded anyway: the gateways' trials are not taken
      }
      if (degradedReason != null) {
        c.degradedReason = degradedReason;
        degraded.add(c);
      } else {
        healthy.add(c);
      }
    }

    /**
     * Picks the provider's gateways for the call: its enabled gateways in a weighted order
     * seeded by the call, healthy ones before degraded ones, up to its gateway_attempts. With
     * {@code ask}, asks each gateway's health in that order until enough are healthy (asking
     * may take a circuit's trial, so no more are asked); returns the reason the provider is
     * degraded when every gateway asked is, else null.
     */
    private String chooseGateways(Candidate c, boolean ask) {
      ProviderView.GatewayView[] all = c.provider.gateways;
      int want = c.provider.gatewayAttempts;
      if (all.length == 1) {
        // The usual provider: one gateway, nothing to order and nothing allocated.
        c.gateways = all;
        c.gatewayCount = 1;
        String reason = ask ? health.gatewayDegradedReason(c.provider.id(), all[0].address) : null;
        if (reason != null) {
          c.gatewayReasons = new String[] {reason};
        }
        return reason;
      }
      ProviderView.GatewayView[] order = all.clone();
      double[] keys = new double[order.length];
      for (int i = 0; i < order.length; i++) {
        keys[i] = shareKey(order[i].addressHash, order[i].gateway.weight(), call.seed());
      }
      sortByKey(order, keys);
      ProviderView.GatewayView[] chosen = new ProviderView.GatewayView[want];
      String[] reasons = null;
      int healthyCount = 0;
      String firstReason = null;
      if (!ask) {
        System.arraycopy(order, 0, chosen, 0, want);
        c.gateways = chosen;
        c.gatewayCount = want;
        return null;
      }
      ProviderView.GatewayView[] unhealthy = new ProviderView.GatewayView[order.length];
      String[] unhealthyReasons = new String[order.length];
      int unhealthyCount = 0;
      for (int i = 0; i < order.length && healthyCount < want; i++) {
        String reason = health.gatewayDegradedReason(c.provider.id(), order[i].address);
        if (reason == null) {
          chosen[healthyCount++] = order[i];
        } else {
          unhealthy[unhealthyCount] = order[i];
          unhealthyReasons[unhealthyCount++] = reason;
          if (firstReason == null) {
            firstReason = reason;
          }
        }
      }
      int n = healthyCount;
      for (int i = 0; i < unhealthyCount && n < want; i++) {
        if (reasons == null) {
          reasons = new String[want];
        }
        reasons[n] = unhealthyReasons[i];
        chosen[n++] = unhealthy[i];
      }
      c.gateways = chosen;
      c.gatewayCount = n;
      c.gatewayReasons = reasons;
      return healthyCount == 0 ? "every gateway degraded (" + firstReason + ")" : null;
    }

    /** Plans hold a handful of providers: a scan beats hashing, and allocates nothing. */
    private boolean isPlaced(ProviderView provider) {
      for (int i = 0; i < healthy.size(); i++) {
        if (healthy.get(i).provider == provider) {
          return true;
        }
      }
      for (int i = 0; i < degraded.size(); i++) {
        if (degraded.get(i).provider == provider) {
          return true;
        }
      }
      return false;
    }

    private void consider(Route route, boolean selected, String reason) {
      if (considered != null) {
        considered.add(new Plan.Considered(route, selected, reason));
      }
    }

    Plan finish() {
      if (policy.strategy() == Strategy.LEAST_COST) {
        callSeconds(); // the plan says what it priced at, even when nothing had a rate
      }
      List<Plan.Attempt> attempts = new ArrayList<>(Math.min(policy.maxAttempts(), healthy.size() + degraded.size()));
      addAttempts(healthy, attempts);
      addAttempts(degraded, attempts);
      if (notes != null && considered != null) {
        for (String text : notes) {
          considered.add(new Plan.Considered(null, false, text));
        }
      }
      return new Plan(
          snapshot.revision,
          call.destination(),
          policy,
          attempts,
          considered == null ? List.of() : considered,
          callSeconds,
          blocked);
    }

    private void addAttempts(List<Candidate> candidates, List<Plan.Attempt> attempts) {
      for (Candidate c : candidates) {
        if (attempts.size() >= policy.maxAttempts()) {
          consider(c.entry.route, false, "beyond the policy's " + policy.maxAttempts() + " attempts");
          continue;
        }
        ProviderView provider = c.provider;
        if (!c.priceLookedUp) {
          // Ranking did not need the price, the answer does: only for the few attempts kept.
          price(c);
        }
        String dialed = c.dialed != null ? c.dialed : dialed(c.entry.route, provider);
        consider(c.entry.route, true, call.explain() ? "attempt " + attempts.size() : "");
        for (int g = 0; g < c.gatewayCount && attempts.size() < policy.maxAttempts(); g++) {
          ProviderView.GatewayView gateway = c.gateways[g];
          List<String> reasons = call.explain() ? reasons(c, dialed, g) : List.of();
          attempts.add(
              new Plan.Attempt(
                  c.entry.route,
                  provider.id(),
                  provider.provider.name(),
                  dialed,
                  gateway.sipUri(dialed),
                  provider.provider.techHeaders(),
                  c.hasRate() ? provider.rates.priceMicros(c.rate) : -1,
                  c.hasRate() ? provider.rates.currency(c.rate) : "",
                  reasons,
                  c.isPriced() ? c.cost : -1,
                  c.isPriced() ? currency : "",
                  gateway.address));
        }
      }
    }

    /** Looks up {@code c}'s rate for this call and what the call would cost through it. */
    private void price(Candidate c) {
      RateDeck deck = c.provider.rates;
      c.rate = deck == null ? RateDeck.NONE : deck.find(number, length, call.callTimeMs());
      c.priceLookedUp = true;
      if (c.hasRate()) {
        // -1 when the deck's currency (or the policy's) has no exchange rate: unpriced.
        c.cost = convert(deck.callCostMicros(c.rate, callSeconds()), deck.currency(c.rate));
      }
    }

    private List<String> reasons(Candidate c, String dialed, int gatewayIndex) {
      Route r = c.entry.route;
      List<String> out = new ArrayList<>(5);
      out.add((c.defaults ? "default route" : "customer route")
          + (r.name().isEmpty() ? "" : " '" + r.name() + "'")
          + " for prefix '" + r.prefix() + "'"
          + (r.sourcePrefix().isEmpty() ? "" : ", callers '" + r.sourcePrefix() + "'"));
      switch (policy.strategy()) {
        case PRIORITY -> out.add("priority " + r.priority() + ", weight " + c.weight());
        case WEIGHTED -> out.add("weighted share, weight " + c.weight());
        case LEAST_COST -> out.add(costReason(c));
        case QUALITY -> out.add(Double.isNaN(c.quality) ? "too few calls to judge quality: priority " + r.priority() : String.format(Locale.ROOT, "answer-seizure ratio %.3f", c.quality));
      }
      NumberFormat format = c.provider.provider.numberFormat();
      if (format != NumberFormat.E164_DIGITS || DialedNumber.translates(r)) {
        out.add("dialled as '" + dialed + "': " + format
            + (r.stripDigits() > 0 ? ", strip " + r.stripDigits() : "")
            + (r.prepend().isEmpty() ? "" : ", prepend '" + r.prepend() + "'"));
      }
      if (r.schedule() != null) {
        out.add("inside its schedule (" + r.schedule().zone().getId() + ")");
      }
      if (c.degradedReason != null) {
        out.add("after healthy providers: " + c.degradedReason);
      }
      if (c.provider.provider.gateways().size() > 0) {
        ProviderView.GatewayView gateway = c.gateways[gatewayIndex];
        String reason = c.gatewayReasons == null ? null : c.gatewayReasons[gatewayIndex];
        out.add("gateway '" + gateway.address + "' (" + (gatewayIndex + 1) + " of " + c.gatewayCount
            + " tried for this provider, of " + c.provider.gateways.length + " enabled; weight "
            + gateway.gateway.weight() + ")"
            + (reason == null ? "" : ", after its healthy gateways: " + reason));
      }
      return out;
    }

    /**
     * "cost 5100 micros EUR for a 30 s call: price 5000 micros/min billed 60/60 + connect fee
     * 100, priority 0"; the deck's amounts are in its own currency, named when it is another.
     */
    private String costReason(Candidate c) {
      if (!c.hasRate()) {
        return "no rate for this number: after priced providers";
      }
      RateDeck deck = c.provider.rates;
      int rate = c.rate;
      String rateCurrency = deck.currency(rate);
      String deckCurrency = rateCurrency.equals(currency) ? "" : " " + rateCurrency;
      String price = "price " + deck.priceMicros(rate) + " micros/min" + deckCurrency + " billed "
          + deck.firstIncrementSeconds(rate) + "/" + deck.nextIncrementSeconds(rate)
          + (deck.connectFeeMicros(rate) == 0 ? "" : " + connect fee " + deck.connectFeeMicros(rate));
      if (!c.isPriced()) {
        String missing = snapshot.exchangeRates.platformMicros(rateCurrency) == 0 ? rateCurrency : currency;
        return price + ", but no exchange rate for " + missing + " to compare it in " + currency
            + ": after priced providers";
      }
      return "cost " + c.cost + " micros " + currency + " for a " + callSeconds + " s call: " + price
          + ", priority " + c.entry.route.priority();
    }
  }

  private static final long UNKNOWN_LIMIT = Long.MIN_VALUE;
  private static final long NO_LIMIT = Long.MAX_VALUE;

  /** A route that passed the filters, with what ordering needs. */
  private static final class Candidate {
    final RouteEntry entry;
    final ProviderView provider;
    final boolean defaults;
    /** The line of the provider's deck that prices the call, or {@link RateDeck#NONE}. */
    int rate = RateDeck.NONE;
    /** Whether {@link #rate} and {@link #cost} were looked up (rate may still be NONE: no rate). */
    boolean priceLookedUp;
    /** What a call of the expected length costs through this provider; meaningless without a rate. */
    long cost;
    double quality = Double.NaN;
    double shareKey;
    String degradedReason;
    /** The number as sent, when it was needed before placing (a route that strips); else null. */
    String dialed;
    /** The gateways the call tries, in order: the first {@code gatewayCount}; set when placed. */
    ProviderView.GatewayView[] gateways;
    int gatewayCount;
    /** Why each chosen gateway is degraded (null where it is not); null when none is. */
    String[] gatewayReasons;

    Candidate(RouteEntry entry, ProviderView provider, boolean defaults) {
      this.entry = entry;
      this.provider = provider;
      this.defaults = defaults;
    }

    int weight() {
      return RouteEntry.effectiveWeight(entry.route, provider);
    }

    boolean hasRate() {
      return rate != RateDeck.NONE;
    }

    /** True when the cost is known in the plan's currency. */
    boolean isPriced() {
      return hasRate() && cost >= 0;
    }

    long cost() {
      return isPriced() ? cost : Long.MAX_VALUE;
    }

    int priority() {
      return entry.route.priority();
    }
  }

  private static final Comparator<Candidate> BY_SHARE = Comparator.comparingDouble(c -> c.shareKey);
  private static final Comparator<Candidate> BY_PRIORITY =
      Comparator.comparingInt(Candidate::priority).thenComparing(BY_SHARE);
  private static final Comparator<Candidate> BY_COST =
      Comparator.comparingLong(Candidate::cost).thenComparing(BY_PRIORITY);
  private static final Comparator<Candidate> BY_QUALITY =
      Comparator.<Candidate>comparingInt(c -> Double.isNaN(c.quality) ? 1 : 0)
          .thenComparingDouble(c -> Double.isNaN(c.quality) ? 0 : -c.quality)
          .thenComparing(BY_PRIORITY);

  /** Within a tier, routes for a longer caller prefix come before the strategy's order. */
  private static final Comparator<Candidate> BY_SOURCE =
      Comparator.comparingInt(c -> -c.entry.route.sourcePrefix().length());
  private static final Comparator<Candidate> SOURCE_THEN_PRIORITY = BY_SOURCE.thenComparing(BY_PRIORITY);
  private static final Comparator<Candidate> SOURCE_THEN_COST = BY_SOURCE.thenComparing(BY_COST);
  private static final Comparator<Candidate> SOURCE_THEN_SHARE = BY_SOURCE.thenComparing(BY_SHARE);
  private static final Comparator<Candidate> SOURCE_THEN_QUALITY = BY_SOURCE.thenComparing(BY_QUALITY);

  private static Comparator<Candidate> order(Strategy strategy) {
    return switch (strategy) {
      case PRIORITY -> SOURCE_THEN_PRIORITY;
      case LEAST_COST -> SOURCE_THEN_COST;
      case WEIGHTED -> SOURCE_THEN_SHARE;
      case QUALITY -> SOURCE_THEN_QUALITY;
    };
  }

  /**
   * Weighted random order without replacement (Efraimidis-Spirakis): ascending -ln(u)/w puts a
   * route first with probability proportional to its weight. u comes from the call's seed and
   * the route, so a retried lookup of one call gets the same order. Weight 0 sorts after every
   * weighted route, in random order among themselves (an equal share when all are 0).
   */
  static double shareKey(long routeIdHash, int weight, long seed) {
    long bits = mix(seed ^ routeIdHash);
    double u = ((bits >>> 11) + 1) * 0x1.0p-53; // (0, 1]
    double key = -Math.log(u);
    return weight > 0 ? key / weight : 1e12 + key;
  }

  /** Sorts a provider's few gateways by ascending key (insertion sort: no allocation). */
  private static void sortByKey(ProviderView.GatewayView[] gateways, double[] keys) {
    for (int i = 1; i < gateways.length; i++) {
      ProviderView.GatewayView g = gateways[i];
      double k = keys[i];
      int j = i - 1;
      while (j >= 0 && keys[j] > k) {
        gateways[j + 1] = gateways[j];
        keys[j + 1] = keys[j];
        j--;
      }
      gateways[j + 1] = g;
      keys[j + 1] = k;
    }
  }

  /** SplitMix64's finaliser: a well-spread 64-bit hash. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** The seed for a call id; a random one when the caller gave none. */
  public static long seedFor(String callId) {
    if (callId.isEmpty()) {
      return java.util.concurrent.ThreadLocalRandom.current().nextLong();
    }
    long h = 1125899906842597L;
    for (int i = 0; i < callId.length(); i++) {
      h = 31 * h + callId.charAt(i);
    }
    return mix(h);
  }
}
