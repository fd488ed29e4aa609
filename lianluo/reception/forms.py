from django import forms

from lianluo.activities.models import Activity
from lianluo.people.models import Person, RoleKind
from lianluo.reception.models import TravelMode
from lianluo.reception.services import MESSAGE_TEMPLATES
from lianluo.submissions.forms import DATE

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class EventForm(forms.Form):
    name = forms.CharField(label="活动名称", max_length=200)
    starts_on = forms.DateField(label="开始日期", widget=DATE)
    ends_on = forms.DateField(label="结束日期", widget=DATE)
    place = forms.CharField(label="地点", max_length=200, required=False)
    activities = forms.ModelMultipleChoiceField(
        label="日程（本组织的活动）", queryset=Activity.objects.none(), required=False
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activities"].queryset = Activity.objects.filter(
            organisation=organisation
        ).order_by("-date")


class GuestForm(forms.Form):
    person = forms.ModelChoiceField(label="嘉宾", queryset=Person.objects.none())
    title = forms.CharField(label="单位职务", max_length=200, required=False)
    volunteer = forms.ModelChoiceField(
        label="联络员（志愿者）", queryset=Person.objects.none(), required=False
    )
    entourage = forms.CharField(label="随行人员", required=False, help_text="多人用顿号分隔")
    lodging = forms.CharField(
        label="住宿", max_length=200, required=False, help_text="如 国际酒店 1208 两晚"
    )
    note = forms.CharField(label="备注", max_length=300, required=False)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        people = Person.objects.filter(organisation=organisation).order_by("name")
        self.fields["person"].queryset = people.filter(roles__role=RoleKind.GUEST).distinct()
        self.fields["volunteer"].queryset = people.filter(roles__role=RoleKind.VOLUNTEER).distinct()


class LegForm(forms.Form):
    mode = forms.ChoiceField(label="交通方式", choices=TravelMode.choices)
    number = forms.CharField(label="班次", max_length=30, required=False)
    origin = forms.CharField(label="出发地", max_length=100, required=False)
    station = forms.CharField(label="到达站点", max_length=100, required=False)
    planned_at = forms.DateTimeField(label="计划抵达", widget=DATETIME)
    car = forms.CharField(label="车辆", max_length=50, required=False)
    driver = forms.CharField(label="驾驶员", max_length=50, required=False)


class DelayForm(forms.Form):
    number = forms.CharField(label="航班号或车次", max_length=30)
    expected_at = forms.DateTimeField(label="新的预计抵达", widget=DATETIME)
    note = forms.CharField(label="说明", max_length=200, required=False)


class MessageForm(forms.Form):
    template = forms.ChoiceField(
        label="模板", choices=[(key, subject) for key, (subject, _) in MESSAGE_TEMPLATES.items()]
    )
    text = forms.CharField(
        label="内容（日程变更、通知时填写）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
