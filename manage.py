#!/usr/bin/env python
"""Django's command-line utility for MissionMatch."""

import os
import sys

from django.conf import settings
from django.core.management import execute_from_command_line


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

    # A settings error (such as no SECRET_KEY with DEBUG off) is reported as itself. Django's
    # command runner sets it aside, and a command that needs the models, makemigrations for
    # one, then fails with "Models aren't loaded yet", which reads like a model problem.
    settings.INSTALLED_APPS  # noqa: B018  (reading it loads the settings)
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
