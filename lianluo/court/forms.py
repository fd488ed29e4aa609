from django import forms

from lianluo.court.models import CaseStatus, ContactMethod
from lianluo.people.models import Person, RoleKind
from lianluo.submissions.forms import DATE, PersonChoiceField


class PairingForm(forms.Form):
    staff = forms.ModelChoiceField(label="法院联络人", queryset=Person.objects.none())
    person = forms.ModelChoiceField(label="代表或委员", queryset=Person.objects.none())
    started_on = forms.DateField(label="结对日期", widget=DATE, required=False)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        people = Person.objects.filter(organisation=organisation).order_by("name")
        self.fields["staff"].queryset = people.filter(roles__role=RoleKind.STAFF).distinct()
        self.fields["person"].queryset = people.exclude(roles__role=RoleKind.STAFF)


class ContactForm(forms.Form):
    date = forms.DateField(label="日期", widget=DATE)
    method = forms.ChoiceField(label="方式", choices=ContactMethod.choices)
    raised = forms.CharField(
        label="反映的意见建议", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    handling = forms.CharField(
        label="办理情况", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    reply = forms.CharField(label="答复", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class CaseForm(forms.Form):
    case_number = forms.CharField(label="案号", max_length=100)
    title = forms.CharField(label="关注事项", max_length=300)
    raised_by = PersonChoiceField(label="关注的代表或委员", queryset=Person.objects.none())
    received_on = forms.DateField(
        label="收到日期", widget=DATE, required=False, help_text="默认今天"
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["raised_by"].queryset = (
            Person.objects.filter(organisation=organisation)
            .exclude(roles__role=RoleKind.STAFF)
            .order_by("name")
        )


class CaseFilterForm(forms.Form):
    status = forms.ChoiceField(choices=[("", "全部状态")] + CaseStatus.choices, required=False)
    overdue = forms.BooleanField(required=False)


class CourtSettingsForm(forms.Form):
    plan_days = forms.IntegerField(label="制定办理方案期限（天）", min_value=1, max_value=30)
    reply_days = forms.IntegerField(label="书面答复程序性事项期限（天）", min_value=1, max_value=60)
    working_days = forms.BooleanField(label="按工作日计算（不含周六、周日）", required=False)


class TrialCaseForm(forms.Form):
    court = forms.CharField(label="法院", max_length=100)
    courtroom = forms.CharField(label="法庭", max_length=100, required=False)
    case_number = forms.CharField(label="案号", max_length=100)
    hearing_at = forms.DateTimeField(
        label="开庭时间",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    brief = forms.CharField(
        label="案情简介（随邀请发送）", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
