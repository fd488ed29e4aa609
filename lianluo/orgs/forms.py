from django import forms

from lianluo.orgs.models import OrganisationKind


class OrganisationForm(forms.Form):
    name = forms.CharField(label="名称", max_length=100)
    kind = forms.ChoiceField(label="类型", choices=OrganisationKind.choices)
    region = forms.CharField(label="所在地区", max_length=100, required=False)
    address = forms.CharField(label="办公地址", max_length=200, required=False)
    phone = forms.CharField(label="联系电话", max_length=30, required=False)
    description = forms.CharField(
        label="简介", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
