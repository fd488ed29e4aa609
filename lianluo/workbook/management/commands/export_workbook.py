from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lianluo.orgs.selectors import org_by_name
from lianluo.workbook.framework import workbook_export


class Command(BaseCommand):
    help = "把组织的记录导出为联络工作台账（.xlsx）"

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--org", required=True, help="组织全称")
        parser.add_argument("--year", type=int, help="年度（默认今年）")

    def handle(self, *args, **options):
        org = org_by_name(name=options["org"])
        if org is None:
            raise CommandError(f"组织“{options['org']}”不存在")
        path = workbook_export(
            organisation=org, year=options["year"], actor=None, path=options["path"]
        )
        self.stdout.write(str(path))
