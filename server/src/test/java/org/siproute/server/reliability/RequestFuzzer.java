package org.siproute.server.reliability;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Makes hostile requests for any rpc from its request type alone (protobuf reflection), so
 * that every rpc, including ones added later, is covered. A request starts as a plausible one
 * (ids that exist, numbers, codes and zones that parse) so that it gets past the first checks,
 * then has a few fields replaced by hostile values (huge or control-character strings, extreme
 * numbers, unknown enum values, bad field masks and page tokens, far too many repeated
 * elements), and its bytes are sometimes damaged (unknown fields, wrong wire types, invalid
 * UTF-8, deep nesting, truncation, flipped bytes, garbage). Everything comes from one seeded
 * {@link Random}: the same seed makes the same requests.
 *
 * <p>Generated strings never contain what {@code Refusals} looks for as leaked internals
 * ("sql", "h2", "java.", ...): an error echoing the caller's own input is no leak.
 */
final class RequestFuzzer {
  /** The longest hostile string; with the budget below, requests stay under the 4 MiB limit. */
  private static final int MAX_HUGE = 1_500_000;

  private static final List<String> LEAK_MARKERS =
      List.of("sql", "jdbc", "jooq", "exception", "java.", "org.siproute", "hikari", "h2", "mariadb", "mysql",
          "select", "insert", "update", "delete", "where", "constraint", "uq_", "fk_", "pk_", "ix_");

  private static final List<String> HOSTILE_STRINGS =
      List.of(
          "", " ", "  padded  ", "\u0000", "nul\u0000inside", "line\r\nbreak", "tab\tstop", "\u001f\u001f",
          "\u007f", "\u0085next", "\u2028sep", "\u202eright-to-left", "e\u0301\u0301\u0301", "zero\u200bwidth",
          "\ud83d\udcde\ud83d\ude00", "%s%n%x%d", "../../etc/passwd", "<script>alert(1)</script>", "' OR '1'='1",
          "\"; DROP TABLE provider; --", "${jndi:ldap://x.example/a}", "NaN", "-0", "1e309", "+", "*", "?", "_", "-",
          "0000000000000000000000000000000000", "+49 (30) 123-45.67", "ACME", "a".repeat(64), "a".repeat(65),
          "b".repeat(256), "c".repeat(513), "d".repeat(2001), ":", "a:b:c", "\\x00", "\u00e9t\u00e9",
          "x\u001fy", "1\u001fproviders\u001fp", "null", "undefined", "true", "-1", "9".repeat(16), "!", "!!404",
          "5XX", "6xx-7xx", "699-300", "300-699", "Europe/Berlin ", "Mars/Olympus", "25:61", "24:01", "9:00",
          "-00:01");

  /** Made once: building megabyte strings for every request would dominate the run time. */
  private static final List<String> HUGE_STRINGS =
      List.of("a".repeat(70_000), "9".repeat(300_000), "a".repeat(MAX_HUGE), "\ud83d\ude00".repeat(MAX_HUGE / 4),
          "\u0001\r\n".repeat(100_000));

  private static final List<String> FIELD_MASK_PATHS =
      List.of("name", "hostname", "transport", "tech_prefix", "tech_postfix", "tech_headers", "disabled", "weight",
          "max_concurrent_calls", "labels", "gateways", "gateway_attempts", "prefix", "provider_id", "priority",
          "schedule", "detail", "strategy",
          "failover_codes", "max_attempts", "max_price_micros", "exclude_default_routes", "id", "etag",
          "create_time", "customer_id", "inherited", "name,weight", "provider.name", "schedule.time_zone",
          "tech_headers.X-Foo", "labels.region", "*", "", " ", "Name", "weight ", "a.b.c.d.e", "\u0000",
          "x".repeat(300));

  private static final List<String> HEADER_NAMES =
      List.of("X-Account", "X-Route", "P-Asserted-Identity", "Via", "call-id", "X-\r\nInjected", "", "X Bad");

  private final Random random;
  private final Pools pools;
  /** Bytes the hostile values of the request being made may still add. */
  private long budget;

