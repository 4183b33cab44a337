"""The case corpus (`tests/cases/`) for Python hosts: reads the cases and
checks results against them as `host/src/cases/check.rs` does, so the
package and Spark are held to the very expectations the Rust library is.
Results are the NDJSON records every host writes."""

from __future__ import annotations

import pathlib
import tomllib
from typing import Any, Iterator

ROOT = pathlib.Path(__file__).resolve().parents[3]
CASES = ROOT / "tests" / "cases"


def cases() -> Iterator[tuple[str, dict[str, Any]]]:
    """Every case of the corpus, in path order, with "file: name"."""
    paths = sorted(CASES.rglob("*.toml"))
    assert paths, f"no case files under {CASES}"
    for path in paths:
        with open(path, "rb") as f:
            document = tomllib.load(f)
        for case in document["case"]:
            yield f"{path.relative_to(ROOT)}: {case['name']}", case


def failures(case: dict[str, Any], results: list[dict[str, Any]]) -> list[str]:
    """What in `results` differs from what `case` expects; empty when it passes."""
    out: list[str] = []
    by_id: dict[str, dict[str, Any]] = {}
    for r in results:
        # The first row with an id, as the Rust check finds it.
        by_id.setdefault(r["payout_id"], r)
    for payout_id, expect in case.get("expect", {}).items():
        row = by_id.get(payout_id)
        if row is None:
            out.append(f"{payout_id}: no such payout among the rows")
            continue
        fail = lambda what: out.append(f"{payout_id}: {what}")  # noqa: E731
        rejected = expect.get("rejected")
        if row["decision"] == "rejected":
            error = row["error"]
            if rejected is None:
                fail(f"expected a result, got rejected at {error['field']}: {error['message']}")
                continue
            if error["field"] != rejected:
                fail(f"expected rejected at {rejected}, got rejected at {error['field']}")
            if "message" in expect and expect["message"] not in error["message"]:
                fail(f"expected a rejection saying {expect['message']!r}, got {error['message']!r}")
            continue
        got = f"got {row['decision']} {row['score']} ({_listed(row['findings'])})"
        if rejected is not None:
            fail(f"expected rejected at {rejected}, {got}")
            continue
        if "decision" in expect and expect["decision"] != row["decision"]:
            fail(f"expected decision {expect['decision']}, {got}")
        if "score" in expect and expect["score"] != row["score"]:
            fail(f"expected score {expect['score']}, {got}")
        found = {f["rule"]: f for f in row["findings"]}
        if "findings" in expect:
            points = {f["rule"]: f["points"] for f in row["findings"]}
            if points != expect["findings"]:
                fail(f"expected findings {expect['findings']}, {got}")
        for rule in expect.get("has", []):
            if rule not in found:
                fail(f"expected a {rule} finding, {got}")
        for rule in expect.get("lacks", []):
            if rule in found:
                fail(f"expected no {rule} finding, {got}")
        for rule in expect.get("waived", []):
            if rule not in found or found[rule].get("waiver") is None:
                fail(f"expected {rule} waived by the allowlist, {got}")
        for key, text in expect.get("evidence", {}).items():
            rule, _, name = key.partition("/")
            values = [e["value"] for e in found.get(rule, {}).get("evidence", []) if e["key"] == name]
            if not values:
                fail(f"expected evidence {key}, {got}")
            elif text not in values[0]:
                fail(f"expected {key} to contain {text!r}, got {values[0]!r}")
    return out


def _listed(findings: list[dict[str, Any]]) -> str:
    if not findings:
        return "no findings"
    return ", ".join(
        f"{f['rule']} {f['points']}{' waived' if f.get('waiver') else ''}" for f in findings
    )
