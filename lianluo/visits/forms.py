from django import forms

from lianluo.people.models import Person
from lianluo.submissions.forms import DATE, PersonChoiceField
from lianluo.visits.models import Cadence, VisitKind, VisitMethod


class VisitForm(forms.Form):
    date = forms.DateField(label="日期", widget=DATE)
    month_only = forms.BooleanField(label="只记得月份", required=False)
    kind = forms.ChoiceField(label="类别", choices=VisitKind.choices, initial=VisitKind.OFFICE)
    method = forms.ChoiceField(
        label="方式", choices=[("", "—")] + VisitMethod.choices, required=False
    )
    visitors = forms.CharField(label="走访人", max_length=200, required=False)
    people = PersonChoiceField(
        label="走访对象",
        queryset=Person.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    unit = forms.CharField(label="或走访单位", max_length=200, required=False)
    heard = forms.CharField(
        label="情况（听到的意见、反映的问题）",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    concern_open = forms.BooleanField(label="反映的问题需要跟进", required=False)
    follow_up = forms.CharField(
        label="后续", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = Person.objects.filter(organisation=organisation).order_by(
            "name"
        )


class VisitFilterForm(forms.Form):
    year = forms.IntegerField(
        required=False, widget=forms.NumberInput(attrs={"placeholder": "年度"})
    )
    kind = forms.ChoiceField(choices=[("", "全部类别")] + VisitKind.choices, required=False)
    method = forms.ChoiceField(choices=[("", "全部方式")] + VisitMethod.choices, required=False)
    q = forms.CharField(
        required=False, widget=forms.TextInput(attrs={"placeholder": "对象、走访人或内容"})
    )
    open_only = forms.BooleanField(required=False)


class VisitSettingsForm(forms.Form):
    cadence = forms.ChoiceField(label="走访周期", choices=Cadence.choices)
