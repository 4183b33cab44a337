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
import os
import pathlib
from typing import Any, Iterator

import pyarrow as pa
import pyarrow.compute as pc
from pyspark.sql import DataFrame, Window
from pyspark.sql import functions as F

from . import InputError, Plugin, _day, _policies
from ._arrow import DIGIT_IDENTIFIERS, SCHEMA, results_from_ndjson, to_csv

#: The result columns, as `payguard score --format ndjson` names them;
#: `score` and `findings` are null for a rejected row, `error` for a scored one.
RESULT_DDL = (
    "line long, payout_id string, employee_id string, score int, decision string, "
    "findings array<struct<rule:string, category:string, severity:string, points:long, "
    "message:string, evidence:array<struct<key:string, value:string>>, "
    "related_payouts:array<string>, related_employees:array<string>, "
    "waiver:struct<reason:string, expires:struct<year:int, month:int, day:int>>>>, "
    "error struct<field:string, message:string>"
)


def _signed(t: pa.DataType) -> pa.DataType:
    """`t` with each unsigned integer widened to the signed type Spark's
    Arrow has (it has no unsigned ones), as `RESULT_DDL` declares them."""
    if pa.types.is_uint8(t) or pa.types.is_uint16(t):
        return pa.int32()
    if pa.types.is_uint32(t) or pa.types.is_uint64(t):
        return pa.int64()
    if pa.types.is_list(t):
        return pa.list_(_signed(t.value_type))
    if pa.types.is_struct(t):
        return pa.struct([(t.field(i).name, _signed(t.field(i).type)) for i in range(t.num_fields)])
    return t


# The package's result schema, widened for Spark.
_RESULT_ARROW = pa.schema([(f.name, _signed(f.type)) for f in SCHEMA])

_KEYS_DDL = "_row long, _line long, _payroll string, payout_id string, employee_id string, kind string, key string"
_KEYS_ARROW = pa.schema(
    [
        ("_row", pa.int64()),
        ("_line", pa.int64()),
        ("_payroll", pa.string()),
        ("payout_id", pa.string()),
        ("employee_id", pa.string()),
        ("kind", pa.string()),
        ("key", pa.string()),
    ]
)

