from django.apps import AppConfig


class I18nConfig(AppConfig):
    """The portal's languages: the language menu, the signed-in person's language on every
    request, catalogues compiled without GNU gettext, and currency in the reader's language."""

    name = "i18n"
    label = "i18n"
