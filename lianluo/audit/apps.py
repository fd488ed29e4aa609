from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "lianluo.audit"
    verbose_name = "审计日志"

    def ready(self) -> None:
        from lianluo.audit import receivers  # noqa: F401  (login and failed-login entries)
