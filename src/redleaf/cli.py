"""The `redleaf` command: serve, worker, seed, bench, and every Django management command."""

from __future__ import annotations

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "redleaf.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv)
    if len(argv) > 1 and argv[1] == "worker":
        argv[1] = "db_worker"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
