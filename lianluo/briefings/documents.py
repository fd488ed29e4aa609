"""The briefing as printed: its masthead (简报, 第N期, the office and date), items, distribution."""

from lianluo.briefings.models import Briefing
from lianluo.documents.docx import add_paragraph, add_title, new_document, to_bytes


def briefing_docx(briefing: Briefing, items, *, upper_name: str) -> bytes:
    document = new_document()
    add_title(document, "简  报")
    add_paragraph(document, f"（{briefing.issue_label}）", indent=False, align="center")
    issued = briefing.issued_on
    date_text = f"{issued.year}年{issued.month}月{issued.day}日" if issued else "（未印发）"
    add_paragraph(
        document, f"{briefing.organisation.name}　　　　{date_text}", indent=False, align="center"
    )
    add_paragraph(document, "—" * 24, indent=False, align="center")
    add_paragraph(document, briefing.title, indent=False, align="center", bold=True)
    for item in items:
        add_paragraph(document, item.heading, bold=True)
        for line in item.body.splitlines():
            if line.strip():
                add_paragraph(document, line.strip())
    add_paragraph(document, "—" * 24, indent=False, align="center")
    distribution = f"报：{upper_name}　　送：本组织各位委员" if upper_name else "送：本组织各位委员"
    add_paragraph(document, distribution, indent=False)
    return to_bytes(document)
