from django import forms

from lianluo.people.models import Person
from lianluo.rectification.models import RectificationStatus
from lianluo.submissions.forms import DATE, PersonChoiceField


class RectificationForm(forms.Form):
    source_text = forms.CharField(
        label="来源", max_length=100, required=False, help_text="活动编号，或如“座谈会”“走访”"
    )
    opinion = forms.CharField(label="意见", widget=forms.Textarea(attrs={"rows": 3}))
    raised_by = PersonChoiceField(label="提出人", queryset=Person.objects.none(), required=False)
    measure = forms.CharField(
        label="整改措施", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    owner = forms.CharField(label="责任部门", max_length=100, required=False)
    deadline = forms.DateField(label="期限", widget=DATE, required=False)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["raised_by"].queryset = Person.objects.filter(
            organisation=organisation
        ).order_by("name")


class RectificationFilterForm(forms.Form):
    status = forms.ChoiceField(
        choices=[("", "全部状态")] + RectificationStatus.choices, required=False
    )
    overdue = forms.BooleanField(required=False)
