from django import forms

from lianluo.duty.models import ContributionCategory, PointSource
from lianluo.people.models import Person
from lianluo.submissions.forms import DATE


class ContributionForm(forms.Form):
    person = forms.ModelChoiceField(label="人员", queryset=Person.objects.none())
    category = forms.ChoiceField(label="类别", choices=ContributionCategory.choices)
    text = forms.CharField(label="内容", widget=forms.Textarea(attrs={"rows": 3}))
    date = forms.DateField(label="日期", widget=DATE, required=False)
    month_only = forms.BooleanField(label="只记得月份", required=False)
    year = forms.IntegerField(label="年度（没有日期时）", required=False, min_value=1990)
    quantity = forms.DecimalField(label="数量", required=False, min_value=0, max_digits=16)
    unit = forms.CharField(
        label="单位", max_length=10, required=False, help_text="如 元、万元、户、羽"
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(organisation=organisation).order_by(
            "name"
        )


class ContributionFilterForm(forms.Form):
    year = forms.IntegerField(
        required=False, widget=forms.NumberInput(attrs={"placeholder": "年度"})
    )
    category = forms.ChoiceField(
        choices=[("", "全部类别")] + ContributionCategory.choices, required=False
    )
    q = forms.CharField(required=False, widget=forms.TextInput(attrs={"placeholder": "姓名或内容"}))


class PointRuleForm(forms.Form):
    source = forms.ChoiceField(
        label="项目", choices=[c for c in PointSource.choices if c[0] != "adjustment"]
    )
    points = forms.DecimalField(label="分值", max_digits=6, decimal_places=1)
    cap = forms.DecimalField(
        label="年度上限", max_digits=7, decimal_places=1, required=False, help_text="空为不设上限"
    )
    effective_from = forms.DateField(label="生效日期", widget=DATE)


class AdjustmentForm(forms.Form):
    points = forms.DecimalField(label="调整分值", max_digits=6, decimal_places=1)
    reason = forms.CharField(label="理由", max_length=300)


RANK_BY = [("office", "按组织"), ("group", "按活动小组"), ("sector", "按界别")]
