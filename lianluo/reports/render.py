"""A summary's sections as Markdown (the command line), Word and HTML (the web view)."""

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from lianluo.core.text import LINK_RE, plain
from lianluo.documents.docx import add_paragraph, add_table, add_title, new_document, to_bytes
from lianluo.reports.compose import numbered_headings


def to_markdown(title: str, sections: list[dict]) -> str:
    lines = [f"# {title}", ""]
    for section in numbered_headings(sections):
        if section["display_heading"]:
            lines += [f"## {section['display_heading']}", ""]
        for paragraph in section["paragraphs"]:
            lines += [plain(paragraph), ""]
        table = section.get("table")
        if table:
            lines.append("| " + " | ".join(table["header"]) + " |")
            lines.append("|" + "---|" * len(table["header"]))
            lines += ["| " + " | ".join(row) + " |" for row in table["rows"]]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def to_docx(title: str, sections: list[dict]) -> bytes:
    document = new_document()
    add_title(document, title)
    for section in numbered_headings(sections):
        if section["display_heading"]:
            add_paragraph(document, section["display_heading"], bold=True)
        signature = section["key"] == "signature"
        for paragraph in section["paragraphs"]:
            add_paragraph(
                document,
                plain(paragraph),
                indent=not signature,
                align="right" if signature else "left",
            )
        table = section.get("table")
        if table:
            add_table(document, table["header"], table["rows"])
    return to_bytes(document)


def to_html(text: str) -> str:
    """One paragraph with its `[文字](/path/)` links as links; everything else escaped."""
    parts, last = [], 0
    for match in LINK_RE.finditer(text):
        parts.append(escape(text[last : match.start()]))
        parts.append(format_html('<a href="{}">{}</a>', match.group(2), match.group(1)))
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))  # noqa: S308 - every part is escaped above
