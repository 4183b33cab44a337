"""Arrow in and out: rows as CSV text written by pyarrow, results as a
Table of one fixed schema read by pyarrow, so an all-clean batch and one
with rejected rows have the same columns and types, and no cell becomes a
Python object on the way. The schema is the NDJSON records' shape."""

from __future__ import annotations

from typing import Any

import io

import pyarrow as pa
from pyarrow import csv as pa_csv
from pyarrow import json as pa_json

_EVIDENCE = pa.struct([("key", pa.string()), ("value", pa.string())])
_DATE = pa.struct([("year", pa.uint16()), ("month", pa.uint8()), ("day", pa.uint8())])
_WAIVER = pa.struct([("reason", pa.string()), ("expires", _DATE)])
_FINDING = pa.struct(
    [
        ("rule", pa.string()),
        ("category", pa.string()),
        ("severity", pa.string()),
        ("points", pa.uint32()),
        ("message", pa.string()),
        ("evidence", pa.list_(_EVIDENCE)),
        ("related_payouts", pa.list_(pa.string())),
        ("related_employees", pa.list_(pa.string())),
        ("waiver", _WAIVER),
    ]
)

#: One row per input row: `score` and `findings` are null for a rejected
#: row, `error` (field, message) null for an assessed one.
SCHEMA = pa.schema(
    [
        ("line", pa.uint64()),
        ("payout_id", pa.string()),
        ("employee_id", pa.string()),
        ("score", pa.uint8()),
        ("decision", pa.string()),
        ("findings", pa.list_(_FINDING)),
        ("error", pa.struct([("field", pa.string()), ("message", pa.string())])),
    ]
)


def results_table(records: list[dict[str, Any]], schema: pa.Schema = SCHEMA) -> pa.Table:
    """NDJSON records already parsed, as a Table of `schema`."""
    return pa.Table.from_pylist(records, schema=schema)


def results_from_ndjson(text: str, schema: pa.Schema = SCHEMA) -> pa.Table:
    """The NDJSON text as a Table of `schema`, parsed by pyarrow in C++."""
    if not text:
        return schema.empty_table()
    options = pa_json.ParseOptions(explicit_schema=schema, unexpected_field_behavior="error")
    return pa_json.read_json(io.BytesIO(text.encode()), parse_options=options)


#: Columns of identifiers written in digits. pandas gives such a column
#: floats when one cell is missing (an account number on an IBAN row), and
#: pyarrow writes a float 123456789012.0 as "1.23456789012e+11", which the
#: core refuses as a spreadsheet's scientific notation.
DIGIT_IDENTIFIERS = (
    "payout_id",
    "employee_id",
    "account_number",
    "routing_number",
    "phone",
    "ewallet_id",
)


def _whole_numbers(table: pa.Table) -> pa.Table:
    """`table` with each identifier column of floats that are all whole
    numbers (a safe integer's digits, at most 2**53) as integers, so its
    cells are written as digits; any other float column is left as is."""
    import pyarrow.compute as pc

    for name in DIGIT_IDENTIFIERS:
        if name not in table.column_names:
            continue
        column = table.column(name)
        if not pa.types.is_floating(column.type):
            continue
        valid = pc.drop_null(column)
        whole = pc.all(pc.equal(pc.floor(valid), valid)).as_py() is not False
        safe = len(valid) == 0 or pc.max(pc.abs(valid)).as_py() <= 2**53
        if whole and safe:
            at = table.column_names.index(name)
            table = table.set_column(at, name, pc.cast(column, pa.int64()))
    return table


def to_csv(table: pa.Table) -> str:
    """The rows as CSV text, every column as written by pyarrow, but
    identifier columns of whole floats written as their digits."""
    sink = io.BytesIO()
    pa_csv.write_csv(_whole_numbers(table), sink)
    return sink.getvalue().decode()
