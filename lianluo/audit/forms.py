from django import forms

from lianluo.audit.actions import ACTION_LABELS


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(
        label="操作", required=False, choices=[("", "全部操作"), *ACTION_LABELS.items()]
    )
    username = forms.CharField(label="账号", required=False)
    date_from = forms.DateField(
        label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
