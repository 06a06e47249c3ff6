"""What Latarnia said about each environment, kept by the every-minute poll."""

from __future__ import annotations

from datetime import datetime

from django.db import models

from portal.ksef.latarnia import Message, Reading, Status

MESSAGE_ID_LENGTH = 100


class LatarniaReading(models.Model):
    """Latarnia's answer for one environment: the newest is what it says now. The poll renews the
    newest in place, except a failure or maintenance that a check's verdict may quote
    (SessionCheck.latarnia_reading): when that answer changes, the new one is a row of its own."""

    environment = models.CharField(max_length=16, db_index=True)
    status = models.CharField(max_length=16, choices=[(s.value, s.value) for s in Status])
    # Latarnia's messages as it wrote them (portal.ksef.latarnia.Message.to_json).
    messages = models.JSONField(default=list)
    # Why the status is UNKNOWN: for the admin and the logs, not for users.
    problem = models.CharField(max_length=200, blank=True)
    read_at = models.DateTimeField()
    # When the status last changed, as far as our readings know: "unknown since 09:14".
    since = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.environment}: {self.status} since {self.since:%Y-%m-%d %H:%M}"

    def reading(self) -> Reading:
        return Reading(
            Status(self.status), tuple(Message.from_json(m) for m in self.messages), self.problem
        )

    def current_messages(self, now: datetime) -> list[Message]:
        return self.reading().current_messages(now)


class LatarniaMessage(models.Model):
    """A message Latarnia published, kept after Latarnia stops listing it: the Atom feed's
    entries. One row per environment and message id, holding the latest version seen."""

    environment = models.CharField(max_length=16)
    message_id = models.CharField(max_length=MESSAGE_ID_LENGTH)
    event_id = models.BigIntegerField()
    category = models.CharField(max_length=16)
    type = models.CharField(max_length=32)
    title = models.CharField(max_length=500)
    text = models.TextField()
    start = models.DateTimeField()
    end = models.DateTimeField(null=True, blank=True)
    version = models.IntegerField()
    published = models.DateTimeField()
    # When the poll last found it in Latarnia's answer: retention counts from here.
    last_seen = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["environment", "message_id"], name="latarnia_message_once_per_environment"
            )
        ]
        indexes = [models.Index(fields=["-published"], name="latarnia_message_published")]

    def __str__(self) -> str:
        return f"{self.environment}: {self.title} (v{self.version})"
