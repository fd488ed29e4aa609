from django import forms
from django.utils import timezone

from lianluo.activities.models import ActivityKind, AttendanceStatus
from lianluo.core.dates import DateParseError, parse_partial_date
from lianluo.people.models import ActivityGroup, Person, PersonStatus, RoleKind
from lianluo.workbook.cells import cell_list


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=ActivityKind.choices)
    subject = forms.CharField(label="主题", max_length=300)
    when = forms.CharField(
        label="日期",
        max_length=30,
        help_text="如 2024-07-05、7月5日；只知道月份时写 2024-07 或 7月份，总结中将只写月份。",
    )
    year = forms.IntegerField(
        label="所属年度",
        required=False,
        min_value=1949,
        help_text="留空即日期所在年份；如12月的活动计入下一年的工作总结和统计，填下一年。",
    )
    place = forms.CharField(label="地点", max_length=200, required=False)
    partners = forms.CharField(
        label="合办单位", max_length=300, required=False, help_text="多个单位用顿号分隔"
    )
    mandatory = forms.BooleanField(
        label="必须参加（未请假又未出席的计为缺席）", required=False, initial=True
    )
    starts_at = forms.DateTimeField(
        label="开始时间",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="填写后可扫码签到（开始前后一段时间内）、向委员发送提醒。",
    )
    ends_at = forms.DateTimeField(
        label="结束时间",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    answer_deadline = forms.DateTimeField(
        label="答复截止",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="委员答复是否参加、请假的截止时间；不填则到开始时间为止。",
    )
    headcount = forms.IntegerField(label="参加人数（未记名单时填写）", min_value=0, required=False)
    person_times = forms.IntegerField(label="人次", min_value=0, required=False)
    suggestions_count = forms.IntegerField(label="收集意见建议（条）", min_value=0, required=False)
    outcome = forms.CharField(
        label="成果", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    note = forms.CharField(label="备注", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_when(self):
        try:
            date = parse_partial_date(
                self.cleaned_data["when"], default_year=timezone.localdate().year
            )
        except DateParseError as exc:
            raise forms.ValidationError(str(exc)) from exc
        if date is None:
            raise forms.ValidationError("请填写日期")
        return date

    def clean(self):
        data = super().clean()
        starts, ends, deadline = (data.get(k) for k in ("starts_at", "ends_at", "answer_deadline"))
        when = data.get("when")
        if starts and when and not when.is_month_only:
            if timezone.localtime(starts).date() != when.first_day():
                self.add_error("starts_at", "开始时间应在活动日期当天")
        if starts and ends and ends < starts:
            self.add_error("ends_at", "结束时间不能早于开始时间")
        if (ends or deadline) and not starts:
            self.add_error("starts_at", "填写结束时间或答复截止时，请同时填写开始时间")
        if starts and deadline and deadline > starts:
            self.add_error("answer_deadline", "答复截止不能晚于开始时间")
        return data

    def activity_fields(self) -> dict:
        data = dict(self.cleaned_data)
        date = data.pop("when")
        data["date"] = date.first_day()
        data["date_precision"] = "month" if date.is_month_only else "day"
        data["partners"] = cell_list(data["partners"])
        return data


class InviteForm(forms.Form):
    everyone = forms.BooleanField(label="本组织全部在任人员", required=False)
    roles = forms.MultipleChoiceField(
        label="按身份",
        choices=RoleKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    groups = forms.ModelMultipleChoiceField(
        label="按活动小组",
        queryset=ActivityGroup.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sectors = forms.MultipleChoiceField(
        label="按界别", choices=(), required=False, widget=forms.CheckboxSelectMultiple
    )
    people = forms.ModelMultipleChoiceField(
        label="按人员",
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.serving = Person.objects.filter(organisation=organisation, status=PersonStatus.SERVING)
        self.fields["groups"].queryset = ActivityGroup.objects.filter(organisation=organisation)
        sectors = (
            self.serving.exclude(sector=None).values_list("sector__name", flat=True).distinct()
        )
        self.fields["sectors"].choices = [(name, name) for name in sorted(sectors)]
        self.fields["people"].queryset = self.serving.order_by("name_pinyin")

    def chosen_people(self):
        data = self.cleaned_data
        if data["everyone"]:
            return list(self.serving)
        chosen = self.serving.none()
        if data["roles"]:
            chosen = chosen | self.serving.filter(roles__role__in=data["roles"])
        if data["groups"]:
            chosen = chosen | self.serving.filter(activity_groups__in=data["groups"])
        if data["sectors"]:
            chosen = chosen | self.serving.filter(sector__name__in=data["sectors"])
        people = {person.pk: person for person in chosen.distinct()}
        people.update({person.pk: person for person in data["people"]})
        return list(people.values())


ATTENDANCE_CHOICES = [(value, label) for value, label in AttendanceStatus.choices]


class ListFilterForm(forms.Form):
    year = forms.IntegerField(label="年度", required=False, min_value=1949, max_value=2100)
    kind = forms.ChoiceField(
        label="类型", required=False, choices=[("", "全部类型"), *ActivityKind.choices]
    )


class DisciplineForm(forms.Form):
    as_of = forms.DateField(
        label="截至日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
