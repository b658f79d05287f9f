from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "redleaf.core"
    label = "core"

    def ready(self) -> None:
        from redleaf.core import db

        db.connect_signals()
