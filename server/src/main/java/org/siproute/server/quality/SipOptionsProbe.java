package org.siproute.server.quality;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import org.siproute.server.domain.Transport;

/**
 * One SIP OPTIONS request to a provider and its final response (RFC 3261 11), over UDP with
 * Timer E retransmissions, or over TCP. A final response that is not 408, 5xx or 6xx means the
 * provider's SIP stack answers (many carriers answer 403 or 404 to strangers; that is still an
 * answer). Blocking: callers run it on a probe thread.
 */
final class SipOptionsProbe {
  /** RFC 3261 T1: the first UDP retransmission interval, doubled after each resend. */
  private static final long T1_MILLIS = 500;
  /** RFC 3261 T2: the cap of the retransmission interval. */
  private static final long T2_MILLIS = 4000;
  private static final int MAX_MESSAGE = 65_535;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final HexFormat HEX = HexFormat.of();

  private SipOptionsProbe() {}

  /** Where to send the probe: a provider's hostname split into host and port. */
  record Target(String host, int port, Transport transport) {
    /** From a provider's hostname ("host", "host:port", "[v6]" or "[v6]:port"). */
    static Target of(String hostname, Transport transport) {
      String host = hostname;
      int port = 5060;
      if (hostname.startsWith("[")) {
        int close = hostname.indexOf(']');
        host = hostname.substring(1, close);
        if (close + 1 < hostname.length()) {
          port = Integer.parseInt(hostname.substring(close + 2));
        }
      } else {
        int colon = hostname.lastIndexOf(':');
        if (colon >= 0) {
          host = hostname.substring(0, colon);
          port = Integer.parseInt(hostname.substring(colon + 1));
        }
      }
      return new Target(host, port, transport);
    }

    String uriHost() {
      return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    }
  }

  /**
   * What a probe found.
   *
   * @param answered true when a final response other than 408, 5xx and 6xx came back
   * @param statusCode the final response code, 0 without one
   * @param detail for people, e.g. "200 OK" or "no answer within 2000 ms"
   */
  record Result(boolean answered, int statusCode, String detail) {
    static Result failed(String detail) {
      return new Result(false, 0, detail);
    }

    static Result response(int code, String reason) {
      boolean answered = code >= 200 && code < 500 && code != 408;
      return new Result(answered, code, (code + " " + reason).trim());
    }
  }

  /** A parsed SIP response: status line and headers (lower-case full names). */
  record Response(int statusCode, String reason, Map<String, String> headers) {}

