package org.siproute.server.api;

import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerStreamTracer;
import io.grpc.Status;
import java.net.SocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line for each request refused as too large or malformed, naming the peer, the method
 * and the bytes received (never a stack trace): gRPC refuses an oversized message before any
 * interceptor sees it, so this watches every stream's end from the transport. The log's rate
 * limit ({@code LogVolumeGuard}) bounds a flood of them.
 */
public final class RefusedRequests extends ServerStreamTracer.Factory {
  private static final Logger log = LoggerFactory.getLogger("siproute.requests");

  @Override
  public ServerStreamTracer newServerStreamTracer(String fullMethodName, Metadata headers) {
    return new Tracer(fullMethodName);
  }

  private static final class Tracer extends ServerStreamTracer {
    private final String method;
    private volatile SocketAddress peer;
    private long receivedBytes;

    Tracer(String method) {
      this.method = method;
    }

    @Override
    public void serverCallStarted(ServerCallInfo<?, ?> callInfo) {
      peer = callInfo.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
    }

    @Override
    public void inboundWireSize(long bytes) {
      receivedBytes += bytes;
    }

    @Override
    public void streamClosed(Status status) {
      String detail = status.getDescription();
      if (detail == null) {
        return;
      }
      if (status.getCode() == Status.Code.RESOURCE_EXHAUSTED && detail.startsWith("gRPC message exceeds maximum size")) {
        // "gRPC message exceeds maximum size 4194304: 5000000": the size is in the refusal, as
        // the message itself was never read.
        log.info("refused oversized request: peer={} method={} {}", peer, method, detail.substring("gRPC message ".length()));
      } else if (status.getCode() == Status.Code.INVALID_ARGUMENT && detail.startsWith("the request is not a valid")) {
        log.info("refused malformed request: peer={} method={} bytes={}", peer, method, receivedBytes);
      }
    }
  }
}
