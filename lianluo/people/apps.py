from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "lianluo.people"
    verbose_name = "人员"

    def ready(self) -> None:
        from lianluo.core.home import ORG_PANELS, register
        from lianluo.orgs.signals import organisation_created
        from lianluo.people.panels import organisation_people
        from lianluo.people.services import sector_seed_defaults

        register(ORG_PANELS, organisation_people)
        # Every organisation made through org_create starts with the standard list of sectors.
        organisation_created.connect(
            lambda sender, organisation, **kwargs: sector_seed_defaults(organisation=organisation),
            weak=False,
            dispatch_uid="people.sector_seed_defaults",
        )
