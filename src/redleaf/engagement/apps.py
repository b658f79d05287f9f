from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "redleaf.engagement"
    label = "engagement"
    default_auto_field = "django.db.models.BigAutoField"
