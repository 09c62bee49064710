"""The `masthead` console script: Django's management commands under one name.

`masthead moderate-file` is dispatched without setting up Django, so the batch moderation
contract holds on a machine with no database.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "moderate-file":
        from masthead.moderation.core.cli import main as moderate_file

        return moderate_file(args[1:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:  # a bad environment value: one line naming the variable, exit 1, no traceback
        settings.INSTALLED_APPS  # noqa: B018 (loads the settings module)
    except ImproperlyConfigured as exc:
        print(f"masthead: error: {exc}", file=sys.stderr)
        return 1

    execute_from_command_line(["masthead", *args])
    return 0


if __name__ == "__main__":
    sys.exit(main())
