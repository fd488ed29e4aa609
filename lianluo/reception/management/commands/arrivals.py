import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from lianluo.orgs.selectors import org_by_name
from lianluo.reception.selectors import board_for_organisation


def _time(value) -> str | None:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else None


class Command(BaseCommand):
    help = "接待看板：某一天抵达的嘉宾，按预计抵达时间排列"

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="组织全称")
        parser.add_argument("--date", help="日期 YYYY-MM-DD（默认今天）")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, **options):
        org = org_by_name(name=options["org"])
        if org is None:
            raise CommandError(f"组织“{options['org']}”不存在")
        try:
            day = (
                dt.date.fromisoformat(options["date"]) if options["date"] else timezone.localdate()
            )
        except ValueError as exc:
            raise CommandError(f"日期应为 YYYY-MM-DD：{options['date']}") from exc
        rows = [
            {
                "guest": a.guest,
                "volunteer": a.volunteer or None,
                "mode": a.mode,
                "number": a.number,
                "planned": _time(a.planned_at),
                "actual": _time(a.actual_at),
                "expected": _time(a.expected_at),
                "status": a.status_label,
            }
            for a in board_for_organisation(org, day)
        ]
        if options["format"] == "json":
            self.stdout.write(
                json.dumps({"date": day.isoformat(), "guests": rows}, ensure_ascii=False)
            )
            return
        self.stdout.write(f"{org.name} {day.isoformat()} 抵达 {len(rows)} 人次")
        for r in rows:
            moved = f"（改为 {r['expected'][-5:]}）" if r["expected"] != r["planned"] else ""
            landed = f"（实际 {r['actual'][-5:]}）" if r["actual"] else ""
            self.stdout.write(
                f"{r['planned'][-5:]}{moved}{landed}\t{r['guest']}\t{r['mode']} {r['number']}\t"
                f"联络员 {r['volunteer'] or '未安排'}\t{r['status']}"
            )
