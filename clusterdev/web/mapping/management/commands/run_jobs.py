import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from clusterdev.web.mapping.jobs import work


class Command(BaseCommand):
    help = "Execute queued mapping runs (once, or continuously with --forever)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--forever", action="store_true", help="keep polling for new runs")
        parser.add_argument("--interval", type=float, default=2.0, help="seconds between polls")

    def handle(self, *args: Any, forever: bool, interval: float, **options: Any) -> None:
        while True:
            done = work()
            if done:
                self.stdout.write(f"{done} mapping run(s) executed")
            if not forever:
                return
            time.sleep(interval)
