"""A client of siproute for call services: routing decisions and the failover loop of a call."""

from __future__ import annotations

import json
import queue
import threading
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Optional, Union

import grpc
from google.protobuf import timestamp_pb2

from siproute._errors import SiprouteError
from siproute.v1 import route_admin_pb2_grpc, route_select_pb2, route_select_pb2_grpc
from siproute.v1.route_select_pb2 import (
    Attempt,
    AttemptFailure,
    AttemptResult,
    CallEnded,
    DialEnd,
    DialOutcome,
    DialRequest,
    DialStart,
    SelectRequest,
    SelectResponse,
)

DEFAULT_TIMEOUT = 2.0
DEFAULT_MAX_ATTEMPTS = 3


@dataclass(frozen=True)
class Tls:
    """TLS settings: the CA to trust (default: the system roots) and a client certificate and
    key for servers that require mTLS, all PEM bytes."""

    root_certificates: Optional[bytes] = None
    certificate_chain: Optional[bytes] = None
    private_key: Optional[bytes] = None


class Client:
    """A client of siproute: select() for a whole plan, dial() for the failover loop of one
    call. Thread-safe; make one per process and share it. Close it (or use `with`).

        with siproute.Client("127.0.0.1:50051", api_key) as c:
            plan = c.select("acme", "+49 30 1234567")
            with c.dial("acme", "+49 30 1234567", call_id) as call:
                attempt = call.first()
                while attempt is not None:
                    attempt = call.report(my_sip_stack.invite(attempt.sip_uri, attempt.headers))
                if call.connected:
                    call.hang_up(duration_ms)
    """

    def __init__(
        self,
        target: str,
        api_key: Optional[str] = None,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        max_attempts: int = DEFAULT_MAX_ATTEMPTS,
        tls: Union[bool, Tls] = False,
    ) -> None:
        """target: "host:port" (or a gRPC target URI). api_key: sent as "authorization:
        Bearer <key>". timeout: seconds a Select (retries included) or one step of a dial
        session may take. max_attempts: tries of a Select on UNAVAILABLE, 1 (no retry) to 5.
        tls: True for the system roots, or a Tls."""
        if not timeout > 0:
            raise ValueError("timeout must be positive")
        if not 1 <= max_attempts <= 5:
            raise ValueError("max_attempts must be 1 to 5")
        self._timeout = timeout
        options: list[tuple[str, Any]] = []
        if max_attempts > 1:
            options += [("grpc.enable_retries", 1), ("grpc.service_config", _retry_config(max_attempts))]
        if tls:
            settings = tls if isinstance(tls, Tls) else Tls()
            credentials = grpc.ssl_channel_credentials(
                settings.root_certificates, settings.private_key, settings.certificate_chain)
            self._channel = grpc.secure_channel(target, credentials, options)
        else:
            self._channel = grpc.insecure_channel(target, options)
        channel: grpc.Channel = self._channel
        if api_key:
            channel = grpc.intercept_channel(channel, _BearerKey(api_key))
        self._select_stub = route_select_pb2_grpc.RouteSelectStub(channel)
        self._admin_stub = route_admin_pb2_grpc.RouteAdminStub(channel)

    def select(
        self,
        customer_id: str,
        destination: str,
        *,
        call_id: str = "",
        call_time: Optional[timestamp_pb2.Timestamp] = None,
        explain: bool = False,
        source: str = "",
    ) -> SelectResponse:
        """The ordered plan for a call, all at once. Retried on UNAVAILABLE (it changes
        nothing). Raises grpc.RpcError: INVALID_ARGUMENT for a bad number or customer id (see
        field_violations), UNAUTHENTICATED / PERMISSION_DENIED for a bad key,
        DEADLINE_EXCEEDED past the timeout."""
        request = _select_request(customer_id, destination, call_id, call_time, explain, source)
        return self._select_stub.Select(request, timeout=self._timeout)

    def dial(
        self,
        customer_id: str,
        destination: str,
        call_id: str,
        *,
        call_time: Optional[timestamp_pb2.Timestamp] = None,
        explain: bool = False,
        source: str = "",
    ) -> DialSession:
        """Opens the failover loop of one call and waits for the first provider. Use it with
        `with` (or close it): that releases the provider's call slot on the server."""
        request = _select_request(customer_id, destination, "", call_time, explain, source)
        return DialSession(self._select_stub, request, call_id, self._timeout)

    @property
    def route_select(self) -> route_select_pb2_grpc.RouteSelectStub:
        """The generated RouteSelect stub (e.g. ReportOutcome), with the key, no deadline."""
        return self._select_stub

    @property
    def admin(self) -> route_admin_pb2_grpc.RouteAdminStub:
        """The generated RouteAdmin stub, with the key and no deadline: pass timeout= per call."""
        return self._admin_stub

    def close(self) -> None:
        """Closes the channel; calls still open fail."""
        self._channel.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


