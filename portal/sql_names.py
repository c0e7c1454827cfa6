"""Quoted SQL names of a model's table and columns, for the few statements we write as SQL
once per process (where composing them through the ORM cost more than running them)."""

from django.db import DEFAULT_DB_ALIAS, connections


def table(model):
    return connections[DEFAULT_DB_ALIAS].ops.quote_name(model._meta.db_table)


def column_name(model, field_name):
    """The field's column alone (as an INSERT or COPY lists its columns)."""
    return connections[DEFAULT_DB_ALIAS].ops.quote_name(model._meta.get_field(field_name).column)


def column(model, field_name):
    """The field's column, qualified by its table."""
    return f"{table(model)}.{column_name(model, field_name)}"
