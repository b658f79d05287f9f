from django.apps import AppConfig


class LanguageConfig(AppConfig):
    name = "redleaf.language"
    label = "language"
    default_auto_field = "django.db.models.BigAutoField"
