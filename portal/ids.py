"""Ids arriving as text (form fields, query strings), checked before they reach a query."""


def is_plain_id(value):
    """Whether `value` is written with ASCII digits only, as an id is.

    Not str.isdigit(): "²" is a digit to Python, but int() and the database refuse it.
    """
    return value.isascii() and value.isdecimal()
