"""The Python client against a real server on a loopback port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from concurrent import futures
from pathlib import Path
from typing import Callable, Iterator

import grpc
import pytest

import siproute
from siproute.v1 import quality_pb2, resources_pb2, route_admin_pb2, route_select_pb2, route_select_pb2_grpc
from siproute.v1.route_select_pb2 import DialOutcome

from conftest import RunningServer, start_server


@pytest.fixture(scope="module")
def client(server: RunningServer) -> Iterator[siproute.Client]:
    with siproute.Client(server.target, server.admin_key, timeout=5) as c:
        # Default routes: Berlin numbers go to p0, then p1, then p2; "4940" to a provider that
        # carries one call at a time.
        for provider_id, prefix, priority, max_calls in [
            ("p0", "4930", 0, 0), ("p1", "4930", 1, 0), ("p2", "4930", 2, 0), ("one-slot", "4940", 0, 1)]:
            c.admin.CreateProvider(route_admin_pb2.CreateProviderRequest(provider=resources_pb2.Provider(
                id=provider_id, name=provider_id, hostname=f"{provider_id}.example",
                max_concurrent_calls=max_calls)), timeout=5)
            c.admin.CreateRoute(route_admin_pb2.CreateRouteRequest(route=resources_pb2.Route(
                provider_id=provider_id, prefix=prefix, priority=priority)), timeout=5)
        yield c


def status(client: siproute.Client, provider_id: str) -> quality_pb2.ProviderStatus:
    return client.admin.GetProviderStatus(route_admin_pb2.GetProviderStatusRequest(provider_id=provider_id), timeout=5)


def eventually(what: str, check: Callable[[], bool]) -> None:
    until = time.monotonic() + 10
    while not check():
        assert time.monotonic() < until, f"{what} within 10 s"
        time.sleep(0.05)


def test_select_returns_the_ordered_plan(client: siproute.Client) -> None:
    plan = client.select("acme", "+49 30 1234567")
    assert plan.destination == "49301234567"
    assert plan.destination_region == "DE"
    assert [a.provider_id for a in plan.attempts] == ["p0", "p1", "p2"]
    assert plan.attempts[0].sip_uri == "sip:49301234567@p0.example"


def test_a_bad_destination_is_refused_naming_the_field(client: siproute.Client) -> None:
    with pytest.raises(grpc.RpcError) as refused:
        client.select("acme", "not a number")
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    violations = siproute.field_violations(refused.value)
    assert [v.field for v in violations] == ["destination"]
    assert violations[0].description


def test_a_dial_session_fails_over_503_and_404_to_a_200_and_hangs_up(client: siproute.Client) -> None:
    with client.dial("acme", "+49 30 7654321", "py-call-1") as call:
        first = call.first()
        assert first is not None and first.provider_id == "p0"
        assert call.plan is not None and call.plan.destination == "49307654321"
        second = call.report(503)
        assert second is not None and second.provider_id == "p1"
        third = call.report(404, post_dial_delay_ms=1200)
        assert third is not None and third.provider_id == "p2"
        assert call.report(200) is None, "no next attempt after an answer"
        assert call.connected
        assert call.end is not None
        assert call.end.outcome == DialOutcome.CONNECTED
        assert call.end.connected_index == 2
        assert call.end.attempts == 3
        assert status(client, "p2").active_calls == 1, "a connected call holds its slot"
        call.hang_up(42_000)
        with pytest.raises(RuntimeError, match="no attempt is outstanding; the call ended: CONNECTED"):
            call.report(200)
    p2 = status(client, "p2")
    assert p2.active_calls == 0, "hanging up freed the slot"
    assert p2.statistics.calls_ended == 1
    assert p2.statistics.average_duration_ms == 42_000
    assert status(client, "p0").statistics.server_failures == 1
    assert status(client, "p1").statistics.client_failures == 1


def test_a_cancelled_session_frees_its_call_slot(client: siproute.Client) -> None:
    call = client.dial("acme", "+49 40 1234567", "py-call-2")
    first = call.first()
    assert first is not None and first.provider_id == "one-slot"
    assert status(client, "one-slot").active_calls == 1, "the offered attempt holds the slot"
    call.cancel()
    eventually("the slot is freed", lambda: status(client, "one-slot").active_calls == 0)
    with pytest.raises(RuntimeError, match="no attempt is outstanding"):
        call.report(503)


def test_leaving_an_unfinished_session_frees_its_call_slot(client: siproute.Client) -> None:
    with pytest.raises(KeyError):
        with client.dial("acme", "+49 40 7654321", "py-call-3") as call:
            first = call.first()
            assert first is not None and first.provider_id == "one-slot"
            assert status(client, "one-slot").active_calls == 1
            raise KeyError("the SIP stack failed")
    eventually("the slot is freed", lambda: status(client, "one-slot").active_calls == 0)


def test_a_busy_callee_ends_the_call_without_failing_over(client: siproute.Client) -> None:
    with client.dial("acme", "+49 30 1112222", "py-call-4") as call:
        assert call.report(486) is None
        assert call.end is not None and call.end.outcome == DialOutcome.FAILED
        assert not call.connected
        with pytest.raises(RuntimeError, match="no connected call"):
            call.hang_up(1000)


def test_no_route_ends_the_session_at_once(client: siproute.Client) -> None:
    with client.dial("acme", "+1 212 555 0100", "py-call-5") as call:
        assert call.first() is None
        assert call.end is not None and call.end.outcome == DialOutcome.NO_ROUTE


def test_a_call_without_a_key_is_refused(server: RunningServer) -> None:
    with siproute.Client(server.target) as anonymous:
        with pytest.raises(grpc.RpcError) as refused:
            anonymous.select("acme", "+49301234567")
    assert refused.value.code() == grpc.StatusCode.UNAUTHENTICATED


def test_the_readme_example_runs(client: siproute.Client, server: RunningServer) -> None:
    example = Path(__file__).resolve().parents[1] / "examples" / "call_service.py"
    package_root = str(Path(__file__).resolve().parents[1])
    result = subprocess.run(
        [sys.executable, str(example)], capture_output=True, text=True, timeout=30,
        env={**os.environ, "SIPROUTE_TARGET": server.target, "SIPROUTE_KEY": server.admin_key,
             "PYTHONPATH": package_root})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "plan: p0 > p1 > p2\n" in result.stdout
    assert "INVITE sip:49301234567@p0.example {}\n" in result.stdout
    assert "connected: True\n" in result.stdout


@pytest.fixture
def silent_peer() -> Iterator[str]:
    """A peer that accepts connections and never answers: only the deadline ends a call to it."""
    listener = socket.create_server(("127.0.0.1", 0))
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                pass

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"127.0.0.1:{listener.getsockname()[1]}"
    stop.set()
    thread.join()
    for s in accepted:
        s.close()
    listener.close()


def test_a_select_gives_up_past_the_deadline(silent_peer: str) -> None:
    with siproute.Client(silent_peer, timeout=0.3) as c:
        started = time.monotonic()
        with pytest.raises(grpc.RpcError) as failed:
            c.select("acme", "+49301234567")
        assert failed.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED
        assert time.monotonic() - started < 3


def test_a_dial_step_gives_up_past_the_deadline(silent_peer: str) -> None:
    with siproute.Client(silent_peer, timeout=0.3) as c:
        with pytest.raises(grpc.RpcError) as failed:
            c.dial("acme", "+49301234567", "py-silent")
        assert failed.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED


class _FlakySelect(route_select_pb2_grpc.RouteSelectServicer):
    """UNAVAILABLE until the n-th Select."""

    def __init__(self, fail_first: int) -> None:
        self.calls = 0
        self.fail_first = fail_first

    def Select(self, request: route_select_pb2.SelectRequest, context: grpc.ServicerContext) -> route_select_pb2.SelectResponse:
        self.calls += 1
        if self.calls <= self.fail_first:
            context.abort(grpc.StatusCode.UNAVAILABLE, "overloaded")
        return route_select_pb2.SelectResponse(destination=request.destination)


@pytest.mark.parametrize("max_attempts, fail_first, succeeds", [(3, 2, True), (3, 3, False), (1, 1, False)])
def test_a_select_is_retried_on_unavailable_up_to_max_attempts(max_attempts: int, fail_first: int, succeeds: bool) -> None:
    flaky = _FlakySelect(fail_first)
    grpc_server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
    route_select_pb2_grpc.add_RouteSelectServicer_to_server(flaky, grpc_server)
    port = grpc_server.add_insecure_port("127.0.0.1:0")
    grpc_server.start()
    try:
        with siproute.Client(f"127.0.0.1:{port}", max_attempts=max_attempts, timeout=5) as c:
            if succeeds:
                assert c.select("acme", "4930123").destination == "4930123"
            else:
                with pytest.raises(grpc.RpcError) as failed:
                    c.select("acme", "4930123")
                assert failed.value.code() == grpc.StatusCode.UNAVAILABLE
        assert flaky.calls == min(max_attempts, fail_first + 1)
    finally:
        grpc_server.stop(None)


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[RunningServer, bytes]]:
    # A self-signed certificate for 127.0.0.1, which the client trusts as its CA.
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "1",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True)
    with start_server(["--tls-cert", str(cert), "--tls-key", str(key)]) as running:
        yield running, cert.read_bytes()


def test_select_and_dial_over_tls_with_a_private_ca(tls_server: tuple[RunningServer, bytes]) -> None:
    server, ca = tls_server
    with siproute.Client(server.target, server.admin_key, timeout=5, tls=siproute.Tls(root_certificates=ca)) as c:
        assert c.select("acme", "+49 30 1234567").destination == "49301234567"
        with c.dial("acme", "+49 30 1234567", "py-tls-1") as call:
            assert call.first() is None, "no routes on this server"
            assert call.end is not None and call.end.outcome == DialOutcome.NO_ROUTE


def test_a_server_its_ca_did_not_sign_is_refused(tls_server: tuple[RunningServer, bytes]) -> None:
    server, _ = tls_server
    with siproute.Client(server.target, server.admin_key, tls=True, max_attempts=1) as c:
        with pytest.raises(grpc.RpcError) as failed:
            c.select("acme", "+49301234567")
        assert failed.value.code() == grpc.StatusCode.UNAVAILABLE
