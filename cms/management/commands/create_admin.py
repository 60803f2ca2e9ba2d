"""Create the first administrator account, with a generated password shown only once.

The password is never stored in clear nor printed again: when the account exists, the command
says so and explains how to set a new password.
"""

import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = "Creates an administrator account with a generated password, unless it exists."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin", help="Account name (default: admin).")
        parser.add_argument("--email", default="admin@example.org", help="Account email.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Say whether the account would be created."
        )

    def handle(self, *args, username, email, dry_run=False, **options):
        User = get_user_model()
        if User.objects.filter(**{User.USERNAME_FIELD: username}).exists():
            self.stdout.write(
                _(
                    "The administrator account “%(username)s” exists. Its password was shown when "
                    "it was created; to set a new one: python manage.py changepassword %(username)s"
                )
                % {"username": username}
            )
            return
        if dry_run:
            self.stdout.write(
                _("[dry run] Would create the account “%(username)s”.") % {"username": username}
            )
            return

        password = secrets.token_urlsafe(12)
        with transaction.atomic():
            User.objects.create_superuser(username=username, email=email, password=password)
        self.stdout.write(
            self.style.SUCCESS(_("Administrator account created (shown only this once):"))
        )
        self.stdout.write(_("  username: %(username)s") % {"username": username})
        self.stdout.write(_("  password: %(password)s") % {"password": password})
