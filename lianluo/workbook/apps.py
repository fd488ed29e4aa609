from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class WorkbookConfig(AppConfig):
    name = "lianluo.workbook"
    verbose_name = "联络工作台账"

    def ready(self) -> None:
        # Each domain app keeps its sheets in `<app>/workbook.py` and registers them there.
        autodiscover_modules("workbook")
