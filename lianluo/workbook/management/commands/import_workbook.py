import json
from pathlib import Path

from django.core.management.base import BaseCommand

from lianluo.orgs.models import Organisation
from lianluo.workbook.importer import workbook_import
from lianluo.workbook.layout import mapping_lines


class Command(BaseCommand):
    help = (
        "导入联络工作台账，或用 --org 导入本单位自己的台账（.xlsx、.xls、.et、.ods、.csv）；"
        "全部成功才写入；--dry-run 只检查不写入"
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="只检查并报告，不写入数据库")
        parser.add_argument(
            "--org", help="组织全称：工作簿没有“组织”表时（本单位自己的台账），记录导入到该组织"
        )
        parser.add_argument(
            "--mapping", type=Path, help="列的对应关系（JSON，格式见 docs/workbook.md）"
        )

    def _fail(self, message: str):
        self.stdout.write(message)
        raise SystemExit(1)

    def handle(self, *args, **options):
        path: Path = options["path"]
        if not path.is_file():
            self.stderr.write(f"文件: 找不到文件 {path}")
            raise SystemExit(1)
        organisation = None
        if options["org"]:
            organisation = Organisation.objects.filter(name=options["org"]).first()
            if organisation is None:
                self._fail(f"组织: 找不到组织“{options['org']}”（请写组织全称）")
        mapping = None
        if options["mapping"]:
            try:
                mapping = json.loads(options["mapping"].read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                self._fail(f"对应关系: 无法读取 {options['mapping']}（{exc}）")
            if not isinstance(mapping, dict):
                self._fail('对应关系: 应为 JSON 对象，如 {"sheets": {...}}')
        report = workbook_import(
            path=path,
            actor=None,
            dry_run=options["dry_run"],
            organisation=organisation,
            mapping=mapping,
        )
        if options["dry_run"]:
            for shown in report.layouts:
                if not shown["liaison"]:
                    for line in mapping_lines(shown):
                        self.stdout.write(line)
        for warning in report.warnings:
            self.stderr.write(f"警告 {warning}")
        if not report.ok:
            for error in report.errors:
                self.stdout.write(str(error))
            self.stdout.write(f"共 {len(report.errors)} 处错误，未写入任何数据。")
            raise SystemExit(1)
        for sheet, counts in report.counts.items():
            line = f"{sheet}: created {counts.created}, updated {counts.updated}"
            self.stdout.write(f"{line}, unchanged {counts.unchanged}")
        self.stdout.write(
            "（试运行，未写入）" if options["dry_run"] else f"已导入：{report.organisation}"
        )
