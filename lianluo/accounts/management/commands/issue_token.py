from django.core.management.base import BaseCommand, CommandError

from lianluo.accounts.models import User
from lianluo.accounts.tokens import token_issue
from lianluo.core.errors import ApplicationError


class Command(BaseCommand):
    help = "为账号签发接口令牌（Authorization: Bearer <令牌>），只输出令牌本身"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="命令行签发", help="令牌用途")

    def handle(self, *args, **options):
        user = User.objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(f"账号“{options['username']}”不存在或已停用")
        try:
            _, raw = token_issue(actor=None, user=user, name=options["name"])
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(raw)
