
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('people', '0004_speaker_name_trgm'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='speaker',
            name='speaker_name_lower_idx',
        ),
    ]
