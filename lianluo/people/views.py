from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from lianluo.core.access import (
    can_reveal_personal_data,
    can_write_org,
    require_org_reader,
)
from lianluo.core.errors import ApplicationError
from lianluo.core.forms import form_add_service_error
from lianluo.core.masking import mask_id_number, mask_mobile
from lianluo.core.replica import heavy_read
from lianluo.documents.xlsx import table_xlsx, xlsx_response
from lianluo.orgs.selectors import org_get
from lianluo.people.forms import (
    GroupForm,
    OwnContactForm,
    PersonForm,
    RevealForm,
    RosterFilterForm,
    SectorForm,
)
from lianluo.people.models import Gender, PersonStatus, RoleKind, Sector
from lianluo.people.selectors import (
    PeopleFilters,
    group_choices,
    group_get,
    groups_in_scope,
    people_list,
    person_get,
    roster_rows,
    sector_names_in_scope,
)
from lianluo.people.services import (
    group_save,
    person_create,
    person_reveal,
    person_update,
    person_update_own_contact,
    sector_add,
    sector_set_active,
)

ROSTER_PAGE_SIZE = 50


@login_required
def _roster_filters(request):
    """The roster's filter form and what it asks for; the page and its Excel file share it."""
    # Groups are offered for one organisation at a time: the one asked for, else the viewer's.
    requested = request.GET.get("org", "")
    org = (
        org_get(viewer=request.user, pk=int(requested))
        if requested.isdigit()
        else request.user.organisation
    )
    form = RosterFilterForm(
        request.GET or None,
        sector_names=sector_names_in_scope(viewer=request.user),
        groups=group_choices(organisation=org),
    )
    filters = PeopleFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = PeopleFilters(
            q=data["q"],
            role=data["role"],
            sector=data["sector"],
            group=data["group"],
            status=data["status"],
            organisation=org.pk if requested.isdigit() else None,
        )
    return form, filters, org


@login_required
def roster(request):
    require_org_reader(request.user)
    form, filters, org = _roster_filters(request)
    page = Paginator(people_list(viewer=request.user, filters=filters), ROSTER_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "people/roster.html", {"form": form, "page": page, "org": org})


@login_required
@heavy_read
def roster_xlsx(request):
    """名册 in Excel, with the page's filters; mobiles and ID numbers masked as on the page."""

    require_org_reader(request.user)
    _, filters, org = _roster_filters(request)
    gender, role, status = dict(Gender.choices), dict(RoleKind.choices), dict(PersonStatus.choices)
    rows = (
        [
            index,
            name,
            gender.get(sex, ""),
            "、".join(role[r] for r in roles),
            sector or "",
            work_unit,
            position,
            "、".join(groups),
            organisation,
            mask_mobile(mobile),
            mask_id_number(id_number),
            status.get(state, ""),
        ]
        for index, (
            name, sex, sector, work_unit, position, organisation, mobile, id_number, state,
            roles, groups,
        ) in enumerate(roster_rows(viewer=request.user, filters=filters), 1)
    )  # fmt: skip
    header = [
        "序号",
        "姓名",
        "性别",
        "身份",
        "界别",
        "工作单位",
        "职务",
        "活动小组",
        "组织",
        "手机",
        "身份证号",
        "状态",
    ]
    content = table_xlsx(title=f"{org.name}名册", sheet="名册", header=header, rows=rows)
    return xlsx_response(content, f"{org.name}名册.xlsx")


def _person_page(request, person, *, revealed=None):
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "revealed": revealed or {},
            "can_edit": can_write_org(request.user, person.organisation),
            "can_reveal": can_reveal_personal_data(request.user, person.organisation),
            "is_own": request.user.person_id == person.pk,
        },
    )


@login_required
def person_detail(request, pk: int):
    return _person_page(request, person_get(viewer=request.user, pk=pk))


@login_required
@require_POST
def person_reveal_view(request, pk: int):
    person = person_get(viewer=request.user, pk=pk)
    form = RevealForm(request.POST)
    if not form.is_valid():
        raise Http404
    try:
        value = person_reveal(actor=request.user, person=person, field=form.cleaned_data["field"])
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("people:detail", pk=pk)
    return _person_page(request, person, revealed={form.cleaned_data["field"]: value})


