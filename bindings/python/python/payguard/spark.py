"""payguard on Apache Spark: a DataFrame of payouts in, one of results out,
scaling with the cluster.

Pass 1 and pass 2 run through `mapInArrow` in each executor's Python worker
(the package embeds the plugin: nothing else to ship); the roster between
them, which payout ids repeat and which keys several employees share, is
aggregated in Spark SQL, so no worker ever holds the whole payroll. The
results are the ones `payguard score` gives for the same rows.

    from payguard import spark as payguard_spark
    results = payguard_spark.score(spark.read.csv("payroll.csv", header=True), first_line=2)
"""

from __future__ import annotations

import json
from typing import Any, Iterator

import pyarrow as pa
from pyspark.sql import DataFrame
from pyspark.sql import functions as F
from pyspark.sql import types as T

from . import Plugin, _day, _ndjson, _policies
from ._arrow import _EVIDENCE, _WAIVER, results_table

#: The result columns, as `payguard score --format ndjson` names them;
#: `score` and `findings` are null for a rejected row, `error` for a scored one.
RESULT_DDL = (
    "line long, payout_id string, employee_id string, score int, decision string, "
    "findings array<struct<rule:string, category:string, severity:string, points:long, "
    "message:string, evidence:array<struct<key:string, value:string>>, "
    "related_payouts:array<string>, related_employees:array<string>, "
    "waiver:struct<reason:string, expires:string>>>, "
    "error struct<field:string, message:string>"
)

_RESULT_ARROW = pa.schema(
    [
        ("line", pa.int64()),
        ("payout_id", pa.string()),
        ("employee_id", pa.string()),
        ("score", pa.int32()),
        ("decision", pa.string()),
        (
            "findings",
            pa.list_(
                pa.struct(
                    [
                        ("rule", pa.string()),
                        ("category", pa.string()),
                        ("severity", pa.string()),
                        ("points", pa.int64()),
                        ("message", pa.string()),
                        ("evidence", pa.list_(_EVIDENCE)),
                        ("related_payouts", pa.list_(pa.string())),
                        ("related_employees", pa.list_(pa.string())),
                        ("waiver", _WAIVER),
                    ]
                )
            ),
        ),
        ("error", pa.struct([("field", pa.string()), ("message", pa.string())])),
    ]
)

_KEYS_DDL = "_row long, _payroll string, payout_id string, employee_id string, kind string, key string"
_KEYS_ARROW = pa.schema(
    [
        ("_row", pa.int64()),
        ("_payroll", pa.string()),
        ("payout_id", pa.string()),
        ("employee_id", pa.string()),
        ("kind", pa.string()),
        ("key", pa.string()),
    ]
)

# One plugin per Python worker process, compiled once (then from the cache).
_PLUGINS: dict[tuple[str | None, str | None], Plugin] = {}


def _plugin(path: str | None, expect_sha256: str | None) -> Plugin:
    key = (path, expect_sha256)
    if key not in _PLUGINS:
        # Spark runs one Python worker per task slot: one thread each.
        _PLUGINS[key] = Plugin(path, expect_sha256, threads=1)
    return _PLUGINS[key]


