"""Servers the tests start on loopback (varnishd, moto, gunicorn, redis-server): a free port,
waiting until one listens, stopping one by its PID."""

import socket
import subprocess
import time
from pathlib import Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_listening(
    process: subprocess.Popen, port: int, log: Path, *, name: str, seconds: float = 30.0
) -> None:
    """Return once something accepts on 127.0.0.1:port; raise with the log if the process
    exits first or the time runs out."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited ({process.returncode}):\n{_tail(log)}")
        with socket.socket() as attempt:
            if attempt.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(
        f"{name} did not listen on 127.0.0.1:{port} in {seconds:.0f} s:\n{_tail(log)}"
    )


def stop(process: subprocess.Popen, *, seconds: float = 10.0) -> None:
    """SIGTERM, then SIGKILL if it does not exit in time; only the process we started."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _tail(log: Path, lines: int = 40) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""
