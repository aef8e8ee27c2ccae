"""Shared fixtures for the live Umbral interop suite (run through Scripts/interop.sh).

The Swift executables are found in $KMS_BIN_DIR (set by Scripts/interop.sh). Without it, the suite
asks SwiftPM for the bin path of the default build (`swift build --show-bin-path`, scratch path
$KMS_SCRATCH_PATH if set). The run's random seed comes from $KMS_INTEROP_SEED when set, so a failing
run can be repeated with the same parameters; keys, nonces and kFrag ids are always fresh.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import threading
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
RUN_SEED = int(os.environ.get("KMS_INTEROP_SEED") or secrets.randbits(48))
AGENT_TIMEOUT = float(os.environ.get("KMS_INTEROP_TIMEOUT", "300"))


def pytest_report_header(config):
    return [f"umbral interop: KMS_INTEROP_SEED={RUN_SEED} (set it to repeat this run's parameters)"]


def _bin_dir() -> Path:
    configured = os.environ.get("KMS_BIN_DIR")
    if configured:
        return Path(configured)
    command = ["swift", "build", "--show-bin-path"]
    scratch = os.environ.get("KMS_SCRATCH_PATH")
    if scratch:
        command[2:2] = ["--scratch-path", scratch]
    out = subprocess.run(command, cwd=REPO_ROOT, check=True, capture_output=True, text=True)
    return Path(out.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="session")
def bin_dir() -> Path:
    path = _bin_dir()
    for name in ("kms", "umbral-interop-agent"):
        if not (path / name).is_file():
            raise RuntimeError(f"{path / name} is missing; build it first (Scripts/interop.sh does)")
    return path


class Agent:
    """A running umbral-interop-agent: one JSON request per line in, one response per line out."""

    def __init__(self, executable: Path):
        self.process = subprocess.Popen(
            [str(executable)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True, bufsize=1 << 20,
        )
        self.counter = 0
        self.lock = threading.Lock()

    def call(self, op: str, **fields) -> dict:
        with self.lock:
            self.counter += 1
            request = dict(fields, op=op, id=self.counter)
            # A watchdog kills a hung agent, so readline returns and the test fails instead of hanging.
            watchdog = threading.Timer(AGENT_TIMEOUT, self.process.kill)
            watchdog.start()
            try:
                self.process.stdin.write(json.dumps(request) + "\n")
                self.process.stdin.flush()
                line = self.process.stdout.readline()
            finally:
                watchdog.cancel()
            if not line:
                stderr = self.process.stderr.read() if self.process.poll() is not None else ""
                raise RuntimeError(f"umbral-interop-agent exited during {op!r}: {stderr.strip()[-2000:]}")
            response = json.loads(line)
            assert response.get("id") == self.counter, f"response out of order for {op!r}"
            return response

    def ok(self, op: str, **fields) -> dict:
        response = self.call(op, **fields)
        assert response["ok"], f"agent {op} failed: {response.get('error_kind')}: {response.get('error')}"
        return response

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.stdin.close()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture(scope="session")
def agent(bin_dir: Path):
    running = Agent(bin_dir / "umbral-interop-agent")
    assert running.ok("ping")["version"].startswith("umbral-interop-agent")
    yield running
    running.close()
    assert running.process.returncode == 0, f"agent exited with {running.process.returncode}"


class KMS:
    """Runs `kms umbral …` subcommands."""

    def __init__(self, executable: Path):
        self.executable = executable

    def run(self, *args: str | Path) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(self.executable), "umbral", *map(str, args)], capture_output=True, text=True, timeout=300,
        )

    def ok(self, *args: str | Path) -> subprocess.CompletedProcess:
        result = self.run(*args)
        assert result.returncode == 0, f"kms umbral {args[0]} exited {result.returncode}: {result.stderr.strip()}"
        return result

    def fails(self, *args: str | Path) -> str:
        """Requires a non-zero exit with exactly one non-empty line on stderr; returns that line."""
        result = self.run(*args)
        assert result.returncode != 0, f"kms umbral {args[0]} should have failed: {args}"
        message = result.stderr.strip()
        assert message, f"kms umbral {args[0]} failed silently"
        assert "\n" not in message, f"kms umbral {args[0]} wrote more than one line to stderr: {message!r}"
        return message


@pytest.fixture(scope="session")
def kms(bin_dir: Path) -> KMS:
    return KMS(bin_dir / "kms")


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    # Printed before pytest's closing summary line, so the seed is visible even with -q.
    terminalreporter.write_line(f"umbral interop seed: KMS_INTEROP_SEED={RUN_SEED}")


class PolicyAgent(Agent):
    """A running kms-policy-interop-agent (same JSON-lines protocol; see its main.swift)."""

    def call(self, op: str, **fields) -> dict:
        try:
            return super().call(op, **fields)
        except RuntimeError as error:
            raise RuntimeError(str(error).replace("umbral-interop-agent", "kms-policy-interop-agent")) from None


@pytest.fixture(scope="session")
def policy_agent():
    """The KMSPolicy agent: $KMS_POLICY_AGENT (set by Scripts/interop.sh), else the one in the bin dir."""
    configured = os.environ.get("KMS_POLICY_AGENT")
    executable = Path(configured) if configured else _bin_dir() / "kms-policy-interop-agent"
    if not executable.is_file():
        raise RuntimeError(f"{executable} is missing; build it first (Scripts/interop.sh does)")
    running = PolicyAgent(executable)
    assert running.ok("ping")["version"].startswith("kms-policy-interop-agent")
    yield running
    running.close()
    assert running.process.returncode == 0, f"kms-policy-interop-agent exited with {running.process.returncode}"
