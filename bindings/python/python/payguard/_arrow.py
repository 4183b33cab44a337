"""Results as a pyarrow Table with one fixed schema, so an all-clean batch
and one with rejected rows have the same columns and types."""

from __future__ import annotations

from typing import Any

import pyarrow as pa

_EVIDENCE = pa.struct([("key", pa.string()), ("value", pa.string())])
_WAIVER = pa.struct([("reason", pa.string()), ("expires", pa.string())])
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
    """The NDJSON records as a Table of `schema` (by default [`SCHEMA`])."""
    for record in records:
        for finding in record.get("findings") or ():
            waiver = finding.get("waiver")
            if waiver is not None:
                expires = waiver["expires"]
                if isinstance(expires, dict):
                    waiver["expires"] = "{year:04}-{month:02}-{day:02}".format(**expires)
    return pa.Table.from_pylist(records, schema=schema)
