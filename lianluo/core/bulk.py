"""Bulk inserts and updates without model instances, for imports of tens of thousands of rows.

`bulk_create` builds and prepares one model instance per row, which costs more than the insert
itself at 100,000 rows. This writes straight from tuples: on SQLite the multi-row INSERT (with
RETURNING for the new ids, as `bulk_create` does on SQLite 3.35+), on PostgreSQL a COPY. Values
must already be in their database form: adapt datetimes once with `db_datetime`.
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from itertools import chain, islice

from django.db import connection
from django.db.models import JSONField, Model

MAX_PARAMETERS = 30000  # below SQLite's 32,766 and PostgreSQL's 65,535 bind parameters
# Rows held at once: a generator of 100,000 rows is written 10,000 at a time, never all built.
CHUNK_ROWS = 10_000


def insert_rows(
    model: type[Model],
    columns: Sequence[str],
    rows: Iterable[tuple],
    *,
    returning_ids: bool = False,
) -> list[int]:
    """Insert `rows` (tuples in `columns` order; a generator is read CHUNK_ROWS at a time) into
    `model`'s table; the new ids, in the rows' order, when asked."""
    insert = _insert_copy if connection.vendor == "postgresql" else _insert_values
    ids: list[int] = []
    remaining = iter(rows)
    while chunk := list(islice(remaining, CHUNK_ROWS)):
        ids.extend(insert(model, columns, chunk, returning_ids=returning_ids))
    return ids


def _insert_values(model, columns, rows, *, returning_ids: bool) -> list[int]:
    """SQLite: multi-row INSERTs within the bind-parameter limit."""
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


def _insert_copy(model, columns, rows, *, returning_ids: bool) -> list[int]:
    """PostgreSQL: COPY, the bulk path the server has for it; psycopg writes each row in C.

    COPY returns nothing, so new ids are taken from the table's sequence first (one nextval per
    row, in one statement) and written with the rows: the same ids, in the order of the rows, as
    an INSERT ... RETURNING would give.
    """
    from psycopg.types.json import Jsonb  # psycopg is there only where PostgreSQL is

    quote = connection.ops.quote_name
    meta = model._meta
    fields = {field.column: field for field in meta.concrete_fields}
    wrap = [isinstance(fields[column], JSONField) for column in columns]
    ids: list[int] = []
    with connection.cursor() as cursor:
        if returning_ids:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, meta.pk.column, len(rows)],
            )
            ids = [row[0] for row in cursor.fetchall()]
            columns = (meta.pk.column, *columns)
            wrap = [False, *wrap]
        names = ", ".join(quote(column) for column in columns)
        # Names are quoted by the backend; the values travel as COPY data, never as SQL.
        with cursor.copy(f"COPY {quote(meta.db_table)} ({names}) FROM STDIN") as copy:
            source = zip(ids, rows, strict=True) if returning_ids else ((None, row) for row in rows)
            jsonish = any(wrap)
            for pk, row in source:
                values = (pk, *row) if returning_ids else row
                if jsonish:
                    values = [
                        Jsonb(v) if w and v is not None else v
                        for v, w in zip(values, wrap, strict=True)
                    ]
                copy.write_row(values)
    return ids


def update_rows(model: type[Model], columns: Sequence[str], rows: Iterable[tuple]) -> None:
    """Set `columns` of the records `rows` name: each row is (pk, *values in `columns` order),
    in database form as for `insert_rows`.

    One UPDATE statement run for every row (executemany: psycopg sends them in a pipeline, SQLite
    runs them in-process), CHUNK_ROWS rows held at a time. `bulk_update` builds a CASE of every
    row for every field, which for 10,000 people took 20 s and 150 MB.
    """
    quote = connection.ops.quote_name
    meta = model._meta
    assignments = ", ".join(f"{quote(column)} = %s" for column in columns)
    # Names are quoted by the backend and every value is a bound parameter.
    sql = (
        f"UPDATE {quote(meta.db_table)} SET {assignments}"  # noqa: S608
        f" WHERE {quote(meta.pk.column)} = %s"
    )
    remaining = iter(rows)
    with connection.cursor() as cursor:
        while chunk := list(islice(remaining, CHUNK_ROWS)):
            cursor.executemany(sql, [(*values, pk) for pk, *values in chunk])


def db_datetime(value: dt.datetime):
    """A datetime in the form the current database takes as a bound parameter."""
    return connection.ops.adapt_datetimefield_value(value)
