"""Personas for every test: a district with two townships, and a court outside the district.

- `admin`, `leader`: the district; they read both townships.
- `staff`: township A's staff; `member`: a member of township A with an account.
- `outsider`: township B's staff; `court_staff`: the court, another tree altogether.
"""

from dataclasses import dataclass

import pytest

from lianluo.accounts.models import User
from lianluo.accounts.tests.factories import make_user
from lianluo.orgs.models import Organisation, OrganisationKind
from lianluo.orgs.tests.factories import OrganisationFactory
from lianluo.people.models import Person
from lianluo.people.tests.factories import PersonFactory


@dataclass
class World:
    district: Organisation
    town_a: Organisation
    town_b: Organisation
    court: Organisation
    person_a: Person  # a member of township A, with an account
    person_a2: Person  # another member of township A
    person_b: Person  # a member of township B
    person_court: Person
    admin: User
    leader: User
    staff: User
    member: User
    outsider: User
    court_staff: User
    handler: User


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: nothing cached by one test leaks into the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(db) -> World:
    district = OrganisationFactory(name="测试区政协", kind=OrganisationKind.CPPCC)
    town_a = OrganisationFactory(name="甲镇政协联络组", parent=district)
    town_b = OrganisationFactory(
        name="乙镇政协联络办", parent=district, kind=OrganisationKind.CPPCC_OFFICE
    )
    court = OrganisationFactory(name="测试县人民法院联络办", kind=OrganisationKind.COURT_OFFICE)
    person_a = PersonFactory(organisation=town_a, name="周建华", work_unit="甲镇建华农机合作社")
    person_a2 = PersonFactory(organisation=town_a, name="陈玉兰", work_unit="甲镇卫生院")
    person_b = PersonFactory(organisation=town_b, name="孙海涛", work_unit="乙镇物流公司")
    person_court = PersonFactory(organisation=court, name="曹国栋", roles=["deputy"])
    return World(
        district=district,
        town_a=town_a,
        town_b=town_b,
        court=court,
        person_a=person_a,
        person_a2=person_a2,
        person_b=person_b,
        person_court=person_court,
        admin=make_user("admin", organisation=district, role="admin"),
        leader=make_user("leader", organisation=district, role="leader"),
        staff=make_user("staff_a", organisation=town_a, role="staff"),
        member=make_user("member_a", organisation=town_a, role="member", person=person_a),
        outsider=make_user("staff_b", organisation=town_b, role="staff"),
        court_staff=make_user("court", organisation=court, role="staff"),
        handler=make_user("handler", organisation=district, role="handler"),
    )
