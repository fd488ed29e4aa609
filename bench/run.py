"""The benchmark runner: builds the scale data set on SQLite and PostgreSQL, times each scenario.

    python bench/run.py --scale full     # 100,000 people (make bench)
    python bench/run.py --scale quick    # a tenth (make bench-quick)

Prints a table and writes bench/results/latest.json: a list of objects with the keys scenario,
backend, seconds, floor_seconds, ratio, target_ratio, peak_mb (other tools read this file), and
for some scenarios further figures (precision_at_1, ...).
"""

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
RESULTS = ROOT / "bench" / "results"
PG_ADMIN_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
SCALES = {"full": 100_000, "quick": 10_000}
# Activities per scale: about 100 per person's township, so 10 million attendance rows at full.
ACTIVITIES = {"full": 86_400, "quick": 8_640}
# scenario: (target ratio to its floor, absolute target in seconds or None)
TARGETS = {
    "roster_first_page": (3.0, 0.150),
    "roster_first_page_200k": (3.0, 0.150),
    "roster_search": (3.0, 0.150),
    "roster_filter": (3.0, 0.150),
    "import_workbook": (3.0, 60.0),
    "import_own_roster": (3.0, 60.0),
    "reimport_workbook": (3.0, 60.0),
    "export_workbook": (3.0, None),
    "activity_list": (3.0, 0.150),
    "calendar": (3.0, 0.150),
    "discipline_tree": (3.0, 5.0),
    "similar_suggest": (3.0, 0.200),
    "similarity_precision": (None, None),
    "points_tree": (3.0, 10.0),
    "duty_record_page": (3.0, None),
    "arrivals_board": (3.0, None),
    "annual_summary_office": (None, 1.0),
    "annual_summary_tree": (3.0, 5.0),
    "dashboard_tree": (3.0, None),
    "roster_xlsx_tree": (3.0, 20.0),
}
# Peak memory goals in MB (issue 20): the import of 100,000 rows, the province's roster in Excel.
PEAK_TARGETS = {
    "import_workbook": 300,
    "import_own_roster": 300,
    "reimport_workbook": 300,
    "roster_xlsx_tree": 200,
}
# Run again on the PostgreSQL standby (--standby): the heavy reads the router sends there.
STANDBY_SCENARIOS = ("annual_summary_tree", "dashboard_tree")
# Figures a scenario reports beside its time, kept in latest.json (and the target they must meet).
KEPT = (
    "precision_at_1",
    "flag_precision",
    "flag_recall",
    "submissions",
    "wrong",
    "parse_and_write_seconds",
    "ratio_to_parse_and_write",
    "server_write_seconds",
    "server_write_to_parse",
    "empty_page_seconds",
    "rows_seconds",
)
MINIMUMS = {"precision_at_1": 0.9}
# Printed beside a row: the import's second floor (the parse plus the same rows written by COPY),
# and the database's own share of it (the rows copied table to table, no Python) against the parse.
SHOWN = (
    "parse_and_write_seconds",
    "ratio_to_parse_and_write",
    "server_write_seconds",
    "server_write_to_parse",
)


def run(cmd: list[str], env: dict, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        cmd, env=env, check=True, text=True, capture_output=True, cwd=ROOT, **kwargs
    )  # noqa: S603


def pg_available() -> bool:
    return (
        subprocess.run(
            ["pg_isready", "-q", "-h", "127.0.0.1", "-p", "5432"], check=False
        ).returncode
        == 0
    )  # noqa: S607


def prepare_backend(backend: str, workdir: Path) -> dict:
    env = {**os.environ, "LIANLUO_VAR_DIR": str(workdir)}
    env.setdefault("LIANLUO_SECRET_KEY", "bench-only-" + "k" * 40)
    if backend == "sqlite":
        db = workdir / "bench.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        env["DATABASE_URL"] = f"sqlite:///{db}"
    else:
        import psycopg

        with psycopg.connect(f"{PG_ADMIN_URL}/postgres", autocommit=True) as conn:
            conn.execute("DROP DATABASE IF EXISTS lianluo_bench")
            conn.execute("CREATE DATABASE lianluo_bench")
        env["DATABASE_URL"] = f"{PG_ADMIN_URL}/lianluo_bench"
    return env


