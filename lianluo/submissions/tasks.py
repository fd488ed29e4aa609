from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from lianluo.submissions.services import cosign_lapse_overdue


@db_periodic_task(crontab(hour="0", minute="10"))
def lapse_unconfirmed_cosignatures() -> None:
    """Every night: co-signatures not confirmed by their date lapse."""
    cosign_lapse_overdue()
