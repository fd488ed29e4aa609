from pathlib import Path

from lianluo.workbook.importer import workbook_import

EXAMPLES = Path(__file__).resolve().parents[3].parent / "shared" / "examples"


def import_example(name: str):
    report = workbook_import(path=EXAMPLES / f"{name}.xlsx", actor=None, dry_run=False)
    assert report.ok, report.errors
    return report