def score(
    df: DataFrame,
    policy: Any = None,
    *,
    as_of: Any = "today",
    first_line: int = 1,
    payroll: str | None = None,
    plugin_path: str | None = None,
    expect_sha256: str | None = None,
) -> DataFrame:
    """Scores a DataFrame of payouts, its columns named as the CSV
    columns (any type; each is read as its text), and returns one result
    row per input row, in input order. A result's `line` is its row's
    position plus `first_line` minus 1 (2 for a CSV file read with its
    header gives the CLI's line numbers).

    `payroll` names a column that tells payrolls apart, such as one per
    employer in one table: each is scored on its own (its own roster,
    payout ids and line numbers), and the results carry the column first.
    `policy` and `as_of` are as for `payguard.Plugin.score`; `plugin_path`
    and `expect_sha256` as for `payguard.Plugin`."""
    policies = _policies(policy)
    day = _day(as_of)
    columns = [c for c in df.columns if c != payroll]
    label = F.col(payroll).cast("string") if payroll else F.lit("")
    strings = df.select([F.col(c).cast("string").alias(c) for c in columns] + [label.alias("_payroll")])
    schema = T.StructType(
        [T.StructField(c, T.StringType()) for c in columns]
        + [T.StructField("_payroll", T.StringType()), T.StructField("_row", T.LongType(), False)]
    )
    # zipWithIndex numbers the rows in their order, across partitions; a
    # row's line counts from its payroll's first row.
    rows = strings.rdd.zipWithIndex().map(lambda pair: (*pair[0], pair[1])).toDF(schema)
    starts = rows.groupBy("_payroll").agg(F.min("_row").alias("_start"))
    rows = (
        rows.join(starts, "_payroll")
        .withColumn("_line", F.col("_row") - F.col("_start") + F.lit(first_line))
        .drop("_start")
        .cache()
    )

    def pass1(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        plugin = _plugin(plugin_path, expect_sha256)
        for batch in batches:
            records = batch.to_pylist()
            if not records:
                continue
            numbers = [r.pop("_row") for r in records]
            payrolls = [r.pop("_payroll") for r in records]
            lines = [r.pop("_line") for r in records]
            text = plugin._native.roster_keys(_ndjson(records), policies, day)
            out = []
            for number, label, line in zip(numbers, payrolls, text.splitlines()):
                found = json.loads(line)
                ids = (number, label, found["payout_id"], found["employee_id"])
                out.append((*ids, None, None))
                out.extend((*ids, kind, key) for kind, key in found["keys"])
            yield pa.RecordBatch.from_pylist(
                [dict(zip(_KEYS_ARROW.names, r)) for r in out], schema=_KEYS_ARROW
            )

    noted = rows.mapInArrow(pass1, _KEYS_DDL).cache()
    given = _roster(noted, rows.select("_row", "_line"))

    def pass2(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        plugin = _plugin(plugin_path, expect_sha256)
        for batch in batches:
            records = batch.to_pylist()
            if not records:
                continue
            lines, roster, numbers, payrolls = [], [], [], []
            for r in records:
                numbers.append(r.pop("_row"))
                payrolls.append(r.pop("_payroll"))
                lines.append(r.pop("_line"))
                roster.append(
                    {
                        "duplicate_of": r.pop("_duplicate_of"),
                        "shared": [
                            {
                                "kind": s["kind"],
                                "employee_count": s["employee_count"],
                                "lowest": [[e["employee_id"], e["payout_id"]] for e in s["lowest"]],
                            }
                            for s in r.pop("_shared") or []
                        ],
                    }
                )
            text = plugin._native.assess_rows(
                _ndjson(records), lines, json.dumps(roster), policies, day
            )
            results = [json.loads(line) for line in text.splitlines()]
            table = results_table(results, _RESULT_ARROW)
            table = table.append_column("_row", pa.array(numbers, pa.int64()))
            if payroll:
                table = table.add_column(0, payroll, pa.array(payrolls, pa.string()))
            yield from table.to_batches()

    ddl = f"{RESULT_DDL}, _row long"
    if payroll:
        ddl = f"`{payroll}` string, {ddl}"
    scored = rows.join(given, "_row", "left").mapInArrow(pass2, ddl)
    return scored.orderBy("_row").drop("_row")


def _roster(noted: DataFrame, lines: DataFrame) -> DataFrame:
    """Per row: `_duplicate_of`, the line of an earlier row with its payout
    id (only a readable row is a duplicate; the first row of an id keeps
    it, read or not), and `_shared`, the keys it shares with other
    employees, each with the count and the eleven lowest employee ids with
    their lowest payout id, over the rows that are not duplicates: as the
    Rust host's roster (host/src/roster.rs) judges them."""
    ids = noted.where(F.col("kind").isNull()).select("_row", "_payroll", "payout_id", "employee_id")
    first = (
        ids.where(F.col("payout_id") != "")
        .groupBy("_payroll", "payout_id")
        .agg(F.min("_row").alias("_first"))
    )
    first_lines = lines.select(F.col("_row").alias("_first"), F.col("_line").alias("_duplicate_of"))
    duplicates = (
        ids.join(first, ["_payroll", "payout_id"])
        .where(F.col("employee_id").isNotNull() & (F.col("_row") > F.col("_first")))
        .join(first_lines, "_first")
        .select("_row", "_duplicate_of")
    )
    keys = noted.where(F.col("kind").isNotNull()).join(duplicates, "_row", "left_anti")
    employees = keys.groupBy("_payroll", "kind", "key", "employee_id").agg(
        F.min("payout_id").alias("payout_id")
    )
    shared = (
        employees.groupBy("_payroll", "kind", "key")
        .agg(
            F.count("*").alias("employee_count"),
            F.slice(
                F.sort_array(F.collect_list(F.struct("employee_id", "payout_id"))), 1, 11
            ).alias("lowest"),
        )
        .where(F.col("employee_count") > 1)
    )
    per_row = (
        keys.join(shared, ["_payroll", "kind", "key"])
        .groupBy("_row")
        .agg(
            F.sort_array(
                F.collect_list(F.struct("kind", "employee_count", "lowest"))
            ).alias("_shared")
        )
    )
    return duplicates.join(per_row, "_row", "full")
