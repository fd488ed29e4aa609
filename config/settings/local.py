"""The default settings: the embedded set-up `make run` and the `lianluo` command use."""

from config.settings.base import *  # noqa: F403
