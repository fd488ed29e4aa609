from django.apps import AppConfig


class SubmissionsConfig(AppConfig):
    name = "lianluo.submissions"
    verbose_name = "提案建议与整改"

    def ready(self) -> None:
        from lianluo.core.demo import DEMO_EXTENSIONS
        from lianluo.submissions.demo import demo_submissions

        if demo_submissions not in DEMO_EXTENSIONS:
            DEMO_EXTENSIONS.append(demo_submissions)
