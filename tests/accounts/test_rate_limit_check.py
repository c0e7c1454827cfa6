import os
import subprocess
import sys
from pathlib import Path

from accounts.checks import check_rate_limits

ROOT = Path(__file__).resolve().parents[2]


def test_rate_limits_are_on_unless_the_switch_turns_them_off(settings):
    # allauth's defaults apply when the setting is absent.
    assert getattr(settings, "ACCOUNT_RATE_LIMITS", None) is not False


def test_deploy_check_warns_when_rate_limits_are_off(settings):
    settings.DEBUG = False
    settings.ACCOUNT_RATE_LIMITS = False
    assert [w.id for w in check_rate_limits(None)] == ["accounts.W002"]
    settings.DEBUG = True
    assert check_rate_limits(None) == []


def test_the_environment_switch_turns_allauths_limits_off():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(DEBUG="1", ACCOUNT_RATE_LIMITS_ENABLED="0")
    snippet = "from django.conf import settings; print(settings.ACCOUNT_RATE_LIMITS)"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", snippet],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.strip().splitlines()[-1] == "False", result.stdout + result.stderr
