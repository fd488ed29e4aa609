from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render

from lianluo.core.access import can_manage_orgs, can_write_org, is_org_reader
from lianluo.core.errors import ApplicationError
from lianluo.core.forms import form_add_service_error
from lianluo.core.home import ORG_PANELS, gathered
from lianluo.orgs.forms import OrganisationForm
from lianluo.orgs.selectors import org_children_with_counts, org_get, org_scope
from lianluo.orgs.services import ORG_FIELDS, org_create, org_update


@login_required
def org_list(request):
    return render(request, "orgs/org_list.html", {"orgs": org_scope(viewer=request.user)})


@login_required
def org_detail(request, pk: int):
    org = org_get(viewer=request.user, pk=pk)
    reader = is_org_reader(request.user)
    context = {
        "org": org,
        "can_edit": can_write_org(request.user, org),
        "can_add_child": can_manage_orgs(request.user),
    }
    context["reader"] = reader
    if reader:
        context["children"] = org_children_with_counts(org=org)
    context["panels"] = gathered(ORG_PANELS, org, request.user)
    return render(request, "orgs/org_detail.html", context)


@login_required
def org_edit(request, pk: int):
    org = org_get(viewer=request.user, pk=pk)
    if not can_write_org(request.user, org):
        raise Http404("记录不存在或无权修改")
    form = OrganisationForm(
        request.POST or None, initial={field: getattr(org, field) for field in ORG_FIELDS}
    )
    if request.method == "POST" and form.is_valid():
        try:
            org_update(actor=request.user, org=org, **form.cleaned_data)
        except (ApplicationError, ValidationError) as exc:
            form_add_service_error(form, exc)
        else:
            messages.success(request, "已保存。")
            return redirect("orgs:detail", pk=org.pk)
    return render(request, "orgs/org_form.html", {"form": form, "org": org, "parent": org.parent})


@login_required
def org_new_child(request, pk: int):
    parent = org_get(viewer=request.user, pk=pk)
    if not (can_manage_orgs(request.user) and can_write_org(request.user, parent)):
        raise Http404("无权新建下级组织")
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            org = org_create(actor=request.user, parent=parent, **form.cleaned_data)
        except (ApplicationError, ValidationError) as exc:
            form_add_service_error(form, exc)
        else:
            messages.success(request, f"已新建组织：{org.name}")
            return redirect("orgs:detail", pk=org.pk)
    return render(request, "orgs/org_form.html", {"form": form, "org": None, "parent": parent})
