"""A real siproute server for the tests: the built jar on a free loopback port, over a fresh
embedded database, with an admin key of its own. Build the jar first, from the repository
root: mvn -B -q package -DskipTests (or point SIPROUTE_SERVER_JAR at one)."""

from __future__ import annotations

import os
import re
import secrets
import shutil
import subprocess
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, NamedTuple, Sequence

import pytest

REPOSITORY_ROOT = Path(__file__).resolve().parents[3]


class RunningServer(NamedTuple):
    target: str
    admin_key: str


@pytest.fixture(scope="session")
def server() -> Iterator[RunningServer]:
    with start_server() as running:
        yield running


@contextmanager
def start_server(extra_args: Sequence[str] = ()) -> Iterator[RunningServer]:
    """Starts a server; extra_args are added to its command line (e.g. --tls-cert)."""
    jar = Path(os.environ.get("SIPROUTE_SERVER_JAR", REPOSITORY_ROOT / "server/target/siproute-server.jar"))
    if not jar.is_file():
        pytest.fail(f"{jar} is missing: build it with `mvn -B -q package -DskipTests` in {REPOSITORY_ROOT}")
    java = str(Path(os.environ["JAVA_HOME"], "bin", "java")) if "JAVA_HOME" in os.environ else "java"
    data_dir = tempfile.mkdtemp(prefix="siproute-py-test-")
    admin_key = "sr_test_" + secrets.token_hex(24)
    process = subprocess.Popen(
        [java, "-jar", str(jar), "--host", "127.0.0.1", "--port", "0", "--data-dir", data_dir, "--shutdown-grace", "0",
         *extra_args],
        # The key goes through the environment: flags show in ps.
        env={**os.environ, "SIPROUTE_ADMIN_KEY": admin_key},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    port: list[int] = []
    started = threading.Event()
    log: list[str] = []

    def read_log() -> None:
        assert process.stdout is not None
        for line in process.stdout:  # read to the end, so the server never blocks on a full pipe
            log.append(line)
            listening = re.search(r"siproute listening on 127\.0\.0\.1:(\d+)", line)
            if listening and not port:
                port.append(int(listening.group(1)))
                started.set()
        started.set()

    threading.Thread(target=read_log, daemon=True).start()
    try:
        if not started.wait(180) or not port:
            pytest.fail("the server did not start within 180 s:\n" + "".join(log))
        yield RunningServer(f"127.0.0.1:{port[0]}", admin_key)
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(data_dir, ignore_errors=True)
