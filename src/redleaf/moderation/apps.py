from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _install_defaults(sender, using="default", **kwargs):
    """A new database (or a test database after a flush) gets the shipped guidelines and word lists."""
    from redleaf.moderation.rules import install_defaults

    install_defaults()


class ModerationConfig(AppConfig):
    name = "redleaf.moderation"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from redleaf.moderation import rules  # noqa: F401 - connects the version-bump signals

        post_migrate.connect(_install_defaults, sender=self)
