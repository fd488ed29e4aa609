from django.db.models import Q, QuerySet

from lianluo.core.access import get_in_scope_or_404, org_scope_q
from lianluo.workbook.framework import registered_handlers
from lianluo.workbook.layout import (
    NOTE,
    MappingError,
    entry_of,
    handler_for,
    layout_for_entry,
    mapped_preview,
    missing_required,
)
from lianluo.workbook.models import ImportJob


def import_jobs_in_scope(*, viewer) -> QuerySet[ImportJob]:
    """Uploads of the viewer's organisations (subtree for readers), and always the viewer's own."""
    if not viewer.is_authenticated:
        return ImportJob.objects.none()
    jobs = ImportJob.objects.filter(org_scope_q(viewer) | Q(created_by=viewer))
    return jobs.select_related("created_by", "target", "organisation").order_by("-created_at")


def import_job_get(*, viewer, pk) -> ImportJob:
    return get_in_scope_or_404(import_jobs_in_scope(viewer=viewer), pk=pk)


def mapping_page_sheets(shown: list[dict], entries: dict) -> tuple[list[dict], list[str]]:
    """What the mapping page shows of each sheet under the entries given (or as proposed)."""
    handlers = registered_handlers()
    kinds = [(h.sheet, f"{h.sheet}表") for h in handlers if h.sheet != "组织"]
    sheets, problems = [], []
    for index, item in enumerate(shown):
        entry = entries.get(item["source"]) or entry_of(item)
        try:
            layout = layout_for_entry(item["source"], item["top"], entry, handlers)
        except MappingError as exc:
            problems.append(str(exc))
            layout = layout_for_entry(item["source"], item["top"], entry_of(item), handlers)
        layout.saved = item["saved"] and item["source"] not in entries
        handler = handler_for(layout.kind, handlers)
        options = [c.header for c in handler.columns] if handler else []
        names, rows = mapped_preview(layout, handlers)
        samples = list(zip(*layout.preview, strict=False)) if layout.preview else []
        sheets.append(
            {
                "index": index,
                "layout": layout,
                "kinds": kinds,
                "options": options,
                "has_note": NOTE in options,
                "columns": [
                    {
                        "number": number,
                        "label": label,
                        "field": layout.fields[number],
                        "samples": [
                            str(v) for v in (samples[number] if number < len(samples) else ())[:3]
                        ],
                    }
                    for number, label in enumerate(layout.headers)
                    if label
                ],
                "missing": [
                    {
                        "header": column.header,
                        "choices": choices,
                        "value": layout.fixed.get(column.header, ""),
                    }
                    for column, choices in missing_required(layout, handlers)
                ],
                "preview_names": names,
                "preview_rows": rows,
            }
        )
    return sheets, problems
