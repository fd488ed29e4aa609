"""The worker loads every app's tasks module: the outbox's task is defined beside its service."""

from lianluo.notifications.services import deliver_message

__all__ = ["deliver_message"]
