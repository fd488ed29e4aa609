import time

from django.core.management.base import BaseCommand, CommandError

from lianluo.demo.province import generate_scale


class Command(BaseCommand):
    help = "生成省级规模的测试数据（用于性能基准）：组织树、人员（有效身份证号和手机号）"

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, required=True)
        parser.add_argument("--activities", type=int, default=0)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, **options):
        started = time.perf_counter()
        try:
            ctx = generate_scale(
                members=options["members"], activities=options["activities"], seed=options["seed"]
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        for note in ctx.notes:
            self.stderr.write(note)
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"townships {len(ctx.townships)}, people {len(ctx.people_ids)}, {seconds:.1f} s"
        )
