"""Notes and reviews written before their Markdown was read as CommonMark (sub-items indented by
two spaces nest, headings start at <h3>) show as they now would: their stored HTML is rendered
again from their text.

The renderer is imported rather than copied: whenever this runs, the stored HTML becomes what
talks.markdown makes of the text at that time, which is what the pages should show. Only the
HTML column changes, so the triggers, which watch the text, the status and the language,
have nothing to do.
"""

from django.db import migrations

from talks.markdown import render_markdown

BATCH_SIZE = 2000


def render_again(apps, schema_editor):
    for model_name in ("Note", "Review"):
        model = apps.get_model("talks", model_name)
        last_pk = 0
        while batch := list(
            model.objects.filter(pk__gt=last_pk)
            .order_by("pk")
            .values_list("pk", "body", "body_html")[:BATCH_SIZE]
        ):
            changed = [
                model(pk=pk, body_html=html)
                for pk, body, stored in batch
                if (html := render_markdown(body)) != stored
            ]
            model.objects.bulk_update(changed, ["body_html"])
            last_pk = batch[-1][0]


class Migration(migrations.Migration):
    dependencies = [("talks", "0010_proposals")]

    operations = [migrations.RunPython(render_again, migrations.RunPython.noop, elidable=True)]
