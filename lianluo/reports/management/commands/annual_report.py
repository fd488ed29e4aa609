import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from lianluo.documents.pdf import PdfUnavailable, docx_to_pdf
from lianluo.orgs.selectors import org_by_name
from lianluo.reports.render import to_docx, to_markdown
from lianluo.reports.selectors import current_text


class Command(BaseCommand):
    help = "年度工作总结和下一年工作计划：Markdown（默认输出到屏幕）、Word 或 PDF"

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="组织全称")
        parser.add_argument("--year", required=True, type=int, help="年度，如 2024")
        parser.add_argument("--format", choices=["md", "docx", "pdf"], default="md")
        parser.add_argument("-o", "--output", help="输出文件（Word 和 PDF 必须指定）")
        parser.add_argument(
            "--fresh",
            action="store_true",
            help="不用已保存的版本，直接根据台账记录重新起草",
        )

    def handle(self, *args, **options):
        org = org_by_name(name=options["org"])
        if org is None:
            raise CommandError(f"组织“{options['org']}”不存在")
        fmt, output = options["format"], options["output"]
        if fmt != "md" and not output:
            raise CommandError("导出 Word 或 PDF 时请用 -o 指定输出文件")
        title, sections, version = current_text(
            organisation=org,
            year=options["year"],
            fresh=options["fresh"],
            today=timezone.localdate(),
        )
        source = f"第{version.number}版" if version else "根据台账记录起草（未保存）"
        sys.stderr.write(f"{title}：{source}\n")
        if fmt == "md":
            text = to_markdown(title, sections)
            if output:
                Path(output).write_text(text, encoding="utf-8")
            else:
                self.stdout.write(text, ending="")
            return
        content = to_docx(title, sections)
        if fmt == "pdf":
            try:
                content = docx_to_pdf(content)
            except PdfUnavailable as exc:
                raise CommandError(str(exc)) from exc
        Path(output).write_bytes(content)
