import math

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone

from lianluo.accounts.models import Role
from lianluo.accounts.services import login_locked_until, login_record_locked_attempt
from lianluo.audit.middleware import client_ip
from lianluo.orgs.selectors import org_scope
from lianluo.people.selectors import people_scope


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码不正确。",
        "inactive": "该账号已停用。",
    }

    def clean(self):
        username = self.cleaned_data.get("username")
        if username:
            address = client_ip(self.request) if self.request else None
            until = login_locked_until(username=username, address=address)
            if until is not None:
                login_record_locked_attempt(username=username)
                minutes = max(1, math.ceil((until - timezone.now()).total_seconds() / 60))
                raise forms.ValidationError(
                    f"登录失败次数过多，账号已锁定，请{minutes}分钟后再试。", code="locked"
                )
        return super().clean()


class UserCreateForm(forms.Form):
    username = forms.CharField(label="用户名", max_length=150)
    organisation = forms.ModelChoiceField(label="所属组织", queryset=None)
    role = forms.ChoiceField(label="角色")
    person = forms.ModelChoiceField(
        label="对应人员",
        queryset=None,
        required=False,
        help_text="委员/代表账号必须对应名册中的一名人员。",
    )
    password = forms.CharField(label="初始密码", widget=forms.PasswordInput)

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = org_scope(viewer=viewer)
        self.fields["role"].choices = Role.choices
        self.fields["person"].queryset = people_scope(viewer=viewer).select_related("organisation")
