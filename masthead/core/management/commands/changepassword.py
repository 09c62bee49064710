"""Django's `changepassword`, refusing a database that was never migrated in one line (exit 1)
instead of an OperationalError traceback ('no such table: auth_user').

It takes the place of django.contrib.auth's command because masthead.core comes before
django.contrib.auth in INSTALLED_APPS (the first app with a command of that name wins).
"""

from __future__ import annotations

from django.contrib.auth.management.commands import changepassword

from masthead.core.commands import DatabaseCheckedCommand


class Command(DatabaseCheckedCommand, changepassword.Command):
    error_prefix = "changepassword: error: "
