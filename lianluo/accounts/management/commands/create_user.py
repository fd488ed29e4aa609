import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from lianluo.accounts.models import Role
from lianluo.accounts.services import user_create
from lianluo.core.errors import ApplicationError
from lianluo.orgs.selectors import org_by_name
from lianluo.people.models import Person


class Command(BaseCommand):
    help = "创建账号：create_user 用户名 --org 组织全称 --role 角色 [--person 姓名]"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--org", required=True, help="组织全称")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--person", help="对应人员的姓名（委员/代表账号必填）")
        parser.add_argument("--password-stdin", action="store_true", help="从标准输入读取密码")

    def handle(self, *args, **options):
        org = org_by_name(name=options["org"])
        if org is None:
            raise CommandError(f"组织“{options['org']}”不存在")
        person = None
        if options["person"]:
            matches = list(
                Person.objects.filter(organisation=org, name=options["person"].strip())[:2]
            )
            if not matches:
                raise CommandError(f"组织“{org.name}”中没有名为“{options['person']}”的人员")
            if len(matches) > 1:
                raise CommandError(
                    f"组织“{org.name}”中有多名“{options['person']}”，请在网页中创建账号"
                )
            person = matches[0]
        password = sys.stdin.readline().rstrip("\n") if options["password_stdin"] else None
        try:
            user = user_create(
                actor=None,
                username=options["username"],
                organisation=org,
                role=options["role"],
                person=person,
                password=password,
            )
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        self.stdout.write(f"已创建账号 {user.username}（{org.name}，{user.get_role_display()}）")
