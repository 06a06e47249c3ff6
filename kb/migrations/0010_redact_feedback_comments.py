"""Comments stored before they were redacted on arrival lose their tokens, NIPs and e-mail
addresses too. Idempotent: a redacted comment is left as it is."""

from __future__ import annotations

from typing import Any

from django.db import migrations

from kb import redaction


def redact_comments(apps: Any, schema_editor: Any) -> None:
    Feedback = apps.get_model("kb", "Feedback")
    for feedback in Feedback.objects.exclude(comment="").only("pk", "comment").iterator():
        redacted = redaction.redact(feedback.comment)
        if redacted != feedback.comment:
            Feedback.objects.filter(pk=feedback.pk).update(comment=redacted)


class Migration(migrations.Migration):
    dependencies = [("kb", "0009_writers_and_editors_see_insights")]

    operations = [migrations.RunPython(redact_comments, migrations.RunPython.noop)]
