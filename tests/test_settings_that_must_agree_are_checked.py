"""Each setting parses alone; a few must also agree with each other. portal/system_checks.py
holds those rules, one system check each, which `manage.py check` and qcluster run."""

from __future__ import annotations

from django.core.checks import run_checks

from portal.system_checks import (
    link_check_fits_in_task_timeout,
    task_timeout_below_broker_retry,
)
from tests.test_production_settings import _manage


def test_the_default_settings_break_no_rule():
    assert [m for m in run_checks() if m.id and m.id.startswith("portal.")] == []


def test_a_task_timeout_not_below_the_brokers_retry_is_an_error(settings):
    settings.Q_CLUSTER = {**settings.Q_CLUSTER, "timeout": 120, "retry": 120}

    [error] = task_timeout_below_broker_retry()

    assert error.id == "portal.E001"
    assert error.msg == "Q_CLUSTER['timeout'] (120 s) must be below Q_CLUSTER['retry'] (120 s)"


def test_a_link_check_that_could_outlast_the_task_timeout_is_an_error(settings):
    # 75 s of budget, then a last request of 5 s to connect and 10 s to read: 90 s, the timeout.
    settings.KB_LINK_CHECK_BUDGET_SECONDS = 75

    [error] = link_check_fits_in_task_timeout()

    assert error.id == "portal.E003"
    assert "(75 + 5 + 10 = 90 s) must stay below" in error.msg
    settings.KB_LINK_CHECK_BUDGET_SECONDS = 74
    assert link_check_fits_in_task_timeout() == []


def test_manage_py_check_refuses_a_rule_broken_from_the_environment():
    result = _manage("check", env={"DEBUG": "1", "KB_LINK_CHECK_BUDGET_SECONDS": "80"})

    assert result.returncode != 0
    assert "(portal.E003) KB_LINK_CHECK_BUDGET_SECONDS + _CONNECT_SECONDS" in result.stderr
    assert "portal.E001" not in result.stderr
