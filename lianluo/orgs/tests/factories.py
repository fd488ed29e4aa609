import factory

from lianluo.orgs.models import Organisation, OrganisationKind
from lianluo.orgs.services import org_create


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"测试{n}镇政协联络组")
    kind = OrganisationKind.CPPCC_GROUP
    parent = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # The tree path is set by the service, exactly as in the application.
        return org_create(actor=None, **kwargs)