def write_import_file(path: Path, rows: int, *, changed_every: int = 0) -> None:
    """A workbook of `rows` 人员 rows for a new township under the province; with
    `changed_every`, the same people a year on: every that many a new position (the re-import)."""
    sys.path.insert(0, str(ROOT))
    from openpyxl import Workbook

    from lianluo.core.identity import UniqueIdNumbers, fake_mobile

    rng = random.Random(99)  # noqa: S311
    id_numbers = UniqueIdNumbers(rng)
    book = Workbook(write_only=True)
    org = book.create_sheet("组织")
    org.append(["名称", "类型", "上级组织", "年度"])
    org.append(["基准导入镇政协联络组", "政协联络组", "测试省政协", 2024])
    people = book.create_sheet("人员")
    people.append(
        ["姓名", "身份", "性别", "界别", "工作单位", "职务", "手机", "身份证号", "活动小组", "备注"]
    )
    surnames, given = "王李张刘陈杨黄赵吴周徐孙", "建国志强秀英玉兰海涛丽萍明德"
    for index in range(rows):
        male = rng.random() < 0.6
        people.append(
            [
                rng.choice(surnames) + rng.choice(given) + rng.choice(given),
                rng.choice(["政协委员", "政协委员", "联络对象", "政协委员、人大代表"]),
                "男" if male else "女",
                rng.choice(["经济界", "农业界", "教育界", "医药卫生界"]),
                f"第{index % 997}单位",
                rng.choice(["主任", "校长", ""])
                + ("（新任）" if changed_every and index % changed_every == 0 else ""),
                fake_mobile(rng),
                id_numbers.next(male=male),
                rng.choice(["经济组", "农业组", "民生组"]),
                None,
            ]
        )
    book.save(path)


def write_own_roster(path: Path, rows: int) -> None:
    """An office's own roster of `rows` people, as offices type them: a title and a blank row
    above the header, their own headers in their own order, M/F and 男/女, names padded with
    spaces, mobiles with dashes and spaces, full-width digits, dates of birth as 1970.03, columns
    the system has no field for, and a footer."""
    sys.path.insert(0, str(ROOT))
    from openpyxl import Workbook

    from lianluo.core.identity import UniqueIdNumbers, fake_mobile

    rng = random.Random(7)  # noqa: S311
    id_numbers = UniqueIdNumbers(rng)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("委员名册")
    sheet.append(["基准自有台账镇政协委员名册（2024年）"])
    sheet.append([])
    sheet.append(
        ["序号", "姓  名", "性别", "民族", "出生年月", "身份证号码", "联系电话",
         "工作单位及职务", "界别", "备注"]
    )  # fmt: skip
    surnames, given = "王李张刘陈杨黄赵吴周徐孙", "建国志强秀英玉兰海涛丽萍明德"
    full_width = str.maketrans("0123456789", "０１２３４５６７８９")
    for index in range(rows):
        male = rng.random() < 0.6
        name = rng.choice(surnames) + rng.choice(given) + rng.choice(given)
        if rng.random() < 0.2:
            name = f"{name[0]}  {name[-1]}"  # a two-character name padded to line up
        mobile = fake_mobile(rng)
        form = rng.random()
        if form < 0.3:
            mobile = f"{mobile[:3]}-{mobile[3:7]}-{mobile[7:]}"
        elif form < 0.4:
            mobile = f"{mobile[:3]} {mobile[3:7]} {mobile[7:]}"
        elif form < 0.45:
            mobile = mobile.translate(full_width)
        sheet.append(
            [
                index + 1,
                name,
                rng.choice(["男", "M"]) if male else rng.choice(["女", "F"]),
                rng.choice(["汉族", "汉族", "回族", "畲族"]),
                f"{rng.randint(1950, 1990)}.{rng.randint(1, 12):02d}",
                id_numbers.next(male=male),
                mobile,
                f"第{index % 997}单位{rng.choice(['主任', '校长', '职员'])}",
                rng.choice(["经济界", "农业界", "教育界", "医药卫生界"]),
                None,
            ]
        )
    sheet.append([])
    sheet.append(["填表人：王芳", None, None, None, "填表日期：2024年6月5日"])
    book.save(path)


