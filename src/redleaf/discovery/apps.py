from django.apps import AppConfig


class DiscoveryConfig(AppConfig):
    name = "redleaf.discovery"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from redleaf.discovery import receivers  # noqa: F401 - connects to core.events
