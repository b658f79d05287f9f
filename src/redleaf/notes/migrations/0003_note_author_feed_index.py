# The new index before the old one goes: the author pages and the following feed always have one.

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('media', '0001_initial'),
        ('notes', '0002_note_label_rule_note_languages_note_limited'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='note',
            index=models.Index(fields=['author', 'state', '-published_at', '-id'], include=('audience',), name='note_author_feed'),
        ),
        migrations.RemoveIndex(
            model_name='note',
            name='note_author',
        ),
    ]
