from django.conf import settings
from django.core.management.base import BaseCommand

from i18n.catalogues import compile_po, po_files


class Command(BaseCommand):
    help = (
        "Compile the .po catalogues under LOCALE_PATHS to .mo files with Babel (no GNU gettext needed). "
        "Replaces Django's compilemessages, which calls msgfmt. Up-to-date .mo files are left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument("--locale", "-l", action="append", help="Only these languages (repeatable).")
        parser.add_argument("--force", action="store_true", help="Rebuild even up-to-date .mo files.")

    def handle(self, *args, **options):
        compiled = [
            po for po in po_files(settings.LOCALE_PATHS, options["locale"]) if compile_po(po, force=options["force"])
        ]
        for po in compiled:
            self.stdout.write(f"Compiled {po.with_suffix('.mo')}")
        if options["verbosity"] >= 1 and not compiled:
            self.stdout.write("The .mo files are up to date.")
