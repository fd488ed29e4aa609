"""What an organisation's creation tells the apps above orgs (people seeds its standard sectors),
so that orgs imports none of them."""

from django.dispatch import Signal

# Sent by orgs.services.org_create inside its transaction, with `organisation`.
organisation_created = Signal()
