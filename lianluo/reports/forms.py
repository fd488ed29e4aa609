from django import forms
from django.utils import timezone

from lianluo.reports.compose import PLACEHOLDERS


def year_choices() -> list[tuple[int, str]]:
    this_year = timezone.localdate().year
    return [(y, f"{y}年") for y in range(this_year, this_year - 12, -1)]


class ReportPickForm(forms.Form):
    organisation = forms.ModelChoiceField(queryset=None, label="组织", empty_label=None)
    year = forms.TypedChoiceField(label="年度", coerce=int, choices=())

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["year"].choices = year_choices()


class SectionForm(forms.Form):
    key = forms.CharField(max_length=30, widget=forms.HiddenInput)
    text = forms.CharField(label="内容", required=False, widget=forms.Textarea(attrs={"rows": 8}))


class TemplateForm(forms.Form):
    opening = forms.CharField(
        label="开头段落",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="放在总结开头、年度数据之前的一段话。",
    )
    shortcomings = forms.CharField(label="存在的不足", widget=forms.Textarea(attrs={"rows": 4}))
    plan = forms.CharField(
        label="下一年工作计划",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="每行一项，导出时自动编为（一）（二）……",
    )

    placeholders = PLACEHOLDERS
