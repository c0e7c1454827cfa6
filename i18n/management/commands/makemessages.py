from django.core.management.commands import makemessages


class Command(makemessages.Command):
    """Django's makemessages, extracting the vocabulary's N_() names as well (the vocabulary marks
    them without importing Django) and leaving out what ships no strings of ours."""

    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=N_"]
    IGNORED = ["tests", "node_modules", "staticfiles", "locale", "private", "test-artifacts"]

    def handle(self, *args, **options):
        options["ignore_patterns"] = [*options.get("ignore_patterns", []), *self.IGNORED]
        return super().handle(*args, **options)
