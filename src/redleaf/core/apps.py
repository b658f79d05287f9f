from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "redleaf.core"
    label = "core"
