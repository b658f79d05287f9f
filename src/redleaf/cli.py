"""The `redleaf` command: serve, worker, seed, bench, and every Django management command."""

from __future__ import annotations

import os
import sys


def operator_language(environ=os.environ) -> str:
    """The language the operator's terminal asks for (LANGUAGE, LC_ALL, LC_MESSAGES, LANG, as gettext
    reads them): Chinese for zh*, English otherwise. The site's own default is for members, not this."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value and value not in ("C", "POSIX") and not value.startswith(("C.", "POSIX.")):
            return "zh-hans" if value.lower().startswith("zh") else "en"
    return "en"


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "redleaf.settings")
    import django
    from django.core.management import execute_from_command_line
    from django.utils import translation

    django.setup()
    translation.activate(operator_language())
    execute_from_command_line(list(sys.argv))


if __name__ == "__main__":
    main()
