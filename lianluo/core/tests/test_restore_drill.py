"""The restore drill (deploy/restore-drill.sh, `make restore-drill`): back up with a base backup and
WAL archiving, lose the data directory, restore, and find every row again, including one written
after the base backup. It needs root and Debian's PostgreSQL tools; the PostgreSQL leg of
`make test` runs it (LIANLUO_RESTORE_DRILL=1)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

pytestmark = pytest.mark.skipif(
    os.environ.get("LIANLUO_RESTORE_DRILL") != "1", reason="make restore-drill runs it"
)


def test_a_lost_database_is_restored_with_every_record():
    drill = subprocess.run(  # noqa: S603
        ["sh", str(ROOT / "deploy" / "restore-drill.sh")],  # noqa: S607
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "BIN": str(Path(sys.executable).parent)},
    )
    assert drill.returncode == 0, drill.stdout[-2000:] + drill.stderr[-2000:]
    assert "restore-drill: passed" in drill.stdout
    assert "and the record written after the backup" in drill.stdout
