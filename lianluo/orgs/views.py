from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from lianluo.core.access import can_manage_orgs, can_write_org, is_org_reader
from lianluo.core.errors import ApplicationError
from lianluo.core.forms import form_add_service_error
from lianluo.orgs.forms import OrganisationForm
from lianluo.orgs.selectors import org_children_with_counts, org_get, org_scope
from lianluo.orgs.services import ORG_FIELDS, org_create, org_update
from lianluo.people.forms import SectorForm
from lianluo.people.models import Sector
from lianluo.people.selectors import groups_of_org, role_counts, sectors_for
from lianluo.people.services import sector_add, sector_set_active


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
    if reader:
        subtree = org_scope(viewer=request.user).filter(path__startswith=org.path)
        context.update(
            children=org_children_with_counts(org=org),
            role_counts=role_counts(organisations=subtree),
            groups=groups_of_org(organisation=org),
            sectors=sectors_for(organisation=org, active_only=False),
            sector_form=SectorForm(),
        )
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


@login_required
@require_POST
def sector_new(request, pk: int):
    org = org_get(viewer=request.user, pk=pk)
    form = SectorForm(request.POST)
    if form.is_valid():
        try:
            sector_add(actor=request.user, organisation=org, name=form.cleaned_data["name"])
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        except ApplicationError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, "请填写界别名称。")
    return redirect("orgs:detail", pk=org.pk)


@login_required
@require_POST
def sector_toggle(request, pk: int, sector_pk: int):
    org = org_get(viewer=request.user, pk=pk)
    sector = Sector.objects.filter(organisation=org, pk=sector_pk).first()
    if sector is None:
        raise Http404
    try:
        sector_set_active(actor=request.user, sector=sector, is_active=not sector.is_active)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("orgs:detail", pk=org.pk)
