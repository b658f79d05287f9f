"""Operators edit the guidelines and word lists here, without a deploy: every save bumps the
guidelines version and the checks in every process recompile on their next item. Try a list first
with `redleaf moderation check` (JSON lines in, verdicts out). Cases, decisions and the audit log are
shown read-only: decisions are made in the review console, where they are logged and explained."""

from __future__ import annotations

from django.contrib import admin

from redleaf.moderation.models import (
    AuditEntry,
    BlockedImage,
    Case,
    Decision,
    GuidelinesVersion,
    Moderator,
    Rule,
    Statement,
    Term,
)


class TermInline(admin.TabularInline):
    model = Term
    extra = 3
    fields = ("lang", "kind", "value", "score", "is_active")


@admin.register(Rule)
class RuleAdmin(admin.ModelAdmin):
    list_display = ("id", "title_en", "title_zh", "default_action", "is_active", "position", "updated_at")
    list_editable = ("default_action", "is_active", "position")
    inlines = [TermInline]
    fieldsets = (
        (None, {"fields": ("id", "position", "default_action", "is_active")}),
        ("中文", {"fields": ("title_zh", "summary_zh", "explanation_zh", "examples_not_ok_zh", "examples_ok_zh",
                            "label_zh")}),
        ("English", {"fields": ("title_en", "summary_en", "explanation_en", "examples_not_ok_en", "examples_ok_en",
                                "label_en")}),
    )


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ("value", "rule", "lang", "kind", "score", "is_active")
    list_filter = ("rule", "lang", "kind", "is_active")
    search_fields = ("value",)


@admin.register(BlockedImage)
class BlockedImageAdmin(admin.ModelAdmin):
    list_display = ("hash", "rule", "source", "created_at")
    list_filter = ("rule",)


@admin.register(GuidelinesVersion)
class GuidelinesVersionAdmin(admin.ModelAdmin):
    list_display = ("number", "created_at", "note")

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Moderator)
class ModeratorAdmin(admin.ModelAdmin):
    list_display = ("user", "languages", "is_active", "created_at")
    raw_id_fields = ("user",)


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Case)
class CaseAdmin(ReadOnly):
    list_display = ("id", "kind", "object_id", "state", "reason", "priority", "risk", "created_at", "decided_at")
    list_filter = ("state", "reason", "kind")


@admin.register(Decision)
class DecisionAdmin(ReadOnly):
    list_display = ("id", "case", "moderator", "action", "account_action", "rule", "created_at")
    list_filter = ("action", "rule")


@admin.register(Statement)
class StatementAdmin(ReadOnly):
    list_display = ("id", "user", "kind", "action", "rule", "created_at", "appeal_until")


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnly):
    list_display = ("created_at", "actor", "action", "kind", "object_id", "case")
    list_filter = ("action",)
