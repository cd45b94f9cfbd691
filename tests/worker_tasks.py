"""Tasks for the worker tests only: effects written to files the test reads.

Each is idempotent the way the real ones are: the effect (a line in a file) is written once
per token, whatever the number of runs.
"""

import time
from pathlib import Path

from background import background_task


def record_once(effects: Path, token: str) -> bool:
    lines = effects.read_text().split() if effects.exists() else []
    if token in lines:
        return False
    with effects.open("a") as handle:
        handle.write(token + "\n")
    return True


@background_task()
def record(folder: str, token: str):
    return record_once(Path(folder) / "effects", token)


@background_task()
def block_then_record(folder: str, token: str):
    """Say it started, wait (bounded) for the test to release it, then record its effect."""
    folder = Path(folder)
    (folder / "started").touch()
    for _ in range(600):
        if (folder / "release").exists():
            break
        time.sleep(0.1)
    else:
        raise TimeoutError("never released")
    return record_once(folder / "effects", token)


@background_task(max_attempts=3)
def always_fails(folder: str):
    with (Path(folder) / "runs").open("a") as handle:
        handle.write("run\n")
    raise RuntimeError("이 작업은 언제나 실패합니다")
