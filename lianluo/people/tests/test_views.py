import random

import pytest
from django.urls import reverse

from lianluo.audit.models import AuditEntry
from lianluo.core.identity import fake_id_number, fake_mobile
from lianluo.core.masking import mask_id_number, mask_mobile
from lianluo.people.models import Person, PersonRole, PersonStatus, RoleKind, Sector
from lianluo.people.selectors import sector_names_in_scope
from lianluo.people.services import group_save, person_create


def test_roster_masks_personal_data(client, world):
    client.force_login(world.staff)
    page = client.get(reverse("people:roster")).content.decode()
    person = world.person_a
    assert mask_mobile(person.mobile) in page
    assert mask_id_number(person.id_number) in page
    assert person.mobile not in page
    assert person.id_number not in page


def test_person_page_masks_until_staff_ask_and_the_reveal_is_audited(client, world):
    person = world.person_a
    client.force_login(world.staff)
    page = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert person.mobile not in page and "查看完整号码" in page
    response = client.post(reverse("people:reveal", args=[person.pk]), {"field": "mobile"})
    assert person.mobile in response.content.decode()
    assert person.id_number not in response.content.decode()
    entry = AuditEntry.objects.get(action="person.revealed")
    assert entry.actor == world.staff and entry.after["field"] == "mobile"
    assert entry.ip_address == "127.0.0.1"


def test_a_leader_sees_masked_values_and_cannot_reveal(client, world):
    client.force_login(world.leader)
    page = client.get(reverse("people:detail", args=[world.person_a.pk])).content.decode()
    assert "查看完整号码" not in page
    response = client.post(
        reverse("people:reveal", args=[world.person_a.pk]), {"field": "mobile"}, follow=True
    )
    assert world.person_a.mobile not in response.content.decode()
    assert "只有本组织工作人员可以查看完整个人信息" in response.content.decode()
    assert not AuditEntry.objects.filter(action="person.revealed").exists()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("zjh", ["周建华"]),
        ("ZJH", ["周建华"]),
        ("chenyu", ["陈玉兰"]),
        ("卫生院", ["陈玉兰"]),
        ("建华", ["周建华"]),
    ],
)
def test_roster_search_by_name_pinyin_initials_and_work_unit(client, world, query, expected):
    client.force_login(world.staff)
    response = client.get(reverse("people:roster"), {"q": query})
    names = [person.name for person in response.context["page"]]
    assert names == expected


def test_roster_filters_by_role_sector_group_and_status(client, world):
    sector = Sector.objects.get(organisation=world.town_a, name="教育界")
    teacher = person_create(
        actor=world.staff,
        organisation=world.town_a,
        roles=["contact"],
        name="吴秀英",
        sector=sector,
    )
    retired = person_create(
        actor=world.staff,
        organisation=world.town_a,
        roles=["member"],
        name="蒙德华",
        status=PersonStatus.TERM_ENDED,
    )
    group = group_save(
        actor=world.staff, organisation=world.town_a, name="民生小组", members=[world.person_a2]
    )
    client.force_login(world.staff)

    def names(**params):
        return sorted(p.name for p in client.get(reverse("people:roster"), params).context["page"])

    assert names(role="contact") == [teacher.name]
    assert names(sector=sector.name) == [teacher.name]
    assert names(group=group.pk) == [world.person_a2.name]
    assert names(status="term_ended") == [retired.name]
    assert names(status="serving", role="member") == sorted(
        [world.person_a.name, world.person_a2.name]
    )


def test_the_roster_offers_each_sector_name_in_scope_once_and_the_offices_groups(client, world):
    """The sector filter lists the active names of the viewer's offices, each once, in order;
    the group filter the groups of the office shown."""
    Sector.objects.create(organisation=world.town_b, name="港澳台界")
    Sector.objects.create(organisation=world.district, name="港澳台界")
    Sector.objects.create(organisation=world.court, name="法学界")
    Sector.objects.create(organisation=world.town_a, name="特邀界", is_active=False)
    group_save(actor=world.staff, organisation=world.town_a, name="民生小组")
    group_save(actor=world.outsider, organisation=world.town_b, name="乙镇小组")

    def offered(user, field, **params):
        client.force_login(user)
        form = client.get(reverse("people:roster"), params).context["form"]
        return [label for value, label in form.fields[field].choices if value != ""]

    expected = sorted(
        {
            s.name
            for s in Sector.objects.filter(
                organisation__path__startswith=world.district.path, is_active=True
            )
        }
    )
    assert offered(world.admin, "sector") == expected
    assert expected.count("港澳台界") == 1 and "法学界" not in expected
    town_a = offered(world.staff, "sector")
    assert "港澳台界" not in town_a and "特邀界" not in town_a
    assert town_a == sorted(
        Sector.objects.filter(organisation=world.town_a, is_active=True).values_list(
            "name", flat=True
        )
    )
    assert offered(world.staff, "group") == ["民生小组"]
    assert offered(world.admin, "group", org=world.town_b.pk) == ["乙镇小组"]
    # A member reads no office's roster: nothing is offered (the scope is empty).
    assert sector_names_in_scope(viewer=world.member) == []


def _bulk_people(org, count, seed):
    rng = random.Random(seed)
    people = Person.objects.bulk_create(
        [
            Person(
                organisation=org,
                name=f"成员{seed}-{index}",
                id_number=fake_id_number(rng, male=True),
                mobile=fake_mobile(rng),
            )
            for index in range(count)
        ]
    )
    PersonRole.objects.bulk_create([PersonRole(person=p, role=RoleKind.MEMBER) for p in people])
    group = group_save(actor=None, organisation=org, name=f"小组{seed}")
    group.members.add(*people)


