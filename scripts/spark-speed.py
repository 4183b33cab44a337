#!/usr/bin/env python3
"""Spark's two figures against the CLI, on `payguard bench`'s realistic rows,
with Spark's default settings (as a new user has them) in local[2]:

- the fixed cost: `payguard.spark.score` of a 3,059-row payroll, first run
  (the JVM warm, the plugin compiled in each Python worker) and second;
- the speed: rows per second per core on 1,000,000 rows, against
  `payguard score --format ndjson` on the same file and cores.

    cargo build --release -p payguard-cli --features bench
    maturin develop --release -m bindings/python/Cargo.toml   # in a venv with pyspark
    python scripts/spark-speed.py [--rows 1000000] [--small 3059]

Run by hand (minutes): never from .ci/run.
"""

import argparse
import os
import pathlib
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
CLI = ROOT / "target" / "release" / "payguard"
CORES = 2


def write_payroll(path: pathlib.Path, rows: int) -> None:
    subprocess.run(
        [str(CLI), "bench", "--rows", str(rows), "--write-payroll", str(path)],
        check=True,
        stderr=subprocess.DEVNULL,
    )


def cli_seconds(path: pathlib.Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        [str(CLI), "score", "--format", "ndjson", "--threads", str(CORES), str(path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,  # exit 1 means flags were found
    )
    return time.perf_counter() - start


def spark_seconds(spark, path: pathlib.Path) -> float:
    from payguard import spark as payguard_spark

    start = time.perf_counter()
    payroll = spark.read.csv(str(path), header=True)
    results = payguard_spark.score(payroll, first_line=2)
    results.write.format("noop").mode("overwrite").save()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--small", type=int, default=3_059)
    args = parser.parse_args()
    if not CLI.exists():
        sys.exit(f"no {CLI}: cargo build --release -p payguard-cli --features bench")
    from pyspark.sql import SparkSession

    with tempfile.TemporaryDirectory() as tmp:
        small, large = pathlib.Path(tmp, "small.csv"), pathlib.Path(tmp, "large.csv")
        write_payroll(small, args.small)
        write_payroll(large, args.rows)
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        spark = (
            SparkSession.builder.master(f"local[{CORES}]")
            .appName("payguard-spark-speed")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .getOrCreate()
        )
        spark.sparkContext.setLogLevel("ERROR")
        version = spark.version
        spark.range(1).count()  # the JVM's own start is not payguard's cost
        first = spark_seconds(spark, small)
        second = spark_seconds(spark, small)
        spark_large = spark_seconds(spark, large)
        spark.stop()
        cli_large = min(cli_seconds(large) for _ in range(2))

    spark_rate = args.rows / spark_large / CORES
    cli_rate = args.rows / cli_large / CORES
    print(f"Spark {version} local[{CORES}], default settings")
    print(f"fixed cost, {args.small:,} rows: {first:.1f} s first run, {second:.1f} s second"
          f" (target under 10 s: {'met' if second < 10 else 'missed'})")
    print(f"{args.rows:,} rows: Spark {spark_large:.1f} s, {spark_rate:,.0f} rows/s per core;"
          f" CLI {cli_large:.1f} s, {cli_rate:,.0f} rows/s per core;"
          f" Spark/CLI {spark_rate / cli_rate:.2f} (target at least 0.50:"
          f" {'met' if spark_rate >= cli_rate / 2 else 'missed'})")


if __name__ == "__main__":
    main()