_CLOSED = object()  # the server completed the stream
_END_OF_REQUESTS = object()


class DialSession:
    """The failover loop of one call, over a RouteSelect.Dial stream: dial first(), report
    each attempt's final SIP code with report(), dial what comes back until it is None. Then
    end says how the call ended. When a connected call hangs up, call hang_up(). Leaving the
    `with` block (or close()) always ends the stream, so the server frees the provider's call
    slot; cancel() drops it at once.

    Each step waits at most the client's timeout for the server; past it the stream is
    cancelled and the step raises DEADLINE_EXCEEDED. Not thread-safe: one call, one thread."""

    def __init__(
        self,
        stub: route_select_pb2_grpc.RouteSelectStub,
        request: SelectRequest,
        call_id: str,
        timeout: float,
    ) -> None:
        self._timeout = timeout
        self._requests: queue.Queue[object] = queue.Queue()
        self._inbox: queue.Queue[object] = queue.Queue()
        self._plan: Optional[SelectResponse] = None
        self._first: Optional[Attempt] = None
        self._current: Optional[Attempt] = None
        self._end: Optional[DialEnd] = None
        # True once nothing more may be sent: the server ended the stream, we half-closed or
        # cancelled.
        self._closed = False
        self._requests.put(DialRequest(start=DialStart(request=request, call_id=call_id)))
        self._call = stub.Dial(self._request_stream())
        self._reader = threading.Thread(target=self._read, name=f"siproute-dial-{call_id}", daemon=True)
        self._reader.start()
        self._receive()
        self._first = self._current

    def first(self) -> Optional[Attempt]:
        """The first provider to dial; None when no route matched (see end)."""
        return self._first

    @property
    def plan(self) -> Optional[SelectResponse]:
        """The plan's header: normalised destination, region, strategy, revision."""
        return self._plan

    @property
    def end(self) -> Optional[DialEnd]:
        """How the call ended; None while attempts are still being made."""
        return self._end

    @property
    def connected(self) -> bool:
        """True when an attempt was answered."""
        return self._end is not None and self._end.outcome == DialOutcome.CONNECTED

    def report(self, sip_code: int, post_dial_delay_ms: int = 0) -> Optional[Attempt]:
        """Reports the final SIP response of the current attempt. Returns the next provider to
        dial, or None when the call ended (connected, failed, exhausted: see end)."""
        return self._send(AttemptResult(sip_code=sip_code, post_dial_delay_ms=post_dial_delay_ms))

    def report_timeout(self) -> Optional[Attempt]:
        """The current attempt got no final response in time. Fails over."""
        return self._send(AttemptResult(failure=AttemptFailure.TIMEOUT))

    def report_transport_error(self) -> Optional[Attempt]:
        """The current attempt's provider could not be reached. Fails over."""
        return self._send(AttemptResult(failure=AttemptFailure.TRANSPORT_ERROR))

    def hang_up(self, duration_ms: int) -> None:
        """The connected call hung up after duration_ms of talk time: tells the server (which
        counts it and frees the call slot) and waits for it to close the stream."""
        if not self.connected:
            raise RuntimeError("no connected call to hang up")
        if not self._closed:
            self._requests.put(DialRequest(ended=CallEnded(duration_ms=duration_ms)))
            self._finish()

    def close(self) -> None:
        """Ends the stream: a half-close, after which the server frees what the call held, then
        waits (at most the timeout) for the server to close its side. Safe to call twice."""
        if not self._closed:
            try:
                self._finish()
            except grpc.RpcError:
                pass
        self._call.cancel()  # frees the HTTP/2 stream whatever state the server left it in

    def cancel(self) -> None:
        """Cancels the stream at once (RST_STREAM): the server frees what the call held."""
        self._closed = True
        self._current = None
        self._requests.put(_END_OF_REQUESTS)
        self._call.cancel()

    def __enter__(self) -> DialSession:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _send(self, result: AttemptResult) -> Optional[Attempt]:
        attempt = self._current
        if attempt is None:
            ended = f"; the call ended: {DialOutcome.Name(self._end.outcome)}" if self._end else ""
            raise RuntimeError(f"no attempt is outstanding{ended}")
        result.index = attempt.index
        self._requests.put(DialRequest(result=result))
        self._current = None
        self._receive()
        return self._current

    def _request_stream(self) -> Iterator[DialRequest]:
        while True:
            message = self._requests.get()
            if message is _END_OF_REQUESTS:
                return
            yield message  # type: ignore[misc]

    def _read(self) -> None:
        try:
            for response in self._call:
                self._inbox.put(response)
            self._inbox.put(_CLOSED)
        except grpc.RpcError as e:
            self._inbox.put(e)

    def _next(self) -> object:
        try:
            return self._inbox.get(timeout=self._timeout)
        except queue.Empty:
            self._closed = True
            self._requests.put(_END_OF_REQUESTS)
            self._call.cancel()
            raise SiprouteError(
                grpc.StatusCode.DEADLINE_EXCEEDED, f"siproute did not answer within {self._timeout:g} s") from None

    def _receive(self) -> None:
        message = self._next()
        if isinstance(message, grpc.RpcError):
            self._closed = True
            self._requests.put(_END_OF_REQUESTS)
            raise message
        if message is _CLOSED:
            self._closed = True
            self._requests.put(_END_OF_REQUESTS)
            raise SiprouteError(grpc.StatusCode.UNAVAILABLE, "the Dial stream ended unexpectedly")
        assert isinstance(message, route_select_pb2.DialResponse)
        if message.HasField("plan"):
            self._plan = message.plan
        kind = message.WhichOneof("message")
        if kind == "attempt":
            self._current = message.attempt
        elif kind == "end":
            self._end = message.end
            if not self.connected:
                # The server completes the stream after any other outcome; complete ours too.
                try:
                    self._finish()
                except grpc.RpcError:
                    pass

    def _finish(self) -> None:
        """Half-closes and reads the stream to its end, so the server's status (or error) is
        seen."""
        self._closed = True
        self._requests.put(_END_OF_REQUESTS)
        while True:
            message = self._next()
            if message is _CLOSED:
                return
            if isinstance(message, grpc.RpcError):
                raise message


