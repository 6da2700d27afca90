package org.siproute.server.sip;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The smallest SIP user agent client a call service could be: sends an INVITE over UDP to a
 * dial URI, reads responses until the final one, ACKs it, and for a 2xx hangs up with BYE.
 * Just enough for end-to-end tests against a real SIP peer (sipp); no retransmissions, no SDP.
 */
final class MiniSipUac implements AutoCloseable {
  private static final Pattern STATUS = Pattern.compile("^SIP/2\\.0 (\\d{3}) ");
  private final DatagramSocket socket;

  MiniSipUac() throws IOException {
    socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
    socket.setSoTimeout(5_000);
  }

  /** Dials {@code sipUri} and returns the final SIP status code (0 when nothing answered). */
  int call(String sipUri, Map<String, String> headers, long talkMillis) throws IOException, InterruptedException {
    Matcher uri = Pattern.compile("^sip:([^@]+)@([^:;>]+):(\\d+)").matcher(sipUri);
    if (!uri.find()) {
      throw new IllegalArgumentException("not a sip: URI with host and port: " + sipUri);
    }
    InetSocketAddress peer = new InetSocketAddress(uri.group(2), Integer.parseInt(uri.group(3)));
    String callId = UUID.randomUUID() + "@127.0.0.1";
    String fromTag = Long.toHexString(System.nanoTime());
    String branch = "z9hG4bK" + UUID.randomUUID().toString().replace("-", "");
    String requestUri = sipUri.split(";")[0];
    StringBuilder extra = new StringBuilder();
    headers.forEach((k, v) -> extra.append(k).append(": ").append(v).append("\r\n"));
    send(peer, request("INVITE", requestUri, branch, callId, fromTag, "", 1, extra.toString()));

    String finalResponse = null;
    int code = 0;
    while (finalResponse == null) {
      String response;
      try {
        response = receive();
      } catch (SocketTimeoutException e) {
        return 0;
      }
      Matcher status = STATUS.matcher(response);
      if (status.find() && Integer.parseInt(status.group(1)) >= 200) {
        finalResponse = response;
        code = Integer.parseInt(status.group(1));
      }
    }
    String toTag = header(finalResponse, "To").replaceAll(".*;tag=([^;>\\s]+).*", "$1");
    if (code >= 300) {
      // A non-2xx final response is ACKed in the INVITE's transaction (same branch).
      send(peer, request("ACK", requestUri, branch, callId, fromTag, toTag, 1, ""));
      return code;
    }
    String ackBranch = "z9hG4bK" + UUID.randomUUID().toString().replace("-", "");
    send(peer, request("ACK", requestUri, ackBranch, callId, fromTag, toTag, 1, ""));
    Thread.sleep(talkMillis);
    String byeBranch = "z9hG4bK" + UUID.randomUUID().toString().replace("-", "");
    send(peer, request("BYE", requestUri, byeBranch, callId, fromTag, toTag, 2, ""));
    String byeResponse = receive();
    if (!byeResponse.startsWith("SIP/2.0 200")) {
      throw new IOException("BYE was not accepted: " + byeResponse.lines().findFirst().orElse(""));
    }
    return code;
  }

  private String request(String method, String requestUri, String branch, String callId, String fromTag, String toTag, int cseq, String extra) {
    int localPort = socket.getLocalPort();
    String to = "<" + requestUri + ">" + (toTag.isEmpty() ? "" : ";tag=" + toTag);
    return method + " " + requestUri + " SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP 127.0.0.1:" + localPort + ";branch=" + branch + ";rport\r\n"
        + "Max-Forwards: 70\r\n"
        + "From: <sip:callservice@127.0.0.1>;tag=" + fromTag + "\r\n"
        + "To: " + to + "\r\n"
        + "Call-ID: " + callId + "\r\n"
        + "CSeq: " + cseq + " " + method + "\r\n"
        + "Contact: <sip:callservice@127.0.0.1:" + localPort + ">\r\n"
        + extra
        + "Content-Length: 0\r\n\r\n";
  }

  private static String header(String message, String name) {
    for (String line : message.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
        return line.substring(colon + 1).trim();
      }
    }
    return "";
  }

  private void send(InetSocketAddress peer, String message) throws IOException {
    byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
    socket.send(new DatagramPacket(bytes, bytes.length, peer));
  }

  private String receive() throws IOException {
    byte[] buffer = new byte[8192];
    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
    socket.receive(packet);
    return new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    socket.close();
  }
}
