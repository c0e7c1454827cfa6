"""How django-axes names the account a failed log-in was aimed at."""


def login_identifier(request, credentials=None):
    """The email (or username) being tried, lower-cased.

    allauth authenticates with `email=`, not `username=`, so without this axes would see no
    account at all and lock the whole client address after a handful of failures on any accounts.
    """
    credentials = credentials or {}
    for key in ("email", "username", "login"):
        if credentials.get(key):
            return str(credentials[key]).strip().lower()
    value = request.POST.get("login", "") if request is not None and hasattr(request, "POST") else ""
    return value.strip().lower() or None
