from django.core.management.base import BaseCommand

from lianluo.demo.base import DEMO_PASSWORD, demo_accounts, demo_is_loaded
from lianluo.demo.load import demo_load
from lianluo.orgs.models import Organisation


class Command(BaseCommand):
    help = "载入演示数据（一个区政协、两个镇联络组/办、一个县法院联络办及各角色账号）"

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="只在数据库中没有任何组织时载入"
        )

    def handle(self, *args, **options):
        if demo_is_loaded():
            self.stdout.write("演示数据已存在。")
        elif options["if_empty"] and Organisation.objects.exists():
            self.stdout.write("数据库已有数据，未载入演示数据。")
            return
        else:
            demo_load()
            self.stdout.write(self.style.SUCCESS("演示数据已载入。"))
        self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
        for account in demo_accounts():
            self.stdout.write(
                f"  {account.username:<12} {account.get_role_display():<6} {account.organisation}"
            )
