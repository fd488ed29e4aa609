import random

import factory

from lianluo.core.identity import fake_id_number, fake_mobile
from lianluo.orgs.tests.factories import OrganisationFactory
from lianluo.people.models import Person
from lianluo.people.services import person_create

_rng = random.Random(7)  # noqa: S311


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Iterator(["周建华", "刘志强", "郑国平", "陈玉兰", "吴秀英", "黄德明", "林晓燕"])
    id_number = factory.LazyFunction(lambda: fake_id_number(_rng, male=True))
    mobile = factory.LazyFunction(lambda: fake_mobile(_rng))
    work_unit = "青石镇农机合作社"

    @classmethod
    def _create(cls, model_class, *args, roles=("member",), **kwargs):
        return person_create(actor=None, roles=roles, **kwargs)