  /** Values seen in the server's answers: ids, etags and page tokens that really exist. */
  static final class Pools {
    final List<String> providerIds = new CopyOnWriteArrayList<>();
    final List<String> routeIds = new CopyOnWriteArrayList<>();
    final List<String> keyIds = new CopyOnWriteArrayList<>();
    final List<String> customers = new CopyOnWriteArrayList<>(List.of("acme", "globex", "initech"));
    final List<String> etags = new CopyOnWriteArrayList<>(List.of("1", "2", "3"));
    final List<String> pageTokens = new CopyOnWriteArrayList<>();
    /** Never handed out for deletion: the keys the fuzz itself calls with. */
    final Set<String> protectedKeyIds = java.util.concurrent.ConcurrentHashMap.newKeySet();

    void learn(Message response) {
      for (var entry : response.getAllFields().entrySet()) {
        FieldDescriptor field = entry.getKey();
        if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
          if (field.isMapField()) {
            continue;
          }
          if (field.isRepeated()) {
            for (Object element : (List<?>) entry.getValue()) {
              learnResource(field.getMessageType(), (Message) element);
            }
          } else {
            learnResource(field.getMessageType(), (Message) entry.getValue());
          }
        } else if (field.getName().equals("next_page_token")) {
          remember(pageTokens, (String) entry.getValue());
        }
      }
      learnResource(response.getDescriptorForType(), response);
    }

    private void learnResource(Descriptor type, Message resource) {
      String id = stringField(resource, "id");
      switch (type.getName()) {
        case "Provider" -> remember(providerIds, id);
        case "Route" -> remember(routeIds, id);
        case "ApiKey" -> {
          if (!protectedKeyIds.contains(id)) {
            remember(keyIds, id);
          }
        }
        default -> {}
      }
      remember(etags, stringField(resource, "etag"));
      String customer = stringField(resource, "customer_id");
      if (customer != null && !customer.isEmpty() && customers.size() < 20) {
        remember(customers, customer);
      }
    }

    private static String stringField(Message m, String name) {
      FieldDescriptor f = m.getDescriptorForType().findFieldByName(name);
      return f == null || f.getType() != FieldDescriptor.Type.STRING ? null : (String) m.getField(f);
    }