def _select_request(
    customer_id: str,
    destination: str,
    call_id: str,
    call_time: Optional[timestamp_pb2.Timestamp],
    explain: bool,
    source: str,
) -> SelectRequest:
    request = SelectRequest(
        customer_id=customer_id, destination=destination, call_id=call_id, explain=explain, source=source)
    if call_time is not None:
        request.call_time.CopyFrom(call_time)
    return request


def _retry_config(max_attempts: int) -> str:
    """Retries Select on UNAVAILABLE with backoff; Dial and admin writes are never retried."""
    return json.dumps({
        "methodConfig": [{
            "name": [{"service": "siproute.v1.RouteSelect", "method": "Select"}],
            "retryPolicy": {
                "maxAttempts": max_attempts,
                "initialBackoff": "0.05s",
                "maxBackoff": "0.5s",
                "backoffMultiplier": 2,
                "retryableStatusCodes": ["UNAVAILABLE"],
            },
        }],
    })


class _CallDetails(grpc.ClientCallDetails):
    def __init__(self, details: grpc.ClientCallDetails, metadata: list[tuple[str, str]]) -> None:
        self.method = details.method
        self.timeout = details.timeout
        self.metadata = metadata
        self.credentials = details.credentials
        self.wait_for_ready = getattr(details, "wait_for_ready", None)
        self.compression = getattr(details, "compression", None)


class _BearerKey(
    grpc.UnaryUnaryClientInterceptor,
    grpc.UnaryStreamClientInterceptor,
    grpc.StreamUnaryClientInterceptor,
    grpc.StreamStreamClientInterceptor,
):
    """Sends the API key as a bearer token on every call."""

    def __init__(self, api_key: str) -> None:
        self._header = ("authorization", f"Bearer {api_key}")

    def _with_key(self, details: grpc.ClientCallDetails) -> grpc.ClientCallDetails:
        return _CallDetails(details, [*(details.metadata or ()), self._header])

    def intercept_unary_unary(self, continuation: Callable[..., Any], details: grpc.ClientCallDetails, request: Any) -> Any:
        return continuation(self._with_key(details), request)

    def intercept_unary_stream(self, continuation: Callable[..., Any], details: grpc.ClientCallDetails, request: Any) -> Any:
        return continuation(self._with_key(details), request)

    def intercept_stream_unary(self, continuation: Callable[..., Any], details: grpc.ClientCallDetails, requests: Any) -> Any:
        return continuation(self._with_key(details), requests)

    def intercept_stream_stream(self, continuation: Callable[..., Any], details: grpc.ClientCallDetails, requests: Any) -> Any:
        return continuation(self._with_key(details), requests)
