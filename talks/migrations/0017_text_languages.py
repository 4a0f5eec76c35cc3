from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0003_awaiting_review_label'),
        ('people', '0005_speaker_name_lower_index_replaced'),
        ('talks', '0016_note_talk_published_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='review',
            name='language',
            field=models.CharField(blank=True, choices=[('ar', 'Arabic'), ('br', 'Breton'), ('ca', 'Catalan'), ('cs', 'Czech'), ('da', 'Danish'), ('de', 'German'), ('el', 'Greek'), ('en', 'English'), ('es', 'Spanish'), ('eu', 'Basque'), ('fi', 'Finnish'), ('fr', 'French'), ('he', 'Hebrew'), ('hi', 'Hindi'), ('hu', 'Hungarian'), ('it', 'Italian'), ('ja', 'Japanese'), ('ko', 'Korean'), ('nb', 'Norwegian'), ('nl', 'Dutch'), ('pl', 'Polish'), ('pt', 'Portuguese'), ('ro', 'Romanian'), ('ru', 'Russian'), ('sv', 'Swedish'), ('tr', 'Turkish'), ('uk', 'Ukrainian'), ('zh', 'Chinese')], db_default='', default='', max_length=2, verbose_name='language'),
        ),
        migrations.AddField(
            model_name='talk',
            name='abstract_language',
            field=models.CharField(blank=True, choices=[('ar', 'Arabic'), ('br', 'Breton'), ('ca', 'Catalan'), ('cs', 'Czech'), ('da', 'Danish'), ('de', 'German'), ('el', 'Greek'), ('en', 'English'), ('es', 'Spanish'), ('eu', 'Basque'), ('fi', 'Finnish'), ('fr', 'French'), ('he', 'Hebrew'), ('hi', 'Hindi'), ('hu', 'Hungarian'), ('it', 'Italian'), ('ja', 'Japanese'), ('ko', 'Korean'), ('nb', 'Norwegian'), ('nl', 'Dutch'), ('pl', 'Polish'), ('pt', 'Portuguese'), ('ro', 'Romanian'), ('ru', 'Russian'), ('sv', 'Swedish'), ('tr', 'Turkish'), ('uk', 'Ukrainian'), ('zh', 'Chinese')], db_default='', default='', help_text='Blank when it is that of the title.', max_length=2, verbose_name='language of the abstract'),
        ),
        migrations.AddField(
            model_name='talk',
            name='text_language',
            field=models.CharField(blank=True, choices=[('ar', 'Arabic'), ('br', 'Breton'), ('ca', 'Catalan'), ('cs', 'Czech'), ('da', 'Danish'), ('de', 'German'), ('el', 'Greek'), ('en', 'English'), ('es', 'Spanish'), ('eu', 'Basque'), ('fi', 'Finnish'), ('fr', 'French'), ('he', 'Hebrew'), ('hi', 'Hindi'), ('hu', 'Hungarian'), ('it', 'Italian'), ('ja', 'Japanese'), ('ko', 'Korean'), ('nb', 'Norwegian'), ('nl', 'Dutch'), ('pl', 'Polish'), ('pt', 'Portuguese'), ('ro', 'Romanian'), ('ru', 'Russian'), ('sv', 'Swedish'), ('tr', 'Turkish'), ('uk', 'Ukrainian'), ('zh', 'Chinese')], db_default='', default='', help_text='Blank when unknown.', max_length=2, verbose_name='language of the title and abstract'),
        ),
        # A talk given in one language most likely has its title and abstract in it too; a
        # bilingual talk's are left unknown (talks.languages.likely_text_language).
        migrations.RunSQL(
            "UPDATE talks_talk SET text_language = languages[1] WHERE cardinality(languages) = 1",
            reverse_sql=migrations.RunSQL.noop,
        ),
        migrations.AddConstraint(
            model_name='review',
            constraint=models.CheckConstraint(condition=models.Q(('language', ''), ('language__in', ['ar', 'br', 'ca', 'cs', 'da', 'de', 'el', 'en', 'es', 'eu', 'fi', 'fr', 'he', 'hi', 'hu', 'it', 'ja', 'ko', 'nb', 'nl', 'pl', 'pt', 'ro', 'ru', 'sv', 'tr', 'uk', 'zh']), _connector='OR'), name='review_language_known'),
        ),
        migrations.AddConstraint(
            model_name='talk',
            constraint=models.CheckConstraint(condition=models.Q(('text_language', ''), ('text_language__in', ['ar', 'br', 'ca', 'cs', 'da', 'de', 'el', 'en', 'es', 'eu', 'fi', 'fr', 'he', 'hi', 'hu', 'it', 'ja', 'ko', 'nb', 'nl', 'pl', 'pt', 'ro', 'ru', 'sv', 'tr', 'uk', 'zh']), _connector='OR'), name='talk_text_language_known'),
        ),
        migrations.AddConstraint(
            model_name='talk',
            constraint=models.CheckConstraint(condition=models.Q(('abstract_language', ''), ('abstract_language__in', ['ar', 'br', 'ca', 'cs', 'da', 'de', 'el', 'en', 'es', 'eu', 'fi', 'fr', 'he', 'hi', 'hu', 'it', 'ja', 'ko', 'nb', 'nl', 'pl', 'pt', 'ro', 'ru', 'sv', 'tr', 'uk', 'zh']), _connector='OR'), name='talk_abstract_language_known'),
        ),
    ]