# What the native pass 1 writes: one line per row (kind null), then one
# per roster key, each naming its row by index in the batch.
_NOTES_ARROW = pa.schema(
    [
        ("i", pa.int64()),
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
    sanctions: Any = None,
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
    `policy`, `as_of` and `sanctions` are as for `payguard.Plugin.score`
    (the sanctions file is read here, on the driver, and its text sent to
    the executors); `plugin_path` and `expect_sha256` as for
    `payguard.Plugin`."""
    policies = _policies(policy)
    day = _day(as_of)
    listed = None
    if sanctions is not None:
        try:
            listed = (os.fspath(sanctions), pathlib.Path(sanctions).read_text(encoding="utf-8"))
        except OSError as e:
            raise InputError(f"cannot read {os.fspath(sanctions)}: {e}") from e
    columns = [c for c in df.columns if c != payroll]
    label = F.col(payroll).cast("string") if payroll else F.lit("")
    strings = df.select([_as_text(df, c).alias(c) for c in columns] + [label.alias("_payroll")])
    rows = _numbered(strings)
    # A row's line counts from its payroll's first row.
    starts = rows.groupBy("_payroll").agg(F.min("_row").alias("_start"))
    # Broadcast (one row per payroll), so the rows keep their partitions
    # and their order: a shuffle here would spread them over Spark's 200
    # default shuffle partitions. Not cached again: both passes read the
    # one cached copy `_numbered` keeps, through these two joins.
    rows = (
        rows.join(F.broadcast(starts), "_payroll")
        .withColumn("_line", F.col("_row") - F.col("_start") + F.lit(first_line))
        .drop("_start")
    )

    internal = ["_row", "_payroll", "_line"]

    def pass1(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        plugin = _plugin(plugin_path, expect_sha256)
        for batch in batches:
            if batch.num_rows == 0:
                continue
            table = pa.Table.from_batches([batch])
            text = plugin._native.roster_keys(
                to_csv(table.drop_columns(internal)), "csv", policies, day, listed
            )
            notes = results_from_ndjson(text, _NOTES_ARROW)
            index = notes.column("i")
            yield from pa.table(
                {
                    "_row": pc.take(table.column("_row"), index),
                    "_line": pc.take(table.column("_line"), index),
                    "_payroll": pc.take(table.column("_payroll"), index),
                    "payout_id": notes.column("payout_id"),
                    "employee_id": notes.column("employee_id"),
                    "kind": notes.column("kind"),
                    "key": notes.column("key"),
                },
                schema=_KEYS_ARROW,
            ).to_batches()

    noted = rows.mapInArrow(pass1, _KEYS_DDL).cache()
    given = _roster(noted)

    def pass2(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        plugin = _plugin(plugin_path, expect_sha256)
        for batch in batches:
            if batch.num_rows == 0:
                continue
            table = pa.Table.from_batches([batch])
            roster = [
                {
                    "duplicate_of": duplicate_of,
                    "shared": [
                        {
                            "kind": s["kind"],
                            "employee_count": s["employee_count"],
                            "lowest": [[e["employee_id"], e["payout_id"]] for e in s["lowest"]],
                        }
                        for s in shared or []
                    ],
                }
                for duplicate_of, shared in zip(
                    table.column("_duplicate_of").to_pylist(), table.column("_shared").to_pylist()
                )
            ]
            rows = table.drop_columns(internal + ["_duplicate_of", "_shared"])
            text = plugin._native.assess_rows(
                to_csv(rows),
                "csv",
                table.column("_line").to_pylist(),
                json.dumps(roster),
                policies,
                day,
                listed,
            )
            results = results_from_ndjson(text, _RESULT_ARROW)
            results = results.append_column("_row", table.column("_row"))
            if payroll:
                results = results.add_column(0, payroll, table.column("_payroll"))
            yield from results.to_batches()

    ddl = f"{RESULT_DDL}, _row long"
    if payroll:
        ddl = f"`{payroll}` string, {ddl}"
    # Sorted before pass 2, which keeps each partition's order and the
    # partitions' order: sorting samples its input first, and sampling
    # the results would run pass 2 over every row twice.
    scored = rows.join(given, "_row", "left").orderBy("_row").mapInArrow(pass2, ddl)
    return scored.drop("_row")


def _as_text(df: Any, column: str) -> Any:
    """`column` as text: as Spark casts it, but an identifier column of
    floats (an account number read as a double) writes a whole number as
    its digits, where Spark's cast writes 1.23456789012E11."""
    from pyspark.sql.types import DoubleType, FloatType

    value = F.col(column)
    if column in DIGIT_IDENTIFIERS and isinstance(df.schema[column].dataType, (DoubleType, FloatType)):
        whole = (value == F.floor(value)) & (F.abs(value) <= 2**53)
        return F.when(whole, value.cast("long").cast("string")).otherwise(value.cast("string"))
    return value.cast("string")


def _numbered(df: DataFrame) -> DataFrame:
    """`df` with `_row`, each row's position from 0 in input order, counted
    in the JVM: a row's place in its partition plus the rows of the
    partitions before it (no Python worker sees the rows for this, and the
    rows stay in their partitions)."""
    # monotonically_increasing_id holds the partition in its upper 31 bits
    # and the record's place in the partition in the lower 33 (documented),
    # so the place needs no window: a window would shuffle every row into
    # Spark's 200 default partitions.
    # Cached, so the sizes and the numbering see one evaluation of the ids.
    marked = (
        df.withColumn("_id", F.monotonically_increasing_id())
        .withColumn("_part", F.spark_partition_id())
        .cache()
    )
    sizes = marked.groupBy("_part").count()
    offsets = sizes.select(
        "_part",
        (F.sum("count").over(Window.orderBy("_part")) - F.col("count")).alias("_offset"),
    )
    place = F.col("_id") - F.shiftleft(F.col("_part").cast("long"), 33)
    return (
        marked.join(F.broadcast(offsets), "_part")
        .withColumn("_row", place + F.col("_offset"))
        .drop("_id", "_part", "_offset")
    )


def _roster(noted: DataFrame) -> DataFrame:
    """Per row: `_duplicate_of`, the line of an earlier row with its payout
    id (only a readable row is a duplicate; the first row of an id keeps
    it, read or not), and `_shared`, the keys it shares with other
    employees, each with the count and the eleven lowest employee ids with
    their lowest payout id, over the rows that are not duplicates: as the
    Rust host's roster (host/src/roster.rs) judges them."""
    ids = noted.where(F.col("kind").isNull()).select("_row", "_line", "_payroll", "payout_id", "employee_id")
    # Windows rather than aggregates joined back: one exchange each, and
    # the aggregates after the keys' window reuse its partitioning. Lines
    # rise with rows within a payroll, so an id's first line is its lowest.
    by_id = Window.partitionBy("_payroll", "payout_id")
    duplicates = (
        ids.where(F.col("payout_id") != "")
        .withColumn("_first", F.min("_row").over(by_id))
        .withColumn("_duplicate_of", F.min("_line").over(by_id))
        .where(F.col("employee_id").isNotNull() & (F.col("_row") > F.col("_first")))
        .select("_row", "_duplicate_of")
    )
    # Only a key on two rows or more can be shared: most keys are on one
    # row, and the lists of employees below cost a sort per key.
    by_key = Window.partitionBy("_payroll", "kind", "key")
    keys = (
        noted.where(F.col("kind").isNotNull())
        .join(duplicates, "_row", "left_anti")
        .withColumn("_rows", F.count("*").over(by_key))
        .where(F.col("_rows") > 1)
        .drop("_rows")
    )
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
