from django import forms

from lianluo.core.validators import (
    id_number_problem,
    mobile_problem,
    normalize_id_number,
    normalize_mobile,
)
from lianluo.people.models import (
    ActivityGroup,
    DeputyLevel,
    Gender,
    Person,
    PersonStatus,
    RoleKind,
    Sector,
)


class RosterFilterForm(forms.Form):
    q = forms.CharField(
        label="搜索",
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "姓名、拼音首字母或工作单位"}),
    )
    role = forms.ChoiceField(
        label="身份", required=False, choices=[("", "全部身份"), *RoleKind.choices]
    )
    sector = forms.ChoiceField(label="界别", required=False, choices=())
    group = forms.TypedChoiceField(label="活动小组", required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(
        label="状态", required=False, choices=[("", "全部状态"), *PersonStatus.choices]
    )

    org = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, sector_names, groups, **kwargs):
        """`groups`: (id, name) of the groups offered, read once for the check and the page."""
        super().__init__(*args, **kwargs)
        self.fields["sector"].choices = [("", "全部界别"), *((name, name) for name in sector_names)]
        self.fields["group"].choices = [("", "全部小组"), *groups]


class PersonForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=50)
    roles = forms.MultipleChoiceField(
        label="身份", choices=RoleKind.choices, widget=forms.CheckboxSelectMultiple
    )
    gender = forms.ChoiceField(label="性别", required=False, choices=[("", "—"), *Gender.choices])
    sector = forms.ModelChoiceField(label="界别", required=False, queryset=Sector.objects.none())
    term = forms.CharField(label="届次", required=False, max_length=30)
    deputy_level = forms.ChoiceField(
        label="代表层级", required=False, choices=[("", "—"), *DeputyLevel.choices]
    )
    work_unit = forms.CharField(label="工作单位", required=False, max_length=200)
    position = forms.CharField(label="职务", required=False, max_length=200)
    mobile = forms.CharField(label="手机", required=False, max_length=20)
    id_number = forms.CharField(label="身份证号", required=False, max_length=30)
    groups = forms.ModelMultipleChoiceField(
        label="活动小组",
        required=False,
        queryset=ActivityGroup.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    status = forms.ChoiceField(
        label="状态", choices=PersonStatus.choices, initial=PersonStatus.SERVING
    )
    status_since = forms.DateField(
        label="状态起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    status_note = forms.CharField(label="状态说明", required=False, max_length=200)
    note = forms.CharField(label="备注", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, organisation, person: Person | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        self.fields["sector"].queryset = Sector.objects.filter(
            organisation=organisation, is_active=True
        )
        self.fields["groups"].queryset = ActivityGroup.objects.filter(organisation=organisation)
        if person is not None:
            # Editing: identifiers are never sent to the browser in full; empty keeps the value.
            for field in ("mobile", "id_number"):
                self.fields[field].help_text = "留空表示不修改" if getattr(person, field) else ""

    def clean_id_number(self):
        value = normalize_id_number(self.cleaned_data["id_number"])
        if value:
            problem = id_number_problem(value)
            if problem:
                raise forms.ValidationError(problem)
        return value

    def clean_mobile(self):
        value = normalize_mobile(self.cleaned_data["mobile"])
        if value:
            problem = mobile_problem(value)
            if problem:
                raise forms.ValidationError(problem)
        return value

    def person_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("roles")
        data.pop("groups")
        if self.person is not None:
            for field in ("mobile", "id_number"):
                if not data[field]:
                    data.pop(field)
        return data


class RevealForm(forms.Form):
    field = forms.ChoiceField(choices=[("id_number", "身份证号"), ("mobile", "手机")])


class GroupForm(forms.Form):
    name = forms.CharField(label="小组名称", max_length=100)
    leader = forms.ModelChoiceField(label="组长", required=False, queryset=Person.objects.none())
    members = forms.ModelMultipleChoiceField(
        label="成员",
        required=False,
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    description = forms.CharField(
        label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        people = Person.objects.filter(
            organisation=organisation, status=PersonStatus.SERVING
        ).order_by("name")
        self.fields["leader"].queryset = people
        self.fields["members"].queryset = people


class SectorForm(forms.Form):
    name = forms.CharField(label="新增界别", max_length=50)


class OwnContactForm(forms.Form):
    mobile = forms.CharField(label="手机", required=False, max_length=20)
    work_unit = forms.CharField(label="工作单位", required=False, max_length=200)
    position = forms.CharField(label="职务", required=False, max_length=200)

    def clean_mobile(self):
        value = normalize_mobile(self.cleaned_data["mobile"])
        if value and (problem := mobile_problem(value)):
            raise forms.ValidationError(problem)
        return value
