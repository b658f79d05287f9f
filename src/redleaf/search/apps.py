from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "redleaf.search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from redleaf.core import events
        from redleaf.search import receivers

        events.note_changed.connect(receivers.note_changed, dispatch_uid="search.note_changed")
        events.engaged.connect(receivers.engaged, dispatch_uid="search.engaged")
        events.account_changed.connect(receivers.account_changed, dispatch_uid="search.account_changed")
