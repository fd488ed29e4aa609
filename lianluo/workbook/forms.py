from django import forms


class UploadForm(forms.Form):
    file = forms.FileField(
        label="联络工作台账（.xlsx）", widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"})
    )


class ExportForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=1949, max_value=2100)
    full = forms.BooleanField(label="包含完整身份证号和手机号（将记入审计日志）", required=False)
