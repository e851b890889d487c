"""``manage.py load_demo``: the Ecuador demo programme, loaded once (see clusterdev.web.demo)."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from clusterdev.demo import DEFAULT_ESTABLISHMENTS, DEFAULT_SEED
from clusterdev.web.demo import load_demo


class Command(BaseCommand):
    help = "Load the Ecuador demo programme; does nothing if it is already loaded."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
        parser.add_argument(
            "--establishments",
            type=int,
            default=DEFAULT_ESTABLISHMENTS,
            help="size of the establishment register (default %(default)s)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = load_demo(seed=options["seed"], establishments=options["establishments"])
        self.stdout.write(result.message)
