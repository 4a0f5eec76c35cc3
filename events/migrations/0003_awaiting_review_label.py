from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0002_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='event',
            name='status',
            field=models.CharField(choices=[('published', 'Published'), ('pending', 'Awaiting review'), ('rejected', 'Rejected')], default='published', max_length=10, verbose_name='status'),
        ),
    ]
