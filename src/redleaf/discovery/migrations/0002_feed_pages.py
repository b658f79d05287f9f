"""Explore sessions keep the notes they served a page to a row (FeedPage) instead of in one growing
list: a session's list moves into a single page row, its length into served_count."""

import django.db.models.deletion
from django.db import migrations, models


def lists_to_pages(apps, schema_editor):
    FeedSession = apps.get_model("discovery", "FeedSession")
    FeedPage = apps.get_model("discovery", "FeedPage")
    for session_id, served in FeedSession.objects.exclude(served="").values_list("id", "served").iterator():
        ids = [v for v in served.split(",") if v]
        FeedPage.objects.create(session_id=session_id, note_ids=",".join(ids))
        FeedSession.objects.filter(pk=session_id).update(served_count=len(ids))


def pages_to_lists(apps, schema_editor):
    FeedSession = apps.get_model("discovery", "FeedSession")
    FeedPage = apps.get_model("discovery", "FeedPage")
    for session in FeedSession.objects.all().iterator():
        pages = FeedPage.objects.filter(session_id=session.pk).order_by("id").values_list("note_ids", flat=True)
        FeedSession.objects.filter(pk=session.pk).update(served=",".join(p for p in pages if p))


class Migration(migrations.Migration):

    dependencies = [
        ("discovery", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="feedsession",
            name="served_count",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.CreateModel(
            name="FeedPage",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("note_ids", models.TextField()),
                ("session", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="pages_served",
                                              to="discovery.feedsession")),
            ],
        ),
        migrations.RunPython(lists_to_pages, pages_to_lists),
        migrations.RemoveField(
            model_name="feedsession",
            name="served",
        ),
    ]
