"""Settings fail closed: these start the real `lianluo` command in a clean environment."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def _lianluo(*args, env_extra: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("LIANLUO_", "DJANGO_"))
    }
    env.pop("DATABASE_URL", None)
    env.update({"LIANLUO_VAR_DIR": str(tmp_path), **env_extra})
    return subprocess.run(  # noqa: S603 (our own command with fixed arguments)
        [sys.executable, "-m", "lianluo", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_missing_secret_key_stops_start_up(tmp_path):
    result = _lianluo("check", env_extra={}, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY is missing" in result.stderr


def test_production_settings_require_the_key_from_the_environment(tmp_path):
    (tmp_path / "secret_key").write_text("k" * 60)
    result = _lianluo(
        "check", env_extra={"DJANGO_SETTINGS_MODULE": "config.settings.prod"}, tmp_path=tmp_path
    )
    assert result.returncode != 0
    assert "LIANLUO_SECRET_KEY is required in production" in result.stderr


@pytest.mark.parametrize("module", ["config.settings.prod"])
def test_check_deploy_is_clean_in_production(tmp_path, module):
    result = _lianluo(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_extra={
            "DJANGO_SETTINGS_MODULE": module,
            "LIANLUO_SECRET_KEY": "a-long-random-production-key-" + "Zq8#kP2!vW" * 5,
            "LIANLUO_ALLOWED_HOSTS": "lianluo.example.gov.cn",
        },
        tmp_path=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_debug_defaults_to_off():
    from config.settings import base

    assert os.environ.get("LIANLUO_DEBUG") is None
    assert base.DEBUG is False
