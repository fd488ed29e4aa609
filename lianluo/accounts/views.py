from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse_lazy

from lianluo.accounts.forms import LoginForm, UserCreateForm
from lianluo.accounts.models import ApiToken
from lianluo.accounts.selectors import users_in_scope
from lianluo.accounts.services import password_change_record, user_create
from lianluo.accounts.tokens import token_issue, token_revoke, tokens_of
from lianluo.core.access import can_manage_orgs
from lianluo.core.errors import ApplicationError
from lianluo.core.forms import form_add_service_error


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("home:home")

    def form_valid(self, form):
        response = super().form_valid(form)
        password_change_record(user=self.request.user)
        messages.success(self.request, "密码已修改。")
        return response


@login_required
def user_list(request):
    if not can_manage_orgs(request.user):
        raise PermissionDenied
    return render(
        request, "accounts/user_list.html", {"users": users_in_scope(viewer=request.user)}
    )


@login_required
def user_new(request):
    if not can_manage_orgs(request.user):
        raise PermissionDenied
    form = UserCreateForm(request.POST or None, viewer=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = user_create(
                actor=request.user,
                username=data["username"],
                organisation=data["organisation"],
                role=data["role"],
                person=data["person"],
                password=data["password"],
            )
        except (ApplicationError, ValidationError) as exc:
            form_add_service_error(form, exc)
        else:
            messages.success(request, f"已创建账号 {user.username}。")
            return redirect("accounts:users")
    return render(request, "accounts/user_form.html", {"form": form})


@login_required
def token_list(request):
    """接口令牌: the account's own tokens for a phone app or a script; the secret is shown once."""
    created = None
    if request.method == "POST":
        try:
            if request.POST.get("revoke", "").isdigit():
                token = ApiToken.objects.filter(
                    user=request.user, pk=int(request.POST["revoke"])
                ).first()
                if token is not None:
                    token_revoke(actor=request.user, token=token)
                    messages.success(request, f"令牌 {token.prefix}… 已撤销。")
                return redirect("accounts:tokens")
            _, created = token_issue(
                actor=request.user, user=request.user, name=request.POST.get("name", "")
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
    return render(
        request,
        "accounts/tokens.html",
        {"tokens": tokens_of(request.user), "created": created},
    )
