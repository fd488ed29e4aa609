from django.core.management.base import BaseCommand, CommandError

from lianluo.audit.services import audit_purge
from lianluo.core.errors import ApplicationError


class Command(BaseCommand):
    help = "删除早于指定天数的审计记录（不少于保存期限：默认365天，至少184天）"

    def add_arguments(self, parser):
        parser.add_argument("--older-than-days", type=int, required=True)

    def handle(self, *args, **options):
        try:
            deleted = audit_purge(actor=None, older_than_days=options["older_than_days"])
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"已删除 {deleted} 条审计记录")
