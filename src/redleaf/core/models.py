from __future__ import annotations

from django.db import models

from redleaf.core.ids import next_id


class SnowflakeField(models.BigIntegerField):
    """A primary key filled with a time-sortable 64-bit id when the row is made."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("primary_key", True)
        kwargs.setdefault("default", next_id)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        return name, "redleaf.core.models.SnowflakeField", args, kwargs
