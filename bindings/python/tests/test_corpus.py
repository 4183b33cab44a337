"""Every case of the corpus through the Python package: from the rows as a
file (the CLI's reader) and from the rows as dicts (`Plugin.score`)."""

import csv
import io
import json
import re

import pytest

import payguard
from conformance import cases, failures

CASES = list(cases())


@pytest.fixture(scope="module")
def plugin():
    return payguard.Plugin(threads=1)


def test_the_corpus_is_all_there():
    assert len(CASES) >= 180


def sanctions_of(case, tmp_path):
    """The case's sanctions list as a file, as `--sanctions` takes one."""
    if "sanctions" not in case:
        return None
    path = tmp_path / "sanctions.csv"
    path.write_text(case["sanctions"], encoding="utf-8")
    return path


@pytest.mark.parametrize("case", [c for _, c in CASES], ids=[name for name, _ in CASES])
def test_case_from_a_file(plugin, case, tmp_path):
    path = tmp_path / "rows.csv"
    path.write_text(case["rows"], encoding="utf-8")
    sanctions = sanctions_of(case, tmp_path)
    results = plugin.score_file(path, policy=case.get("policy"), as_of=case.get("as-of"), sanctions=sanctions)
    assert failures(case, results) == []


@pytest.mark.parametrize("case", [c for _, c in CASES], ids=[name for name, _ in CASES])
def test_case_from_dicts(plugin, case, tmp_path):
    path = tmp_path / "rows.csv"
    path.write_text(case["rows"], encoding="utf-8")
    sanctions = sanctions_of(case, tmp_path)
    from_file = plugin.score_file(path, policy=case.get("policy"), as_of=case.get("as-of"), sanctions=sanctions)
    rows = list(csv.DictReader(io.StringIO(case["rows"].lstrip("\n"))))
    if any(None in row or None in row.values() for row in rows):
        pytest.skip("a row with more or fewer cells than the header is the CSV reader's to judge")
    results = plugin.score(rows, policy=case.get("policy"), as_of=case.get("as-of"), sanctions=sanctions)
    assert failures(case, results) == []
    # Lines differ by the CSV header (a dict's line is its position); the
    # results do not.
    assert same(results) == same(from_file)


def same(results):
    """The results without line numbers, wherever they appear."""
    text = json.dumps([{k: v for k, v in r.items() if k != "line"} for r in results])
    return re.sub(r"line \d+", "line N", text)
