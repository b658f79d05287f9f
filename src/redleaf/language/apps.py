from django.apps import AppConfig

FORGET_NOTE = ("edited", "removed", "deleted")


def _note_changed(sender, note_id, reason, **kwargs):
    """A note's text changed or the note left: its translations (and its comments', when it was deleted)
    go from the shared cache. Two indexed deletes: quick enough for a receiver."""
    if reason in FORGET_NOTE:
        from redleaf.language.services import translations_forget

        translations_forget(note_id=note_id)


def _comment_changed(sender, comment_id, note_id, reason, **kwargs):
    from redleaf.language.services import translations_forget

    translations_forget(comment_id=comment_id)


def check_translation_engine(app_configs=None, **kwargs):
    """A system check: `redleaf check`, `redleaf serve` and `migrate` stop on a misspelt engine name."""
    from django.core import checks

    from redleaf.language.engines import configuration_problem

    problem = configuration_problem()
    return [checks.Error(problem, hint="Set REDLEAF_TRANSLATION_ENGINE to one of the names listed, or leave it unset "
                                       "for the embedded glossary.", id="language.E001")] if problem else []


class LanguageConfig(AppConfig):
    name = "redleaf.language"
    label = "language"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.core import checks

        from redleaf.core import events

        checks.register(check_translation_engine, "redleaf")

        events.note_changed.connect(_note_changed, dispatch_uid="language-note-changed")
        events.comment_changed.connect(_comment_changed, dispatch_uid="language-comment-changed")
