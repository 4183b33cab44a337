"""Scores a payroll CSV with Spark and writes the results as JSON lines.

    spark-submit examples/spark_job.py examples/payroll.csv target/spark-results

Each executor's Python worker needs the payguard package
(`pip install ./bindings/python`); nothing else is shipped."""

import sys

from pyspark.sql import SparkSession

from payguard import spark as payguard_spark

source, destination = sys.argv[1], sys.argv[2]
spark = SparkSession.builder.appName("payguard").getOrCreate()
payroll = spark.read.csv(source, header=True)
# first_line=2: the CSV header is line 1, so lines match `payguard score`.
results = payguard_spark.score(payroll, first_line=2)
results.write.mode("overwrite").json(destination)
for row in results.select("line", "payout_id", "decision", "score").collect():
    print(row.line, row.payout_id, row.decision, row.score)
spark.stop()