@login_required
def person_new(request):
    require_org_reader(request.user)
    requested = request.GET.get("org", "")
    org = org_get(
        viewer=request.user,
        pk=int(requested) if requested.isdigit() else request.user.organisation_id,
    )
    if not can_write_org(request.user, org):
        messages.error(request, "您没有在该组织中新增人员的权限。")
        return redirect("orgs:detail", pk=org.pk)
    form = PersonForm(request.POST or None, organisation=org)
    if request.method == "POST" and form.is_valid():
        try:
            person = person_create(
                actor=request.user,
                organisation=org,
                roles=form.cleaned_data["roles"],
                groups=form.cleaned_data["groups"],
                **form.person_fields(),
            )
        except (ApplicationError, ValidationError) as exc:
            form_add_service_error(form, exc)
        else:
            messages.success(request, f"已新增人员：{person.name}")
            return redirect("people:detail", pk=person.pk)
    return render(
        request, "people/person_form.html", {"form": form, "organisation": org, "person": None}
    )


@login_required
def person_edit(request, pk: int):
    person = person_get(viewer=request.user, pk=pk)
    if not can_write_org(request.user, person.organisation):
        raise Http404("记录不存在或无权修改")
    initial = {
        "name": person.name,
        "roles": [role.role for role in person.roles.all()],
        "gender": person.gender,
        "sector": person.sector_id,
        "term": person.term,
        "deputy_level": person.deputy_level,
        "work_unit": person.work_unit,
        "position": person.position,
        "groups": list(person.activity_groups.all()),
        "status": person.status,
        "status_since": person.status_since,
        "status_note": person.status_note,
        "note": person.note,
    }
    form = PersonForm(
        request.POST or None, initial=initial, organisation=person.organisation, person=person
    )
    if request.method == "POST" and form.is_valid():
        try:
            person_update(
                actor=request.user,
                person=person,
                roles=form.cleaned_data["roles"],
                groups=form.cleaned_data["groups"],
                **form.person_fields(),
            )
        except (ApplicationError, ValidationError) as exc:
            form_add_service_error(form, exc)
        else:
            messages.success(request, "已保存。")
            return redirect("people:detail", pk=person.pk)
    return render(
        request,
        "people/person_form.html",
        {"form": form, "organisation": person.organisation, "person": person},
    )


@login_required
def group_list(request):
    require_org_reader(request.user)
    groups = (
        groups_in_scope(viewer=request.user).select_related("leader").prefetch_related("members")
    )
    return render(
        request,
        "people/group_list.html",
        {
            "groups": groups.order_by("organisation__path", "name"),
            "can_add": can_write_org(request.user, request.user.organisation),
        },
    )


def _group_form_page(request, *, organisation, group=None):
    initial = {}
    if group is not None:
        initial = {
            "name": group.name,
            "leader": group.leader_id,
            "members": list(group.members.all()),
            "description": group.description,
        }
    form = GroupForm(request.POST or None, initial=initial, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            group = group_save(
                actor=request.user, organisation=organisation, group=group, **form.cleaned_data
            )
        except (ApplicationError, ValidationError) as exc:
            form_add_service_error(form, exc)
        else:
            messages.success(request, f"已保存活动小组：{group.name}")
            return redirect("people:groups")
    return render(
        request,
        "people/group_form.html",
        {"form": form, "group": group, "organisation": organisation},
    )


@login_required
def group_new(request):
    require_org_reader(request.user)
    org = request.user.organisation
    if not can_write_org(request.user, org):
        raise Http404("无权新建活动小组")
    return _group_form_page(request, organisation=org)


@login_required
def group_edit(request, pk: int):
    group = group_get(viewer=request.user, pk=pk)
    if not can_write_org(request.user, group.organisation):
        raise Http404("记录不存在或无权修改")
    return _group_form_page(request, organisation=group.organisation, group=group)


@login_required
def own_contact_edit(request):
    if not request.user.person_id:
        raise Http404("账号未绑定人员信息")
    person = person_get(viewer=request.user, pk=request.user.person_id)
    initial = {"mobile": person.mobile, "work_unit": person.work_unit, "position": person.position}
    form = OwnContactForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            person_update_own_contact(actor=request.user, **form.cleaned_data)
        except (ApplicationError, ValidationError) as exc:
            form_add_service_error(form, exc)
        else:
            messages.success(request, "联系方式已更新。")
            return redirect("people:detail", pk=person.pk)
    return render(request, "people/own_contact_form.html", {"form": form, "person": person})


# An organisation's sectors, edited on its page (people/panels.py).


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