def generate(env: dict, backend: str, members: int, activities: int) -> dict:
    """The scale data set (generate_scale), timed."""
    started = time.perf_counter()
    command = [str(BIN / "lianluo"), "generate_scale", "--members", str(members)]
    run([*command, "--activities", str(activities), "--seed", "1"], env)
    generate_seconds = time.perf_counter() - started
    if backend == "postgresql":
        # What autovacuum does on a live server after a bulk load: statistics for the planner
        # and the visibility map that lets index-only scans skip the table.
        import psycopg

        with psycopg.connect(env["DATABASE_URL"], autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE")
    return _row("generate_scale", backend, {"seconds": generate_seconds, "floor_seconds": None})


def on_standby(env: dict, standby: str, scenarios: list[str], workdir: Path) -> list[dict]:
    """The scenarios again with the standby as the database, once it has replayed the primary."""
    import psycopg

    with psycopg.connect(env["DATABASE_URL"], autocommit=True) as primary:
        target = primary.execute("SELECT pg_current_wal_lsn()").fetchone()[0]
    with psycopg.connect(f"{standby}/lianluo_bench", autocommit=True) as replica:
        started = time.perf_counter()
        while not replica.execute(
            "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target]
        ).fetchone()[0]:
            time.sleep(1)
        caught_up = time.perf_counter() - started
    print(f"standby caught up with the primary in {caught_up:.1f} s", flush=True)
    rows = []
    for scenario in scenarios:
        out = run(
            [str(BIN / "python"), "bench/scenarios.py", scenario, "--workdir", str(workdir)],
            {**env, "DATABASE_URL": f"{standby}/lianluo_bench"},
        )
        rows.append(_row(scenario, "pg-standby", json.loads(out.stdout.strip().splitlines()[-1])))
        print(_line(rows[-1]), flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", choices=SCALES, default="quick")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument(
        "--scenarios", default=",".join(TARGETS), help="comma-separated, default all"
    )
    parser.add_argument(
        "--skip-generate",
        action="store_true",
        help="no scale data set: for the import scenarios alone, which plan against their own "
        "organisation only",
    )
    parser.add_argument(
        "--standby",
        nargs="?",
        const="postgres://postgres@127.0.0.1:5433",
        help="also run the heavy reads on this PostgreSQL standby of the primary (make replica-up)",
    )
    args = parser.parse_args()
    scenarios = args.scenarios.split(",")
    unknown = set(scenarios) - set(TARGETS)
    if unknown:
        parser.error(f"unknown scenarios: {', '.join(sorted(unknown))}")
    members = SCALES[args.scale]
    workdir = ROOT / "bench" / "var"
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    write_import_file(workdir / "import.xlsx", members)
    write_import_file(workdir / "reimport.xlsx", members, changed_every=10)
    write_own_roster(workdir / "own-roster.xlsx", members)
    results, failed = [], []
    for backend in args.backends.split(","):
        if backend == "postgresql" and not pg_available():
            print(
                "PostgreSQL is not reachable on 127.0.0.1:5432: its leg is skipped.",
                file=sys.stderr,
            )
            continue
        env = prepare_backend(backend, workdir)
        run([str(BIN / "lianluo"), "migrate", "-v0"], env)
        run([str(BIN / "lianluo"), "collectstatic", "--noinput", "-v0"], env)
        if not args.skip_generate:
            results.append(generate(env, backend, members, ACTIVITIES[args.scale]))
        for scenario in scenarios:
            try:
                out = run(
                    [
                        str(BIN / "python"),
                        "bench/scenarios.py",
                        scenario,
                        "--workdir",
                        str(workdir),
                    ],
                    env,
                )
            except subprocess.CalledProcessError as exc:
                # One failing scenario is reported with its error; the others still run.
                error = (exc.stderr or "").strip().splitlines()[-1:] or ["(no output)"]
                print(f"{scenario:<20} {backend:<11} FAILED: {error[0]}", flush=True)
                failed.append({"scenario": scenario, "backend": backend, "error": error[0]})
                continue
            figures = json.loads(out.stdout.strip().splitlines()[-1])
            results.append(_row(scenario, backend, figures))
            print(_line(results[-1]), flush=True)
        if backend == "postgresql" and args.standby:
            results.extend(
                on_standby(
                    env, args.standby, [s for s in scenarios if s in STANDBY_SCENARIOS], workdir
                )
            )
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    print()
    header = ("scenario", "backend", "goal", "seconds", "floor", "ratio", "peak MB")
    print("{:<22} {:<11} {:>16} {:>9} {:>9} {:>6} {:>8}  met".format(*header))
    for row in results:
        print(_line(row))
    missed = [row for row in results if misses(row)]
    print(f"\n{len(missed)} of {len(results)} figures miss their goal", end="")
    print(": " + ", ".join(f"{r['scenario']} ({r['backend']})" for r in missed) if missed else "")
    for failure in failed:
        print(f"{failure['scenario']:<20} {failure['backend']:<11} FAILED: {failure['error']}")
    print(f"\nscale: {args.scale} ({members} people); written to {RESULTS / 'latest.json'}")
    if failed:
        sys.exit(1)


def _row(scenario: str, backend: str, figures: dict) -> dict:
    target_ratio, target_seconds = TARGETS.get(
        scenario, (None, 120.0 if scenario == "generate_scale" else None)
    )
    floor = figures.get("floor_seconds")
    ratio = round(figures["seconds"] / floor, 2) if floor else None
    return {
        "scenario": scenario,
        "backend": backend,
        "seconds": round(figures["seconds"], 4),
        "floor_seconds": round(floor, 4) if floor else None,
        "ratio": ratio,
        "target_ratio": target_ratio,
        "target_seconds": target_seconds,
        "peak_mb": figures.get("peak_mb"),
        "target_peak_mb": PEAK_TARGETS.get(scenario),
        **{key: figures[key] for key in KEPT if key in figures},
    }


def misses(row: dict) -> list[str]:
    """What of the scenario's goals the row misses, in words (empty when it meets them all)."""
    missed = []
    if row["ratio"] is not None and row["target_ratio"] and row["ratio"] > row["target_ratio"]:
        missed.append(f"ratio {row['ratio']:.2f} > {row['target_ratio']:.1f}x")
    if row["target_seconds"] is not None and row["seconds"] > row["target_seconds"]:
        missed.append(f"{row['seconds']:.3f} s > {row['target_seconds']:g} s")
    peak, peak_goal = row.get("peak_mb"), row.get("target_peak_mb")
    if peak and peak_goal and peak > peak_goal:
        missed.append(f"{peak:.0f} MB > {peak_goal} MB")
    for key, minimum in MINIMUMS.items():
        if row.get(key, minimum) < minimum:
            missed.append(f"{key} {row[key]} < {minimum}")
    return missed


def _goal(row: dict) -> str:
    parts = []
    if row["target_seconds"] is not None:
        parts.append(f"<{row['target_seconds']:g}s")
    if row["target_ratio"]:
        parts.append(f"{row['target_ratio']:g}x")
    if row.get("target_peak_mb"):
        parts.append(f"<{row['target_peak_mb']}MB")
    return ",".join(parts) or "-"


def _line(row: dict) -> str:
    missed = misses(row)
    extra = "".join(f"  {key}={row[key]}" for key in (*MINIMUMS, *SHOWN) if key in row)
    floor = f"{row['floor_seconds']:.4f}" if row["floor_seconds"] is not None else "-"
    ratio = f"{row['ratio']:.2f}" if row["ratio"] is not None else "-"
    peak = f"{row['peak_mb']:.0f}" if row["peak_mb"] else "-"
    verdict = "NO: " + "; ".join(missed) if missed else "yes"
    return (
        f"{row['scenario']:<22} {row['backend']:<11} {_goal(row):>16} {row['seconds']:>9.4f} "
        f"{floor:>9} {ratio:>6} {peak:>8}  {verdict}{extra}"
    )


if __name__ == "__main__":
    main()
