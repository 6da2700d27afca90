package org.siproute.server.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP proxy in front of a database, which a test can break the way networks break:
 *
 * <ul>
 *   <li>{@link #cut}: every open connection is closed and new ones are refused (the database
 *       crashed or was restarted, a firewall rejects);
 *   <li>{@link #blackHole}: connections stay open and new ones are accepted, but not a byte
 *       goes through in either direction (a network partition; only time-outs notice);
 *   <li>{@link #restore}: connections work again (those opened before a cut stay dead, as
 *       after a real outage).
 * </ul>
 *
 * The port stays the same throughout, so the server under test needs no reconfiguration.
 */
public final class TcpProxy implements AutoCloseable {
  private enum Mode {
    FORWARD,
    CUT,
    BLACK_HOLE
  }

  private final InetSocketAddress target;
  private final int port;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private volatile Mode mode = Mode.FORWARD;
  private volatile ServerSocket listener;
  private volatile boolean closed;

  private TcpProxy(InetSocketAddress target, ServerSocket listener) {
    this.target = target;
    this.listener = listener;
    this.port = listener.getLocalPort();
    startAccepting(listener);
  }

  /** Starts a proxy on a free loopback port, forwarding to {@code host:port}. */
  public static TcpProxy to(String host, int port) throws IOException {
    return new TcpProxy(new InetSocketAddress(host, port), bind(0));
  }

  public int port() {
    return port;
  }

  /** Closes every connection and refuses new ones until {@link #restore}. */
  public synchronized void cut() throws IOException {
    mode = Mode.CUT;
    listener.close(); // connecting now gets "connection refused"
    closeAll();
  }

  /** Keeps connections open but lets no byte through, and accepts new ones that go nowhere. */
  public synchronized void blackHole() {
    mode = Mode.BLACK_HOLE;
  }

  /** Forwards again: listens on the same port if it was cut. */
  public synchronized void restore() throws IOException {
    if (mode == Mode.CUT) {
      listener = bind(port);
      startAccepting(listener);
    } else if (mode == Mode.BLACK_HOLE) {
      // Bytes swallowed during the partition are gone: those connections cannot recover, as
      // after a real partition whose connections were reset.
      closeAll();
    }
    mode = Mode.FORWARD;
  }

  @Override
  public synchronized void close() throws IOException {
    closed = true;
    listener.close();
    closeAll();
  }

  private static ServerSocket bind(int port) throws IOException {
    ServerSocket socket = new ServerSocket();
    // The port is taken again right after a cut, while closed connections linger in TIME_WAIT.
    socket.setReuseAddress(true);
    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    return socket;
  }

  private void startAccepting(ServerSocket socket) {
    Thread acceptor = new Thread(() -> accept(socket), "tcp-proxy-accept-" + port);
    acceptor.setDaemon(true);
    acceptor.start();
  }

  private void accept(ServerSocket socket) {
    while (!socket.isClosed()) {
      Socket client;
      try {
        client = socket.accept();
      } catch (IOException e) {
        return; // closed by cut() or close()
      }
      sockets.add(client);
      if (mode == Mode.BLACK_HOLE) {
        continue; // accepted, and then nothing: the handshake never comes
      }
      Socket server = new Socket();
      try {
        server.connect(target, 5_000);
      } catch (IOException e) {
        closeQuietly(client);
        closeQuietly(server);
        continue;
      }
      sockets.add(server);
      pump(client, server);
      pump(server, client);
    }
  }

  private void pump(Socket from, Socket to) {
    Thread pump =
        new Thread(
            () -> {
              byte[] buffer = new byte[16 * 1024];
              try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                  if (mode == Mode.BLACK_HOLE) {
                    continue; // swallowed
                  }
                  out.write(buffer, 0, n);
                  out.flush();
                }
              } catch (SocketException closed) {
                // cut, restored or closed
              } catch (IOException e) {
                // the other side went away
              } finally {
                closeQuietly(from);
                closeQuietly(to);
              }
            },
            "tcp-proxy-pump-" + port);
    pump.setDaemon(true);
    pump.start();
  }

  private void closeAll() {
    for (Socket s : sockets) {
      closeQuietly(s);
    }
    sockets.clear();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  @Override
  public String toString() {
    return "TcpProxy[127.0.0.1:" + port + " -> " + target + ", " + mode + (closed ? ", closed" : "") + "]";
  }
}
