"""`make run` creates a writer and an editor with printed passwords, so a newcomer can try the
writers' desk; without DEBUG nobody is ever created."""

from __future__ import annotations

import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.core.management.base import CommandError

ROOT = Path(__file__).resolve().parents[2]


def _load(settings) -> str:  # type: ignore[no-untyped-def]
    settings.DEBUG = True
    out = StringIO()
    call_command("load_demo_users", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_a_local_run_prints_a_writer_and_an_editor_who_can_log_in(settings, client):
    printed = _load(settings)

    assert "Writers' desk: log in at /admin/ (local run only)." in printed
    assert "      password: writer-local-only" in printed
    assert "      password: editor-local-only" in printed
    users = {u.username: [g.name for g in u.groups.all()] for u in User.objects.all()}
    assert users == {"writer": ["writer"], "editor": ["editor"]}
    assert client.login(username="editor", password="editor-local-only")
    assert client.get("/admin/kb/article/").status_code == 200


@pytest.mark.django_db
def test_running_it_again_puts_each_user_back_and_keeps_the_password_hash(settings):
    _load(settings)
    hashed = User.objects.get(username="writer").password
    User.objects.filter(username="writer").update(is_superuser=True, is_active=False)
    User.objects.get(username="writer").groups.set([Group.objects.get(name="editor")])

    _load(settings)

    writer = User.objects.get(username="writer")
    assert (writer.is_staff, writer.is_active, writer.is_superuser) == (True, True, False)
    assert [g.name for g in writer.groups.all()] == ["writer"]
    # The same hash: a writer logged in before the restart stays logged in.
    assert writer.password == hashed
    assert User.objects.count() == 2


@pytest.mark.django_db
def test_without_debug_no_user_is_created(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="local run only; DEBUG is off"):
        call_command("load_demo_users", stdout=StringIO())

    assert User.objects.count() == 0


def test_make_run_prints_the_users_right_after_the_simulators_tokens():
    recipe = subprocess.run(
        ["make", "--no-print-directory", "-n", "run"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    commands = [line.split("manage.py ")[1] for line in recipe.splitlines() if "manage.py " in line]
    after_tokens = commands.index("load_simulator_scenarios") + 1
    assert commands[after_tokens] == "load_demo_users"
