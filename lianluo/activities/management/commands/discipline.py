import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from lianluo.activities.selectors import discipline_standings
from lianluo.orgs.selectors import org_by_name

LEVEL_LABELS = {"none": "正常", "warning": "口头警告", "removal": "建议取消委员资格"}


class Command(BaseCommand):
    help = "考勤纪律：按连续无故缺席次数列出口头警告和建议取消资格的人员"

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="组织全称")
        parser.add_argument("--as-of", help="截至日期 YYYY-MM-DD（默认今天）")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, **options):
        org = org_by_name(name=options["org"])
        if org is None:
            raise CommandError(f"组织“{options['org']}”不存在")
        try:
            as_of = (
                dt.date.fromisoformat(options["as_of"])
                if options["as_of"]
                else timezone.localdate()
            )
        except ValueError as exc:
            raise CommandError(f"日期应为 YYYY-MM-DD：{options['as_of']}") from exc
        standings = discipline_standings(organisation=org, as_of=as_of)
        if options["format"] == "json":
            people = [
                {"name": s.name, "streak": s.streak, "level": s.level, "evidence": s.evidence}
                for s in standings
            ]
            payload = {"org": org.name, "as_of": as_of.isoformat(), "people": people}
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
            return
        self.stdout.write(f"{org.name} 截至 {as_of.isoformat()} 的考勤纪律情况")
        for s in standings:
            absences = "、".join(f"{e['date']} {e['subject']}（{e['status']}）" for e in s.evidence)
            line = f"{s.name}\t连续缺席{s.streak}次\t{LEVEL_LABELS[s.level]}"
            self.stdout.write(f"{line}\t{absences}" if absences else line)
