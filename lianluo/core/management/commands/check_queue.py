import os
import secrets
import time

from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand

from lianluo.core.tasks import PING_KEY, queue_ping


class Command(BaseCommand):
    help = "检查后台任务队列：投递一个任务，等它由工作进程（lianluo run_huey）执行"

    def add_arguments(self, parser):
        parser.add_argument("--wait", type=float, default=30, help="最多等待的秒数")

    def handle(self, *args, **options):
        if settings.HUEY.get("immediate"):
            self.stdout.write("队列为立即执行模式（测试设置），无需工作进程")
            return
        token = secrets.token_hex(8)
        started = time.monotonic()
        queue_ping(token)
        while time.monotonic() - started < options["wait"]:
            worker = cache.get(PING_KEY.format(token))
            if worker is not None:
                elapsed = time.monotonic() - started
                self.stdout.write(
                    f"队列正常：任务由工作进程 {worker} 执行（本进程 {os.getpid()}），"
                    f"用时 {elapsed:.2f} 秒"
                )
                return
            time.sleep(0.1)
        self.stderr.write(
            f"队列异常：{options['wait']:.0f} 秒内没有工作进程执行任务"
            "（lianluo run_huey 是否在运行？）"
        )
        raise SystemExit(1)
