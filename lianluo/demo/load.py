"""Loading the demo: the district, its offices and people (base), then each capability's records
in the order the records depend on one another (activities before the submissions raised at them,
everything before the documents that report on it)."""

import random

from django.db import transaction

from lianluo.demo.activities import demo_activities
from lianluo.demo.base import DemoContext, demo_base
from lianluo.demo.court import demo_court
from lianluo.demo.duty import demo_duty
from lianluo.demo.reception import demo_reception
from lianluo.demo.reports import demo_documents
from lianluo.demo.submissions import demo_submissions
from lianluo.demo.visits import demo_visits

DEMO_STEPS = (
    demo_activities,
    demo_submissions,
    demo_visits,
    demo_duty,
    demo_court,
    demo_reception,
    demo_documents,
)


@transaction.atomic
def demo_load(*, seed: int = 2024) -> DemoContext:
    ctx = DemoContext(rng=random.Random(seed))  # noqa: S311 (synthetic data, not security)
    demo_base(ctx)
    for step in DEMO_STEPS:
        step(ctx)
    return ctx
