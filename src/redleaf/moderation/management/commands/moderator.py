"""`redleaf moderator add <username> --languages zh,en`, `redleaf moderator remove <username>`,
`redleaf moderator list`: who reviews, and in which languages."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from redleaf.accounts.models import User
from redleaf.core.errors import RedleafError
from redleaf.moderation import services
from redleaf.moderation.models import Moderator


class Command(BaseCommand):
    help = "Grant or remove the moderator role, and list moderators."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="Make a member a moderator for the languages they read.")
        add.add_argument("username")
        add.add_argument("--languages", required=True,
                         help=f"Comma-separated, from: {', '.join(settings.LANGUAGES_SERVED)} (e.g. zh,en).")
        remove = sub.add_parser("remove", help="Take the moderator role away.")
        remove.add_argument("username")
        sub.add_parser("list", help="List moderators and their languages.")

    def handle(self, *args, **options):
        action = options["action"]
        if action == "list":
            for mod in Moderator.objects.filter(is_active=True).select_related("user").order_by("user__username"):
                self.stdout.write(f"{mod.user.username}\t{','.join(mod.languages)}")
            return
        user = User.objects.filter(username__iexact=options["username"]).first()
        if user is None:
            raise CommandError(_("No member is called %(name)s.") % {"name": options["username"]})
        try:
            if action == "add":
                mod = services.moderator_add(user=user, languages=options["languages"].split(","))
                self.stdout.write(_("%(name)s is a moderator for: %(langs)s")
                                  % {"name": user.username, "langs": ", ".join(mod.languages)})
            elif services.moderator_remove(user=user):
                self.stdout.write(_("%(name)s is no longer a moderator.") % {"name": user.username})
            else:
                self.stdout.write(_("%(name)s was not a moderator.") % {"name": user.username})
        except RedleafError as exc:
            raise CommandError(str(exc.message)) from exc
