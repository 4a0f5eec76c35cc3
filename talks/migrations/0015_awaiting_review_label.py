from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('talks', '0014_speaker_names_alphabetical'),
    ]

    operations = [
        migrations.AlterField(
            model_name='talk',
            name='status',
            field=models.CharField(choices=[('published', 'Published'), ('pending', 'Awaiting review'), ('rejected', 'Rejected')], default='published', max_length=10, verbose_name='status'),
        ),
    ]
