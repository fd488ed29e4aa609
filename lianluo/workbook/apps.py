from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class WorkbookConfig(AppConfig):
    name = "lianluo.workbook"
    verbose_name = "联络工作台账"

    def ready(self) -> None:
        # The 组织 sheet (the office and the year every other sheet belongs to) is the workbook's
        # own; each domain app keeps its sheets in `<app>/workbook.py` and registers them there.
        import lianluo.workbook.organisation_sheet  # noqa: F401

        autodiscover_modules("workbook")
