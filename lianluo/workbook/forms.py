from django import forms

from lianluo.workbook.layout import COUNTERS, IGNORE, NOTE, header_key

ACCEPT = ".xlsx,.xls,.et,.ods,.csv"


class UploadForm(forms.Form):
    file = forms.FileField(
        label="台账文件（.xlsx、.xls、.et、.ods 或 .csv）",
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )
    destination = forms.TypedChoiceField(
        label="本单位自己的台账导入到",
        coerce=int,
        required=False,
        help_text="联络工作台账按其中的“组织”表导入，不看此项。",
    )

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {org.pk: org for org in organisations}
        self.fields["destination"].choices = [(org.pk, str(org)) for org in organisations]
        if len(self.organisations) < 2:  # staff import into their own office: nothing to choose
            del self.fields["destination"]

    def clean_destination(self):
        pk = self.cleaned_data.get("destination")
        return self.organisations.get(pk) if pk else None


class ExportForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=1949, max_value=2100)
    full = forms.BooleanField(label="包含完整身份证号和手机号（将记入审计日志）", required=False)


def mapping_from_post(data, shown: list[dict]) -> tuple[dict, list[str]]:
    """The mapping the page's form describes, and what is wrong with the form itself.

    Each sheet's fields are named s<i>-...: its kind, header row, one select per column, and the
    values given to a whole sheet. A sheet whose kind or header row was changed has its columns
    proposed again (no "columns" in its entry)."""
    problems = []
    year_text = (data.get("year") or "").strip()
    year = None
    if year_text:
        if year_text.isdigit() and 1949 <= int(year_text) <= 2100:
            year = int(year_text)
        else:
            problems.append(f"年度“{year_text}”不是1949至2100之间的年份")
    sheets = {}
    for index, layout in enumerate(shown):
        prefix = f"s{index}-"
        kind = data.get(prefix + "kind", layout["kind"] or "") or None
        row_text = (data.get(prefix + "header_row") or "").strip()
        header_row = int(row_text) if row_text.isdigit() else layout["header_row"]
        entry = {"kind": kind, "header_row": header_row}
        if kind == layout["kind"] and header_row == layout["header_row"]:
            note_rest = data.get(prefix + "note_rest") == "1"
            columns = {}
            for number, label in enumerate(layout["headers"]):
                if not label:
                    continue
                target = data.get(f"{prefix}col{number}", layout["fields"][number])
                if note_rest and target == IGNORE and header_key(label) not in COUNTERS:
                    target = NOTE
                columns[label] = target
            entry["columns"] = columns
            fixed = dict(layout["fixed"])  # a value the form does not name stays as it was
            for key, value in data.items():
                if key.startswith(prefix + "fixed-"):
                    fixed[key[len(prefix) + len("fixed-") :]] = value
            entry["fixed"] = {name: value for name, value in fixed.items() if value}
        sheets[layout["source"]] = entry
    mapping = {"sheets": sheets}
    if year is not None:
        mapping["year"] = year
    return mapping, problems
