"""The queue's own health check: a task that answers through the cache (`lianluo check_queue`)."""

import os

from django.core.cache import cache
from huey.contrib.djhuey import task

PING_KEY = "lianluo:queue-ping:{}"


@task()
def queue_ping(token: str) -> None:
    """Run by a worker: leave its process id where the asker looks."""
    cache.set(PING_KEY.format(token), os.getpid(), timeout=300)
