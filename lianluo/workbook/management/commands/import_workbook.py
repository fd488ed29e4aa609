from pathlib import Path

from django.core.management.base import BaseCommand

from lianluo.workbook.importer import workbook_import


class Command(BaseCommand):
    help = "导入联络工作台账（.xlsx），全部成功才写入；--dry-run 只检查不写入"

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="只检查并报告，不写入数据库")

    def handle(self, *args, **options):
        path: Path = options["path"]
        if not path.is_file():
            self.stderr.write(f"文件: 找不到文件 {path}")
            raise SystemExit(1)
        report = workbook_import(path=path, actor=None, dry_run=options["dry_run"])
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