def test_roster_queries_do_not_grow_with_the_number_of_people(
    client, world, django_assert_max_num_queries
):
    client.force_login(world.admin)
    client.get(reverse("home:home"))  # the first request after login renews the session
    _bulk_people(world.town_a, 3, seed=1)
    # session, user, organisation, sector names, count, groups for the filter, page, roles, groups
    with django_assert_max_num_queries(9) as few:
        client.get(reverse("people:roster"))
    _bulk_people(world.town_b, 120, seed=2)
    with django_assert_max_num_queries(len(few.captured_queries)) as many:
        response = client.get(reverse("people:roster"), {"role": "member"})
    assert len(response.context["page"]) == 50
    assert len(many.captured_queries) == len(few.captured_queries)


def test_staff_add_a_person_through_the_form(client, world):
    client.force_login(world.staff)
    response = client.post(
        reverse("people:create"),
        {
            "name": "郑国平",
            "roles": ["member"],
            "status": "serving",
            "mobile": "13912345678",
            "id_number": "",
        },
    )
    person = Person.objects.get(name="郑国平")
    assert response.status_code == 302 and response.url == reverse(
        "people:detail", args=[person.pk]
    )
    assert person.organisation == world.town_a


def test_form_errors_are_shown_at_their_fields_in_chinese(client, world):
    client.force_login(world.staff)
    response = client.post(
        reverse("people:create"),
        {
            "name": "",
            "roles": [],
            "status": "serving",
            "mobile": "1234",
            "id_number": "11010519491231002A",
        },
    )
    form = response.context["form"]
    assert form.errors["name"] == ["这个字段是必填项。"]
    assert form.errors["mobile"] == ["手机号应为11位，现为4位"]
    assert form.errors["id_number"] == ["身份证号格式不正确：前17位应为数字，末位为数字或X"]
    assert not Person.objects.filter(name="").exists()


def test_editing_keeps_identifiers_when_left_empty(client, world):
    person = world.person_a
    client.force_login(world.staff)
    form_page = client.get(reverse("people:edit", args=[person.pk])).content.decode()
    assert person.mobile not in form_page and person.id_number not in form_page
    client.post(
        reverse("people:edit", args=[person.pk]),
        {
            "name": person.name,
            "roles": ["member"],
            "status": "serving",
            "mobile": "",
            "id_number": "",
            "position": "社长",
        },
    )
    person.refresh_from_db()
    assert person.position == "社长"
    assert person.mobile and person.id_number


def test_home_shows_the_figures_of_the_whole_subtree(client, world):
    group_save(actor=None, organisation=world.town_a, name="经济小组")
    group_save(actor=None, organisation=world.town_b, name="民生小组")
    client.force_login(world.leader)
    response = client.get(reverse("home:home"))
    assert "测试区政协" in response.content.decode()
    assert response_figure(response.content.decode(), "政协委员") == "3"
    assert response.context["figures"].group_count == 2
    client.force_login(world.staff)
    assert client.get(reverse("home:home")).context["figures"].group_count == 1


def response_figure(page: str, label: str) -> str:
    after = page.split(f">{label}</div>")[1]
    return after.split("</a>")[0].rsplit(">", 1)[1].strip()


def test_a_member_home_shows_their_own_record(client, world):
    client.force_login(world.member)
    page = client.get(reverse("home:home")).content.decode()
    assert "您好，周建华" in page
    assert "名册" not in page


def test_a_member_updates_their_own_contact_details_and_nothing_else(client, world):
    client.force_login(world.member)
    page = client.get(reverse("people:detail", args=[world.person_a.pk])).content.decode()
    assert "修改我的联系方式" in page
    response = client.post(
        reverse("people:own_contact"),
        {"mobile": "139 0000 1111", "work_unit": "甲镇新单位", "position": "社长", "name": "改名"},
    )
    assert response.status_code == 302
    world.person_a.refresh_from_db()
    assert (world.person_a.mobile, world.person_a.work_unit, world.person_a.name) == (
        "13900001111",
        "甲镇新单位",
        "周建华",
    )
    entry = AuditEntry.objects.filter(action="person.updated").latest("id")
    assert entry.actor == world.member and entry.after["mobile"] == "139****1111"
    bad = client.post(
        reverse("people:own_contact"), {"mobile": "123", "work_unit": "", "position": ""}
    )
    assert bad.context["form"].errors["mobile"] == ["手机号应为11位，现为3位"]


def test_accounts_without_a_person_have_no_contact_form(client, world):
    client.force_login(world.staff)
    assert client.get(reverse("people:own_contact")).status_code == 404


def test_a_new_office_starts_with_the_standard_sectors_its_staff_edit_on_its_page(client, world):
    """orgs announces a new organisation; people seeds its sectors and shows them on its page."""
    from lianluo.orgs.models import Organisation
    from lianluo.people.models import STANDARD_SECTORS

    client.force_login(world.admin)
    client.post(
        reverse("orgs:create_child", args=[world.district.pk]),
        {"name": "丙镇政协联络组", "kind": "cppcc_group"},
    )
    office = Organisation.objects.get(name="丙镇政协联络组")
    assert list(office.sectors.order_by("position").values_list("name", flat=True)) == list(
        STANDARD_SECTORS
    )
    person_create(actor=None, organisation=office, name="王立新", roles=["member"])
    client.post(reverse("people:sector_create", args=[office.pk]), {"name": "新社会阶层"})
    added = Sector.objects.get(organisation=office, name="新社会阶层")
    client.post(reverse("people:sector_toggle", args=[office.pk, added.pk]))
    added.refresh_from_db()
    assert not added.is_active
    page = client.get(reverse("orgs:detail", args=[office.pk])).content.decode()
    assert "在任人员" in page and "政协委员1名" in page and "新社会阶层" in page
    assert reverse("people:sector_create", args=[office.pk]) in page