    private static void remember(List<String> pool, String value) {
      if (value == null || value.isEmpty() || pool.contains(value)) {
        return;
      }
      if (pool.size() >= 200) {
        pool.remove(0);
      }
      pool.add(value);
    }
  }

  RequestFuzzer(Random random, Pools pools) {
    this.random = random;
    this.pools = pools;
  }

  // ---- whole requests ----

  /** One request message of {@code type}, as bytes: plausible, then made hostile. */
  byte[] request(Descriptor type) {
    budget = 3_500_000;
    DynamicMessage.Builder message = DynamicMessage.newBuilder(type);
    fill(message, type, 0);
    int hostileFields = random.nextInt(4); // 0: a plausible request, which the server may accept
    for (int i = 0; i < hostileFields; i++) {
      makeOneFieldHostile(message, type, 0);
    }
    byte[] bytes = message.build().toByteArray();
    return random.nextInt(100) < 20 ? damage(bytes) : bytes;
  }

  /** How many messages a client stream sends: none, one, or a few. */
  int streamLength() {
    int roll = random.nextInt(100);
    return roll < 10 ? 0 : roll < 50 ? 1 : 2 + random.nextInt(4);
  }

  /** Whether a stream ends by cancelling instead of half-closing. */
  boolean cancelsStream() {
    return random.nextInt(100) < 15;
  }

  int pick(int bound) {
    return random.nextInt(bound);
  }

  // ---- plausible values ----

  private void fill(Message.Builder message, Descriptor type, int depth) {
    for (FieldDescriptor field : type.getFields()) {
      if (field.getRealContainingOneof() != null && random.nextInt(100) < 50) {
        continue; // a oneof gets one of its cases (the last one set wins)
      }
      if (random.nextInt(100) < 25 && !isKeyField(field)) {
        continue; // leave some fields unset, as real callers do
      }
      if (field.isMapField()) {
        int n = random.nextInt(3);
        for (int i = 0; i < n; i++) {
          message.addRepeatedField(field, mapEntry(message, field, false));
        }
      } else if (field.isRepeated()) {
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
          message.addRepeatedField(field, plausible(message, field, depth));
        }
      } else {
        message.setField(field, plausible(message, field, depth));
      }
    }
  }

  private static boolean isKeyField(FieldDescriptor field) {
    return Set.of("id", "provider_id", "customer_id", "destination", "start", "request", "provider", "route",
            "policy", "api_key")
        .contains(field.getName());
  }

  private Object plausible(Message.Builder owner, FieldDescriptor field, int depth) {
    String name = field.getName();
    return switch (field.getJavaType()) {
      case STRING -> plausibleString(name);
      case INT -> switch (name) {
        case "index" -> random.nextInt(4);
        case "sip_code" -> oneOf(List.of(200, 404, 486, 503, 603, 180, 0));
        case "page_size" -> oneOf(List.of(0, 1, 2, 10, 1000));
        case "max_attempts" -> 1 + random.nextInt(8);
        case "days" -> 1 + random.nextInt(7);
        default -> random.nextInt(100);
      };
      case LONG -> (long) random.nextInt(100_000);
      case BOOLEAN -> random.nextBoolean();
      case ENUM -> {
        var values = field.getEnumType().getValues();
        yield values.get(random.nextInt(values.size()));
      }
      case MESSAGE -> plausibleMessage(owner, field, depth);
      case BYTE_STRING -> ByteString.copyFromUtf8(plausibleString(name));
      case FLOAT -> random.nextFloat();
      case DOUBLE -> random.nextDouble();
    };
  }

  private Object plausibleMessage(Message.Builder owner, FieldDescriptor field, int depth) {
    Descriptor type = field.getMessageType();
    DynamicMessage.Builder nested = DynamicMessage.newBuilder(type);
    switch (type.getFullName()) {
      case "google.protobuf.Timestamp" -> {
        long now = System.currentTimeMillis() / 1000;
        nested.setField(type.findFieldByName("seconds"), now + random.nextInt(30 * 86_400) - 15 * 86_400);
        return nested.build();
      }
      case "google.protobuf.FieldMask" -> {
        int n = random.nextInt(3);
        for (int i = 0; i < n; i++) {
          nested.addRepeatedField(type.findFieldByName("paths"), oneOf(FIELD_MASK_PATHS.subList(0, 20)));
        }
        return nested.build();
      }
      default -> {
        if (depth < 4) {
          fill(nested, type, depth + 1);
        }
        return nested.build();
      }
    }
  }

  private String plausibleString(String name) {
    return switch (name) {
      case "id" -> oneOf(random.nextBoolean() ? pools.providerIds : random.nextBoolean() ? pools.routeIds : pools.keyIds, "p0");
      case "provider_id" -> oneOf(pools.providerIds, "p0");
      case "customer_id" -> random.nextInt(100) < 20 ? "" : oneOf(pools.customers, "acme");
      case "prefix" -> digits(random.nextInt(6));
      case "destination", "source" -> oneOf(List.of("+49 30 1234567", "4930123456", "+1 (212) 555-0100", "447911123456", digits(3 + random.nextInt(13))));
      case "hostname" -> oneOf(List.of("sip.example.net", "sip.carrier.example:5060", "10.0.0.7", "[2001:db8::1]:5061"));
      case "currency" -> oneOf(List.of("USD", "EUR", "GBP"));
      case "time_zone" -> oneOf(List.of("Europe/Berlin", "UTC", "America/New_York"));
      case "start_time" -> oneOf(List.of("00:00", "09:00", "18:30"));
      case "end_time" -> oneOf(List.of("17:00", "24:00", "06:00"));
      case "failover_codes" -> oneOf(List.of("404", "5xx", "6xx", "!600", "!603", "604-606", "!604-606", "480"));
      case "etag" -> random.nextInt(100) < 30 ? "" : oneOf(pools.etags, "1");
      case "page_token" -> random.nextInt(100) < 50 ? "" : oneOf(pools.pageTokens, "");
      case "tech_prefix" -> oneOf(List.of("", "99#", "0049*"));
      case "tech_postfix" -> oneOf(List.of("", ";npdi", "-x", "#9"));
      case "prepend" -> oneOf(List.of("", "0", "99#", "+"));
      case "call_id" -> "call-" + random.nextInt(1_000_000);
      case "actor" -> oneOf(List.of("", "bootstrap"));
      case "resource_type" -> oneOf(List.of("", "provider", "route", "rate_deck", "routing_policy", "api_key"));
      case "resource_id" -> oneOf(pools.providerIds, "");
      default -> "fuzz " + random.nextInt(1000);
    };
  }

  private Message mapEntry(Message.Builder owner, FieldDescriptor field, boolean hostile) {
    Descriptor entryType = field.getMessageType();
    DynamicMessage.Builder entry = DynamicMessage.newBuilder(entryType);
    FieldDescriptor key = entryType.findFieldByName("key");
    FieldDescriptor value = entryType.findFieldByName("value");
    if (field.getName().equals("tech_headers")) {
      entry.setField(key, hostile ? oneOf(HEADER_NAMES) : "X-Fuzz-" + random.nextInt(100));
    } else {
      entry.setField(key, hostile ? hostileString() : "k" + random.nextInt(100));
    }
    if (value.getJavaType() == FieldDescriptor.JavaType.STRING) {
      entry.setField(value, hostile ? hostileString() : "v" + random.nextInt(100));
    } else {
      entry.setField(value, plausible(entry, value, 4));
    }
    return entry.build();
  }

  // ---- hostile values ----

  /** Replaces one field, at the top or in a nested message, with a hostile value. */
  private void makeOneFieldHostile(Message.Builder message, Descriptor type, int depth) {
    List<FieldDescriptor> fields = type.getFields();
    if (fields.isEmpty()) {
      return;
    }
    FieldDescriptor field = fields.get(random.nextInt(fields.size()));
    if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !field.isRepeated() && depth < 4
        && !isWellKnown(field.getMessageType()) && random.nextInt(100) < 60) {
      Message.Builder nested =
          message.hasField(field) ? ((Message) message.getField(field)).toBuilder() : DynamicMessage.newBuilder(field.getMessageType());
      makeOneFieldHostile(nested, field.getMessageType(), depth + 1);
      message.setField(field, nested.build());
      return;
    }
    message.clearField(field);
    if (field.isMapField()) {
      int n = manyOrFew();
      for (int i = 0; i < n; i++) {
        Message entry = mapEntry(message, field, true);
        if (!spend(entry)) {
          break;
        }
        message.addRepeatedField(field, entry);
      }
    } else if (field.isRepeated() && random.nextInt(100) < 30) {
      // Far too many values that are each fine: only the count (or their total length) is wrong.
      int n = manyOrFew();
      for (int i = 0; i < n; i++) {
        Object element = plausible(message, field, depth);
        if (!spend(element)) {
          break;
        }
        message.addRepeatedField(field, element);
      }
    } else if (field.isRepeated()) {
      int n = manyOrFew();
      Object one = hostile(message, field, depth);
      for (int i = 0; i < n; i++) {
        Object element = random.nextInt(100) < 50 ? one : hostile(message, field, depth);
        if (!spend(element)) {
          break;
        }
        message.addRepeatedField(field, element);
      }
    } else {
      Object value = hostile(message, field, depth);
      if (spend(value)) {
        message.setField(field, value);
      }
    }
  }

  /** Takes the size of {@code value} from the budget; false (and nothing taken) when it does not fit. */
  private boolean spend(Object value) {
    long size =
        value instanceof String text ? CodedOutputStream.computeStringSizeNoTag(text)
            : value instanceof Message m ? m.getSerializedSize()
            : value instanceof ByteString b ? b.size()
            : 10;
    if (size > budget) {
      return false;
    }
    budget -= size;
    return true;
  }

  private static boolean isWellKnown(Descriptor type) {
    return type.getFullName().startsWith("google.protobuf.");
  }

  private int manyOrFew() {
    int roll = random.nextInt(100);
    return roll < 60 ? 1 + random.nextInt(3)
        : roll < 95 ? 10 + random.nextInt(100)
        : roll < 99 ? 1000 + random.nextInt(1000)
        : 10_001 + random.nextInt(100); // just over the 10 000 rates one import message may hold
  }

  private Object hostile(Message.Builder owner, FieldDescriptor field, int depth) {
    return switch (field.getJavaType()) {
      case STRING -> field.getName().equals("page_token") && random.nextBoolean() ? hostilePageToken() : hostileString();
      case INT -> oneOf(List.of(0, -1, 1, 7, 99, 100, 199, 200, 699, 700, 1001, 1_000_001, Integer.MAX_VALUE, Integer.MIN_VALUE, random.nextInt()));
      case LONG -> oneOf(List.of(0L, -1L, Long.MAX_VALUE, Long.MIN_VALUE, 1_000_000_000_001L, (long) Integer.MAX_VALUE + 1, random.nextLong()));
      case BOOLEAN -> random.nextBoolean();
      case ENUM -> unknownEnum(field.getEnumType());
      case MESSAGE -> hostileMessage(field, depth);
      case BYTE_STRING -> ByteString.copyFrom(randomBytes(random.nextInt(64)));
      case FLOAT -> oneOf(List.of(Float.NaN, Float.NEGATIVE_INFINITY, -0f, Float.MAX_VALUE));
      case DOUBLE -> oneOf(List.of(Double.NaN, Double.POSITIVE_INFINITY, -0d, Double.MIN_VALUE));
    };
  }

  private Object unknownEnum(EnumDescriptor type) {
    int number = oneOf(List.of(-1, 4, 5, 7, 99, 1000, Integer.MAX_VALUE, Integer.MIN_VALUE));
    return type.findValueByNumberCreatingIfUnknown(number);
  }

  private Message hostileMessage(FieldDescriptor field, int depth) {
    Descriptor type = field.getMessageType();
    DynamicMessage.Builder nested = DynamicMessage.newBuilder(type);
    switch (type.getFullName()) {
      case "google.protobuf.Timestamp" -> {
        nested.setField(type.findFieldByName("seconds"),
            oneOf(List.of(Long.MAX_VALUE, Long.MIN_VALUE, -62_135_596_801L, 253_402_300_800L, -1L, 0L)));
        nested.setField(type.findFieldByName("nanos"), oneOf(List.of(-1, 1_000_000_000, Integer.MAX_VALUE, 0, 999_999_999)));
      }
      case "google.protobuf.FieldMask" -> {
        int n = manyOrFew();
        for (int i = 0; i < n; i++) {
          nested.addRepeatedField(type.findFieldByName("paths"), random.nextBoolean() ? oneOf(FIELD_MASK_PATHS) : hostileString());
        }
      }
      default -> {
        fill(nested, type, Math.max(depth, 3));
        makeOneFieldHostile(nested, type, depth + 1);
      }
    }
    return nested.build();
  }

  private String hostileString() {
    int roll = random.nextInt(100);
    String s;
    if (roll < 60) {
      s = oneOf(HOSTILE_STRINGS);
    } else if (roll < 65) {
      s = huge();
    } else if (roll < 80) {
      s = randomText(1 + random.nextInt(80));
    } else if (roll < 90) {
      s = digits(1 + random.nextInt(40));
    } else {
      // A plausible value gone slightly wrong: an existing id in another case or padded.
      String base = oneOf(pools.providerIds, "p0");
      s = random.nextBoolean() ? base.toUpperCase(Locale.ROOT) : " " + base;
    }
    return clean(s);
  }

  private String huge() {
    return oneOf(HUGE_STRINGS);
  }

  private String hostilePageToken() {
    return switch (random.nextInt(8)) {
      case 0 -> "!!!not base64!!!";
      case 1 -> "AAAA====";
      case 2 -> Base64.getUrlEncoder().encodeToString(randomBytes(1 + random.nextInt(60)));
      case 3 -> b64("1\u001fproviders");
      case 4 -> b64("2\u001fproviders\u001fp0");
      case 5 -> b64("1\u001froutes:customer=\u001f" + "z".repeat(200) + "\u001fextra");
      case 6 -> b64("1\u001frates:p0:\u001f49\u001fnot-a-number");
      default -> {
        String real = oneOf(pools.pageTokens, b64("1\u001fproviders\u001fp0"));
        // Another list's token, or a real one with a byte changed.
        yield random.nextBoolean() ? real : real.substring(0, real.length() / 2) + "x" + real.substring(real.length() / 2 + 1);
      }
    };
  }

  private static String b64(String s) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  // ---- damaged bytes ----

  /** Damages a serialized message the ways broken or malicious clients do. */
  byte[] damage(byte[] bytes) {
    try {
      return switch (random.nextInt(8)) {
        case 0 -> concat(bytes, unknownField());
        case 1 -> concat(bytes, wrongWireType());
        case 2 -> concat(bytes, invalidUtf8String());
        case 3 -> concat(bytes, deepGroups());
        case 4 -> bytes.length == 0 ? bytes : java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
        case 5 -> flipBytes(bytes);
        case 6 -> randomBytes(1 + random.nextInt(200));
        default -> concat(bytes, concat(unknownField(), unknownField()));
      };
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private byte[] unknownField() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CodedOutputStream coded = CodedOutputStream.newInstance(out);
    int number = oneOf(List.of(15, 16, 99, 1000, 536_870_911));
    switch (random.nextInt(4)) {
      case 0 -> coded.writeUInt64(number, random.nextLong());
      case 1 -> coded.writeFixed64(number, random.nextLong());
      case 2 -> coded.writeFixed32(number, random.nextInt());
      default -> coded.writeByteArray(number, randomBytes(random.nextInt(100)));
    }
    coded.flush();
    return out.toByteArray();
  }

  /** A known field number (1 to 8) with a wire type other than its own. */
  private byte[] wrongWireType() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CodedOutputStream coded = CodedOutputStream.newInstance(out);
    int number = 1 + random.nextInt(8);
    switch (random.nextInt(3)) {
      case 0 -> coded.writeUInt64(number, random.nextLong());
      case 1 -> coded.writeFixed32(number, random.nextInt());
      default -> coded.writeByteArray(number, randomBytes(random.nextInt(20)));
    }
    coded.flush();
    return out.toByteArray();
  }

  /** A string field (1 is a string in most requests) holding bytes that are not UTF-8. */
  private byte[] invalidUtf8String() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CodedOutputStream coded = CodedOutputStream.newInstance(out);
    coded.writeByteArray(1 + random.nextInt(3), new byte[] {(byte) 0xc3, 0x28, (byte) 0xff, (byte) 0xfe});
    coded.flush();
    return out.toByteArray();
  }

  /** Unknown groups nested deeper than any parser's recursion limit. */
  private byte[] deepGroups() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CodedOutputStream coded = CodedOutputStream.newInstance(out);
    int depth = 150 + random.nextInt(500);
    for (int i = 0; i < depth; i++) {
      coded.writeTag(99, 3); // start group
    }
    for (int i = 0; i < depth; i++) {
      coded.writeTag(99, 4); // end group
    }
    coded.flush();
    return out.toByteArray();
  }

  private byte[] flipBytes(byte[] bytes) {
    byte[] copy = bytes.clone();
    if (copy.length > 0) {
      for (int i = 0; i < 1 + random.nextInt(3); i++) {
        copy[random.nextInt(copy.length)] ^= (byte) (1 + random.nextInt(255));
      }
    }
    return copy;
  }

  // ---- helpers ----

  private <T> T oneOf(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  private <T> T oneOf(List<T> values, T fallback) {
    return values.isEmpty() ? fallback : values.get(random.nextInt(values.size()));
  }

  private String digits(int n) {
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      b.append((char) ('0' + random.nextInt(10)));
    }
    return b.toString();
  }

  private String randomText(int n) {
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      int roll = random.nextInt(100);
      if (roll < 70) {
        b.append((char) (0x20 + random.nextInt(0x5f)));
      } else if (roll < 80) {
        b.append((char) random.nextInt(0x20));
      } else if (roll < 95) {
        b.append((char) (0xa0 + random.nextInt(0x2000)));
      } else {
        b.appendCodePoint(0x1f300 + random.nextInt(0x300));
      }
    }
    return b.toString();
  }

  private byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** Drops leak markers from generated text, so that an echo of it cannot look like a leak. */
  private static String clean(String s) {
    if (s.length() > 100_000) {
      return s; // the huge strings are single repeated characters: nothing to find
    }
    String cleaned = s;
    for (String marker : LEAK_MARKERS) {
      if (cleaned.toLowerCase(Locale.ROOT).contains(marker)) {
        cleaned = cleaned.replaceAll("(?i)" + java.util.regex.Pattern.quote(marker), "~");
      }
    }
    return cleaned;
  }
}
