import datetime as dt

from django import forms

from lianluo.people.models import Person, PersonStatus
from lianluo.submissions.models import (
    AdoptionLevel,
    Period,
    ReplyClass,
    Satisfaction,
    SubmissionCategory,
    SubmissionKind,
    SubmissionSettings,
    SubmissionState,
)
from lianluo.workbook.cells import cell_list

DATE = forms.DateInput(attrs={"type": "date"})


class PersonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.work_unit}）" if obj.work_unit else obj.name


class SubmissionForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=SubmissionKind.choices)
    title = forms.CharField(label="标题", max_length=200)
    body = forms.CharField(label="内容", widget=forms.Textarea(attrs={"rows": 8}), required=False)
    category = forms.ModelChoiceField(
        label="类别", queryset=SubmissionCategory.objects.none(), required=False
    )
    proposers = PersonChoiceField(
        label="提交人（第一位为领衔人）",
        queryset=Person.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    collective = forms.BooleanField(label="以组织名义集体提交", required=False)
    term = forms.IntegerField(label="届", min_value=1, max_value=99, required=False)
    session = forms.IntegerField(label="次", min_value=1, max_value=99, required=False)
    period = forms.ChoiceField(
        label="会间/会后", choices=[("", "—")] + Period.choices, required=False
    )
    suggested_units = forms.CharField(
        label="建议承办单位", required=False, help_text="多个单位用顿号或逗号分隔"
    )
    publish_consent = forms.BooleanField(label="同意公开", required=False)
    is_key = forms.BooleanField(label="重点提案", required=False)
    is_excellent = forms.BooleanField(label="优秀提案", required=False)
    note = forms.CharField(label="备注", max_length=300, required=False)

    def __init__(self, *args, organisation, member=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = SubmissionCategory.objects.filter(
            organisation=organisation
        )
        people = Person.objects.filter(organisation=organisation, status=PersonStatus.SERVING)
        if member is not None:
            # A member chooses co-signers; they are the first proposer themselves.
            self.fields["proposers"].label = "联名人（可不选）"
            self.fields["proposers"].queryset = people.exclude(pk=member.pk).order_by("name")
            for name in ("collective", "is_key", "is_excellent", "note"):
                del self.fields[name]
        else:
            self.fields["proposers"].queryset = people.order_by("name")

    def clean_suggested_units(self) -> list[str]:
        return cell_list(self.cleaned_data.get("suggested_units"))


def proposers_in_order(form: SubmissionForm, raw_ids: list[str]) -> list[Person]:
    """The proposers in the order they were chosen (the first leads)."""
    chosen = {str(p.pk): p for p in form.cleaned_data.get("proposers") or []}
    return [chosen[i] for i in raw_ids if i in chosen]


class ListFilterForm(forms.Form):
    kind = forms.ChoiceField(choices=[("", "全部类型")] + SubmissionKind.choices, required=False)
    state = forms.ChoiceField(choices=[("", "全部状态")] + SubmissionState.choices, required=False)
    year = forms.IntegerField(required=False, min_value=1990, max_value=2100)
    unit = forms.CharField(required=False, max_length=100)
    proposer = forms.CharField(required=False, max_length=50)
    q = forms.CharField(required=False, max_length=100)
    overdue = forms.BooleanField(required=False)


class SettingsForm(forms.ModelForm):
    class Meta:
        model = SubmissionSettings
        fields = ["handling_months", "objection_working_days", "rehandle_limit", "cosign_days"]


def parse_date(value: str | None) -> dt.date | None:
    """A date from a form's <input type=date>; None when blank, ValueError when malformed."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"日期“{value}”无法识别，请按 2026-03-01 的格式填写") from exc


CHOICES = {
    "reply_class": ReplyClass.choices,
    "satisfaction": Satisfaction.choices,
    "level": AdoptionLevel.choices,
}
