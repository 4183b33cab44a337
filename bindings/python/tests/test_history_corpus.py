"""The history cases (`tests/history-cases/`) through the Python package:
each case's runs in order against a fresh history, with the expectations
the Rust library checks, and `forget` and `prune` as steps."""

import tomllib

import pytest

import payguard
from conformance import ROOT, failures

HISTORY_CASES = ROOT / "tests" / "history-cases"


def history_cases():
    paths = sorted(HISTORY_CASES.rglob("*.toml"))
    assert paths, f"no history cases under {HISTORY_CASES}"
    for path in paths:
        with open(path, "rb") as f:
            for case in tomllib.load(f)["case"]:
                yield pytest.param(case, id=f"{path.name}: {case['name']}")


@pytest.fixture(scope="module")
def plugin():
    return payguard.Plugin()


@pytest.mark.parametrize("case", list(history_cases()))
def test_history_case(plugin, case, tmp_path):
    db = tmp_path / "history.db"
    problems = []
    for n, run in enumerate(case["run"], start=1):
        payroll = run.get("payroll")
        if "forget" in run:
            payguard.forget(db, run["forget"], payroll=payroll)
        if "prune-before" in run:
            payguard.prune(db, run["prune-before"])
        if "rows" not in run:
            continue
        # The same rows are the same file, as in the Rust runner.
        path = tmp_path / f"run-{n}.csv"
        path.write_text(run["rows"], encoding="utf-8")
        results = plugin.score_file(
            path,
            policy=case.get("policy"),
            as_of=run.get("as-of", "today"),
            history=db,
            payroll=payroll,
            record=run.get("record", True),
        )
        problems += [f"run {n}: {f}" for f in failures(run, results)]
    assert not problems, "\n".join(problems)


def test_stats_forget_and_prune(plugin, tmp_path):
    db = tmp_path / "h.db"
    for month in ("09", "10"):
        plugin.score_file(ROOT / "examples" / "history" / f"acme-2026-{month}.csv", history=db, payroll="acme")
    assert payguard.history_stats(db)["payouts"] == 9
    assert payguard.forget(db, "E-104") == [("acme", 1)]
    assert payguard.prune(db, "2026-10-01") == 4
    stats = payguard.history_stats(db)
    assert (stats["runs"], stats["payouts"]) == (1, 4)
