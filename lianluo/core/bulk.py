"""Bulk inserts without model instances, for imports of tens of thousands of rows.

`bulk_create` builds and prepares one model instance per row, which costs more than the insert
itself at 100,000 rows. This writes the same multi-row INSERT (with RETURNING for the new ids,
as `bulk_create` does on SQLite 3.35+ and PostgreSQL) straight from tuples. Values must already
be in their database form: adapt datetimes once with `db_datetime`.
"""

import datetime as dt
from collections.abc import Sequence
from itertools import chain

from django.db import connection
from django.db.models import Model

MAX_PARAMETERS = 30000  # below SQLite's 32,766 and PostgreSQL's 65,535 bind parameters


def insert_rows(
    model: type[Model],
    columns: Sequence[str],
    rows: Sequence[tuple],
    *,
    returning_ids: bool = False,
) -> list[int]:
    """Insert `rows` (tuples in `columns` order) into `model`'s table; the new ids when asked."""
    if not rows:
        return []
    if connection.vendor == "postgresql":
        return _insert_unnest(model, columns, rows, returning_ids=returning_ids)
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    column_sql = ", ".join(quote(column) for column in columns)
    row_sql = "(" + ", ".join(["%s"] * len(columns)) + ")"
    returning = f" RETURNING {quote(model._meta.pk.column)}" if returning_ids else ""
    batch = max(1, MAX_PARAMETERS // len(columns))
    ids: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch):
            chunk = rows[start : start + batch]
            params = list(chain.from_iterable(chunk))
            values_sql = ", ".join([row_sql] * len(chunk))
            # Names are quoted by the backend and every value is a bound parameter.
            sql = f"INSERT INTO {table} ({column_sql}) VALUES {values_sql}{returning}"  # noqa: S608
            cursor.execute(sql, params)
            if returning_ids:
                ids.extend(row[0] for row in cursor.fetchall())
    return ids


UNNEST_BATCH = 20000


def _insert_unnest(model, columns, rows, *, returning_ids: bool) -> list[int]:
    """PostgreSQL: one array parameter per column, not one placeholder per value.

    A statement with tens of thousands of placeholders spends most of its time being split on
    the client; `INSERT ... SELECT * FROM unnest(...)` (as Django 5.2's bulk_create does) keeps
    the statement small and returns the ids in the order of the arrays.
    """
    quote = connection.ops.quote_name
    fields = {field.column: field for field in model._meta.concrete_fields}
    casts = ", ".join(f"%s::{fields[column].db_type(connection)}[]" for column in columns)
    returning = f" RETURNING {quote(model._meta.pk.column)}" if returning_ids else ""
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)}) "  # noqa: S608
        f"SELECT * FROM unnest({casts}){returning}"
    )
    ids: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), UNNEST_BATCH):
            chunk = rows[start : start + UNNEST_BATCH]
            cursor.execute(sql, [list(values) for values in zip(*chunk, strict=True)])
            if returning_ids:
                ids.extend(row[0] for row in cursor.fetchall())
    return ids


def db_datetime(value: dt.datetime):
    """A datetime in the form the current database takes as a bound parameter."""
    return connection.ops.adapt_datetimefield_value(value)
