"""payguard.spark in Spark local mode: the example and the whole corpus
give exactly the results the Python package (the CLI's library) gives.

The corpus runs as one Spark job per distinct policy, every case of the
job its own payroll (`payroll="case"`), so cases never see each other's
accounts."""

import csv
import functools
import io
import json
import os
import shutil
import sys

import pytest

# Spark is one of the four hosts the corpus must pass in: missing, it
# fails the run unless PAYGUARD_SKIP_SPARK=1 says to leave it out.
_skip = os.environ.get("PAYGUARD_SKIP_SPARK") == "1"
try:
    import pyspark  # noqa: F401
except ImportError:
    if _skip:
        pytest.skip("PAYGUARD_SKIP_SPARK=1", allow_module_level=True)
    raise ImportError("PySpark is not installed: pip install 'pyspark>=4,<5' (scripts/test does)")
if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
    if _skip:
        pytest.skip("PAYGUARD_SKIP_SPARK=1", allow_module_level=True)
    pytest.fail("Spark needs Java 17: apt-get install -y openjdk-17-jre-headless", pytrace=False)

from pyspark.sql import SparkSession  # noqa: E402

import payguard  # noqa: E402
from payguard import spark as payguard_spark  # noqa: E402
from conformance import ROOT, cases, failures  # noqa: E402


@pytest.fixture(scope="module")
def spark():
    # Spark's Python workers run this interpreter, the one with payguard.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    session = (
        SparkSession.builder.master("local[2]")
        .appName("payguard-tests")
        .config("spark.sql.shuffle.partitions", "1")
        .config("spark.ui.enabled", "false")
        # Adaptive planning re-plans every stage: 4 s per tiny job instead
        # of 2.5 here, and the corpus is twenty tiny jobs.
        .config("spark.sql.adaptive.enabled", "false")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def plugin():
    return payguard.Plugin(threads=1)


def canonical(value):
    """Results without nulls (Spark writes an absent field as null), a
    waiver's expiry as YYYY-MM-DD (the NDJSON's year, month and day)."""
    if isinstance(value, dict):
        if value.keys() == {"year", "month", "day"}:
            return "{year:04}-{month:02}-{day:02}".format(**value)
        return {k: canonical(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [canonical(v) for v in value]
    return value


def collected(frame):
    return [canonical(row.asDict(recursive=True)) for row in frame.collect()]


def test_the_example_gives_the_clis_results(spark, plugin):
    example = ROOT / "examples" / "payroll.csv"
    frame = spark.read.csv(str(example), header=True)
    results = collected(payguard_spark.score(frame, first_line=2, as_of="2026-12-01"))
    assert results == canonical(plugin.score_file(example, as_of="2026-12-01"))


def test_the_corpus_gives_the_packages_results(spark, plugin, tmp_path):
    jobs = {}
    skipped = []
    for name, case in cases():
        rows = list(csv.DictReader(io.StringIO(case["rows"].lstrip("\n"))))
        if any(None in row or None in row.values() for row in rows):
            skipped.append(name)  # more or fewer cells than the header: the CSV reader's to judge
            continue
        key = json.dumps(
            [case.get("policy"), str(case.get("as-of")), case.get("sanctions")], sort_keys=True, default=str
        )
        jobs.setdefault(key, []).append((name, case, rows))
    assert len(skipped) < 10, skipped
    # Each policy is its own scoring, all of them one Spark job: a job
    # costs seconds of scheduling however tiny, and there are twenty.
    frames = []
    lists = {}
    for n, job in enumerate(jobs.values()):
        if "sanctions" in job[0][1]:
            lists[n] = tmp_path / f"sanctions-{n}.csv"
            lists[n].write_text(job[0][1]["sanctions"], encoding="utf-8")
    for n, job in enumerate(jobs.values()):
        policy, as_of = job[0][1].get("policy"), job[0][1].get("as-of")
        columns = sorted({c for _, _, rows in job for row in rows for c in row})
        table = [
            [name] + [row.get(c) for c in columns] for name, _, rows in job for row in rows
        ]
        frame = spark.createDataFrame(table, ["case"] + columns)
        frames.append(
            payguard_spark.score(
                frame, policy=policy, as_of=as_of, sanctions=lists.get(n), first_line=2, payroll="case"
            )
        )
    scored = collected(functools.reduce(lambda a, b: a.unionByName(b), frames))
    problems = []
    for n, job in enumerate(jobs.values()):
        policy, as_of = job[0][1].get("policy"), job[0][1].get("as-of")
        for name, case, _ in job:
            results = [{k: v for k, v in r.items() if k != "case"} for r in scored if r["case"] == name]
            path = tmp_path / "rows.csv"
            path.write_text(case["rows"], encoding="utf-8")
            expected = canonical(plugin.score_file(path, policy=policy, as_of=as_of, sanctions=lists.get(n)))
            for problem in failures(case, results):
                problems.append(f"{name}: {problem}")
            if results != expected:
                problems.append(f"{name}: Spark gave {results}, the package {expected}")
    assert problems == []


def test_an_account_number_column_of_doubles_is_read_as_its_digits(spark):
    # spark.read.csv(inferSchema=True) makes a column of long account numbers
    # doubles, which Spark's cast to text writes as 1.23456789012E11.
    from pyspark.sql.types import DoubleType, StringType, StructField, StructType

    text = [StructField(c, StringType()) for c in ["payout_id", "employee_id", "employee_name"]]
    schema = StructType(
        text
        + [StructField(c, StringType()) for c in ["residence_country", "amount", "currency"]]
        + [StructField("account_number", DoubleType()), StructField("routing_number", StringType())]
    )
    rows = [
        ("P1", "E1", "Jordan Lee", "US", "3000.00", "USD", 123456789012.0, "021000021"),
        ("P2", "E2", "Sam Ortiz", "US", "3000.00", "USD", 123456789012.0, "021000021"),
    ]
    results = collected(payguard_spark.score(spark.createDataFrame(rows, schema), as_of="2026-12-01"))
    assert [r["decision"] for r in results] == ["review", "review"], results
    assert [f["rule"] for f in results[0]["findings"]] == ["shared-destination"]
