"""huey on Redis, as production runs it: a job queued by one process is run by a separate worker
(`lianluo run_huey`), and the cache both share is Redis too. `make test` requires Redis
(LIANLUO_REQUIRE_REDIS=1); elsewhere this skips when nothing answers on 127.0.0.1:6379."""

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

REDIS_URL = "redis://127.0.0.1:6379/14"  # a database of its own, emptied first
BIN = Path(sys.executable).parent


def _redis_answers() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


pytestmark = pytest.mark.skipif(
    not _redis_answers() and os.environ.get("LIANLUO_REQUIRE_REDIS") != "1",
    reason="no Redis on 127.0.0.1:6379",
)


def _env(tmp_path) -> dict:
    """The production settings' queue and cache on an emptied Redis database."""
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "REDIS_URL": REDIS_URL,
        "LIANLUO_SECRET_KEY": "queue-test-" + "k" * 40,
        "LIANLUO_VAR_DIR": str(tmp_path),
    }


def _check_queue(env: dict, *, wait: int) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        [str(BIN / "lianluo"), "check_queue", "--wait", str(wait)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_job_queued_in_one_process_runs_in_another_worker(tmp_path):
    env = _env(tmp_path)
    worker = subprocess.Popen(  # noqa: S603
        [str(BIN / "lianluo"), "run_huey", "--quiet"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        asked = _check_queue(env, wait=30)
    finally:
        worker.terminate()
        worker.wait(timeout=20)
    assert asked.returncode == 0, asked.stderr
    assert f"任务由工作进程 {worker.pid} 执行" in asked.stdout
    assert f"（本进程 {worker.pid}）" not in asked.stdout


def test_without_a_worker_the_check_says_so(tmp_path):
    asked = _check_queue(_env(tmp_path), wait=1)
    assert asked.returncode == 1
    assert "队列异常：1 秒内没有工作进程执行任务" in asked.stderr