  static Result probe(Target target, long timeoutMillis) {
    InetAddress address;
    try {
      address = InetAddress.getByName(target.host());
    } catch (UnknownHostException e) {
      return Result.failed("cannot resolve " + target.host());
    }
    try {
      return target.transport() == Transport.TCP
          ? overTcp(target, address, timeoutMillis)
          : overUdp(target, address, timeoutMillis);
    } catch (PortUnreachableException e) {
      return Result.failed("port unreachable");
    } catch (ConnectException e) {
      return Result.failed("connection refused");
    } catch (SocketTimeoutException e) {
      return Result.failed("no answer within " + timeoutMillis + " ms");
    } catch (IOException e) {
      return Result.failed("network error: " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : " " + e.getMessage()));
    }
  }

  private static Result overUdp(Target target, InetAddress address, long timeoutMillis) throws IOException {
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
    try (DatagramChannel channel = DatagramChannel.open();
        Selector selector = Selector.open()) {
      channel.connect(new InetSocketAddress(address, target.port()));
      channel.configureBlocking(false);
      channel.register(selector, SelectionKey.OP_READ);
      InetSocketAddress local = (InetSocketAddress) channel.getLocalAddress();
      String callId = randomHex(16) + "@" + hostText(local.getAddress());
      ByteBuffer request = ByteBuffer.wrap(request(target, local, callId).getBytes(StandardCharsets.UTF_8));
      ByteBuffer in = ByteBuffer.allocate(MAX_MESSAGE);
      long interval = T1_MILLIS;
      long nextSend = System.nanoTime();
      while (true) {
        long now = System.nanoTime();
        if (now - deadline >= 0) {
          throw new SocketTimeoutException();
        }
        if (now - nextSend >= 0) {
          request.rewind();
          channel.write(request);
          nextSend = now + interval * 1_000_000;
          interval = Math.min(interval * 2, T2_MILLIS);
        }
        long waitNanos = Math.min(deadline, nextSend) - now;
        if (selector.select(Math.max(1, waitNanos / 1_000_000)) == 0) {
          continue;
        }
        selector.selectedKeys().clear();
        in.clear();
        if (channel.read(in) <= 0) {
          continue;
        }
        Response response = parse(new String(in.array(), 0, in.position(), StandardCharsets.UTF_8));
        if (isOurFinalResponse(response, callId)) {
          return Result.response(response.statusCode(), response.reason());
        }
        // A provisional response, a stray retransmission of an older probe or garbage: wait on.
      }
    }
  }

  private static Result overTcp(Target target, InetAddress address, long timeoutMillis) throws IOException {
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, target.port()), (int) Math.max(1, timeoutMillis));
      InetSocketAddress local = (InetSocketAddress) socket.getLocalSocketAddress();
      String callId = randomHex(16) + "@" + hostText(local.getAddress());
      OutputStream out = socket.getOutputStream();
      out.write(request(target, local, callId).getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      while (true) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          throw new SocketTimeoutException();
        }
        socket.setSoTimeout((int) left);
        String message = readStreamMessage(in);
        if (message == null) {
          return Result.failed("connection closed without a response");
        }
        Response response = parse(message);
        if (isOurFinalResponse(response, callId)) {
          return Result.response(response.statusCode(), response.reason());
        }
      }
    }
  }

  /** One message from a stream: headers up to the empty line, then Content-Length bytes. */
  private static String readStreamMessage(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      head.write(b);
      if (head.size() > MAX_MESSAGE) {
        throw new IOException("response headers too long");
      }
      boolean expected = (matched % 2 == 0) ? b == '\r' : b == '\n';
      matched = expected ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    String text = head.toString(StandardCharsets.UTF_8);
    Response headers = parse(text);
    long length = 0;
    try {
      length = Long.parseLong(headers.headers().getOrDefault("content-length", "0").trim());
    } catch (NumberFormatException e) {
      throw new IOException("bad Content-Length");
    }
    if (length < 0 || length > MAX_MESSAGE) {
      throw new IOException("bad Content-Length");
    }
    in.readNBytes((int) length);
    return text;
  }

  private static boolean isOurFinalResponse(Response response, String callId) {
    return response != null
        && response.statusCode() >= 200
        && callId.equals(response.headers().get("call-id"))
        && response.headers().getOrDefault("cseq", "").toUpperCase(Locale.ROOT).endsWith("OPTIONS");
  }

  /** The OPTIONS request: every header RFC 3261 8.1.1 asks for, and no body. */
  static String request(Target target, InetSocketAddress local, String callId) {
    String transport = target.transport() == Transport.TCP ? "TCP" : "UDP";
    String uriParams = target.transport() == Transport.TCP ? ";transport=tcp" : "";
    String localHost = hostText(local.getAddress());
    String requestUri = "sip:" + target.uriHost() + ":" + target.port() + uriParams;
    return "OPTIONS " + requestUri + " SIP/2.0\r\n"
        + "Via: SIP/2.0/" + transport + " " + localHost + ":" + local.getPort()
        + ";branch=z9hG4bK" + randomHex(12) + ";rport\r\n"
        + "Max-Forwards: 70\r\n"
        + "From: <sip:siproute@" + localHost + ">;tag=" + randomHex(8) + "\r\n"
        + "To: <" + requestUri + ">\r\n"
        + "Call-ID: " + callId + "\r\n"
        + "CSeq: 1 OPTIONS\r\n"
        + "Contact: <sip:siproute@" + localHost + ":" + local.getPort() + uriParams + ">\r\n"
        + "Accept: application/sdp\r\n"
        + "User-Agent: siproute\r\n"
        + "Content-Length: 0\r\n"
        + "\r\n";
  }

  /** A SIP response, or null when {@code message} is not one. */
  static Response parse(String message) {
    int lineEnd = message.indexOf("\r\n");
    String statusLine = lineEnd < 0 ? message : message.substring(0, lineEnd);
    if (!statusLine.startsWith("SIP/2.0 ") || statusLine.length() < 11) {
      return null;
    }
    int code;
    try {
      code = Integer.parseInt(statusLine.substring(8, 11));
    } catch (NumberFormatException e) {
      return null;
    }
    if (code < 100 || code > 699) {
      return null;
    }
    String reason = statusLine.length() > 12 ? statusLine.substring(12).trim() : "";
    Map<String, String> headers = new HashMap<>();
    int end = message.indexOf("\r\n\r\n");
    String head = end < 0 ? message : message.substring(0, end);
    String[] lines = head.split("\r\n");
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String name = fullHeaderName(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT));
      headers.putIfAbsent(name, lines[i].substring(colon + 1).trim());
    }
    return new Response(code, reason, headers);
  }

  /** RFC 3261 7.3.3 compact forms of the headers read here. */
  private static String fullHeaderName(String name) {
    return switch (name) {
      case "i" -> "call-id";
      case "l" -> "content-length";
      case "v" -> "via";
      default -> name;
    };
  }

  private static String hostText(InetAddress address) {
    String text = address.getHostAddress();
    if (address instanceof Inet6Address) {
      int zone = text.indexOf('%');
      return "[" + (zone < 0 ? text : text.substring(0, zone)) + "]";
    }
    return text;
  }

  private static String randomHex(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return HEX.formatHex(b);
  }
}
