"""The local run's writer and editor, so that whoever runs `make run` can try the writers' desk.
Only with DEBUG on, as the passwords are printed, like the simulator's tokens; each run puts the
users back as described.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse


@dataclass(frozen=True)
class DemoUser:
    username: str
    group: str
    password: str
    may: str


DEMO_USERS = (
    DemoUser("writer", "writer", "writer-local-only", "writes, previews, uploads images"),
    DemoUser("editor", "editor", "editor-local-only", "also publishes, schedules and restores"),
)


def ensure(demo: DemoUser) -> None:
    user, _ = User.objects.get_or_create(username=demo.username)
    user.is_staff, user.is_active, user.is_superuser = True, True, False
    # Hashed anew only when it changed: a new hash would log out a writer already logged in.
    if not user.check_password(demo.password):
        user.set_password(demo.password)
    user.save()
    user.groups.set([Group.objects.get(name=demo.group)])


def describe(admin_path: str) -> str:
    lines = [
        f"Writers' desk: log in at {admin_path} (local run only).",
        "Demo users (username, group -> what they may do):",
    ]
    for demo in DEMO_USERS:
        lines.append(f"  {demo.username:<28} {demo.group:<6} -> {demo.may}")
        lines.append(f"      password: {demo.password}")
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Create or reset the local run's writer and editor (only when DEBUG is on)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("Demo users are for the local run only; DEBUG is off: none made.")
        missing = {d.group for d in DEMO_USERS} - set(Group.objects.values_list("name", flat=True))
        if missing:
            raise CommandError(f"No group {', '.join(sorted(missing))}: run migrate first.")
        for demo in DEMO_USERS:
            ensure(demo)
        self.stdout.write(describe(reverse("admin:index")))
