"""Load benchmark: N members sign in by the code against a running Lianluo server (loopback).

    python bench/load_signin.py --backend postgresql --server gunicorn --pool --members 2000

Builds a fresh database, N members with sessions (created directly: logging in 2,000 times would
measure Argon2, not sign-in), one activity starting now, starts the server — gunicorn with
deploy/gunicorn.conf.py (the production server), or `lianluo runserver` (the one `make run` uses)
— and POSTs every member's scan of the code from a thread pool. Prints throughput, p50/p95
latency, and checks that exactly N sign-in records exist afterwards (0 lost, 0 doubled).
"""

import argparse
import http.client
import json
import secrets
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PORT = 8765


def prepare(env: dict, members: int) -> tuple[str, list[str]]:
    out = subprocess.run(
        [str(BIN / "python"), "bench/load_prepare.py", str(members)],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    data = json.loads(out.stdout.strip().splitlines()[-1])
    return data["token"], data["keys"]


def scan(token: str, session_key: str) -> tuple[float, int, bool]:
    csrf = secrets.token_hex(16)
    headers = {
        "Cookie": f"sessionid={session_key}; csrftoken={csrf}",
        "X-CSRFToken": csrf,
        "Content-Type": "application/x-www-form-urlencoded",
    }
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
    connection.request("POST", f"/activities/signin/{token}/", body="", headers=headers)
    response = connection.getresponse()
    body = response.read().decode()
    connection.close()
    return time.perf_counter() - started, response.status, "签到成功" in body


def count_sign_ins(env: dict) -> tuple[int, int]:
    code = """
import django; django.setup()
from django.db.models import Count
from lianluo.activities.models import SignIn
doubled = SignIn.objects.values("attendance_id").annotate(n=Count("id")).filter(n__gt=1)
print(SignIn.objects.count(), doubled.count())
"""
    out = subprocess.run(
        [str(BIN / "python"), "-c", code],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )  # noqa: S603
    total, doubled = out.stdout.split()
    return int(total), int(doubled)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--server", choices=["gunicorn", "runserver"], default="gunicorn")
    parser.add_argument("--workers", type=int, default=5, help="gunicorn's processes")
    parser.add_argument("--pool", action="store_true", help="PostgreSQL connection pooling")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "bench"))
    from run import prepare_backend

    workdir = ROOT / "bench" / "var" / "load"
    workdir.mkdir(parents=True, exist_ok=True)
    env = prepare_backend(args.backend, workdir)
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    if args.pool:
        env["LIANLUO_DB_POOL"] = "1"
    subprocess.run([str(BIN / "lianluo"), "migrate", "-v0"], env=env, cwd=ROOT, check=True)  # noqa: S603
    subprocess.run(
        [str(BIN / "lianluo"), "collectstatic", "--noinput", "-v0"], env=env, cwd=ROOT, check=True
    )  # noqa: S603
    token, keys = prepare(env, args.members)
    command = (
        [str(BIN / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "--bind", f"127.0.0.1:{PORT}"]
        + ["--workers", str(args.workers), "--access-logfile", "/dev/null"]
        if args.server == "gunicorn"
        else [str(BIN / "lianluo"), "runserver", f"127.0.0.1:{PORT}", "--noreload"]
    )
    server = subprocess.Popen(  # noqa: S603
        command,
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", PORT, timeout=1).request(
                    "GET", "/accounts/login/"
                )
                break
            except OSError:
                time.sleep(0.2)
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
            results = list(pool.map(lambda key: scan(token, key), keys))
        elapsed = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=10)
    latencies = sorted(r[0] for r in results)
    ok = sum(1 for r in results if r[1] == 200 and r[2])
    total, doubled = count_sign_ins(env)
    figures = {
        "backend": args.backend,
        "server": args.server,
        "workers": args.workers if args.server == "gunicorn" else 1,
        "pool": args.pool,
        "members": args.members,
        "seconds": round(elapsed, 2),
        "throughput_per_s": round(len(results) / elapsed, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 1),
        "p95_ms": round(statistics.quantiles(latencies, n=20)[-1] * 1000, 1),
        "signed_in_responses": ok,
        "sign_in_records": total,
        "doubled": doubled,
        "exact": total == args.members and doubled == 0 and ok == args.members,
    }
    print(json.dumps(figures, ensure_ascii=False))
    results_dir = ROOT / "bench" / "results"
    results_dir.mkdir(exist_ok=True)
    name = f"load_signin_{args.backend}_{args.server}{'_pool' if args.pool else ''}.json"
    (results_dir / name).write_text(json.dumps(figures, ensure_ascii=False, indent=2) + "\n")
    if not figures["exact"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
