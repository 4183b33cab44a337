"""Payout-risk scoring for payrolls, from Python.

The package embeds payguard's Rust host: the same sandboxed plugin, limits,
roster, threads and compile cache as the `payguard` CLI, at Rust speed.
Results are the CLI's NDJSON records (`payguard score --format ndjson`), as
dicts, or as a pyarrow Table when the rows came as Arrow or pandas.

    import payguard
    plugin = payguard.Plugin()
    for result in plugin.score_file("examples/payroll.csv"):
        print(result["payout_id"], result["decision"], result.get("score"))
"""

from __future__ import annotations

import datetime as _dt
import json as _json
import os as _os
from typing import Any, Mapping

import tomli_w as _tomli_w

from ._native import (
    InputError,
    LoadError,
    PayguardError,
    PluginError,
    HistoryError,
    PolicyError,
)
from ._native import Plugin as _Native
from ._native import history_forget as _history_forget
from ._native import history_prune as _history_prune
from ._native import history_stats as _history_stats

__all__ = [
    "Plugin",
    "PayguardError",
    "LoadError",
    "PolicyError",
    "InputError",
    "PluginError",
    "HistoryError",
    "forget",
    "prune",
    "history_stats",
    "RESULT_COLUMNS",
]

#: The columns of a result, in the order the NDJSON writes them: an
#: assessed payout has `score` and `findings`, a rejected one `error`.
RESULT_COLUMNS = ("line", "payout_id", "employee_id", "score", "decision", "findings", "error")

#: A policy: a TOML file's path, a dict shaped like such a file, or a list
#: of them applied in turn on the plugin's defaults.
Policy = Any


class Plugin:
    """A loaded, compiled plugin: load once, score many payrolls.

    `path` loads another component than the embedded one; `expect_sha256`
    refuses any plugin whose SHA-256 differs. `threads` (default: every
    core) and `chunk_size` (default 4096) change speed, never results.
    """

    def __init__(
        self,
        path: str | _os.PathLike[str] | None = None,
        expect_sha256: str | None = None,
        *,
        threads: int | None = None,
        chunk_size: int | None = None,
    ) -> None:
        self._native = _Native(
            None if path is None else _os.fspath(path), expect_sha256, threads, chunk_size
        )

    @property
    def sha256(self) -> str:
        """The component's SHA-256, lower-case hex."""
        return self._native.sha256

    def info(self) -> dict[str, Any]:
        """The plugin's version, contract (`payguard:risk@0.3.0`) and data versions."""
        return _json.loads(self._native.info_json())

    def rules(self) -> list[dict[str, Any]]:
        """The rule catalogue: id, category, severity, weight, description."""
        return _json.loads(self._native.rules_json())

    def score_file(
        self,
        path: str | _os.PathLike[str],
        policy: Policy = None,
        roster: str | _os.PathLike[str] | None = None,
        *,
        sanctions: str | _os.PathLike[str] | None = None,
        as_of: _dt.date | str | None = "today",
        format: str = "records",
        history: str | _os.PathLike[str] | None = None,
        payroll: str | None = None,
        record: bool = True,
        history_secret: str | _os.PathLike[str] | None = None,
        encoding: str | None = None,
        columns: str | _os.PathLike[str] | None = None,
    ) -> list[dict[str, Any]] | str:
        """Scores a payroll (CSV, JSON, NDJSON) or bank file (pain.001,
        NACHA, joined to `roster`), streamed, never held whole.

        A CSV payroll's columns are found by their names as payguard or
        common exports write them; `columns` is a mapping file (TOML,
        `iban = "Bank IBAN"`) for names outside those, as `payguard score
        --columns` takes it. With `roster`, the roster's header is read so
        (an HR system's export is a roster as it is) and `columns` is the
        roster's mapping: a bank file is read as its format says.

        The file is read as UTF-8, or UTF-16 by its byte order mark; one in
        a Windows code page is read with `encoding` naming it (a WHATWG
        label: "windows-1252", "iso-8859-2"), as `payguard score
        --encoding` reads it. Without it, a row that is not UTF-8 is
        rejected. With `roster` it is the roster's: a bank file is read as
        its format says.

        With `history` (a SQLite file, made when missing, its secret beside
        it or at `history_secret`), the file is judged against the runs
        recorded before it and then recorded on `payroll` (default
        "default") unless `record` is False, as `payguard score --history
        DB --payroll NAME` does.

        Returns one dict per row in file order, rejected rows included (a
        bank file's notes first), or with `format="ndjson"` the exact text
        `payguard score --format ndjson` writes. `policy` is a TOML file, a
        dict shaped like one, or a list of them applied in turn; `as_of` is
        the day allowlist expiry is judged on for payouts without a pay
        date: "today" (UTC, the default, as the CLI), a date or
        "YYYY-MM-DD", or None for no day (an allowlist entry then applies
        only to payouts with a pay date).
        """
        text = self._native.score_file(
            _os.fspath(path),
            _policies(policy),
            _day(as_of),
            None if sanctions is None else _os.fspath(sanctions),
            None if roster is None else _os.fspath(roster),
            None if history is None else _os.fspath(history),
            payroll,
            record,
            None if history_secret is None else _os.fspath(history_secret),
            encoding,
            None if columns is None else _os.fspath(columns),
        )
        return _shaped(text, format)

    def score(
        self,
        rows: Any,
        policy: Policy = None,
        *,
        sanctions: str | _os.PathLike[str] | None = None,
        as_of: _dt.date | str | None = "today",
        format: str | None = None,
    ) -> Any:
        """Scores rows already in memory, keyed by the CSV column names.

        `rows` is a list of dicts, a pandas DataFrame or a pyarrow Table
        (or RecordBatch). Results come back in row order, one per row,
        each with `line` its row's position from 1:
        dicts for a list, a pyarrow Table for Arrow or pandas input (pass
        `format="records"` or `"arrow"` to choose). Amounts may be strings
        or numbers; a missing value (None, NaN) is an empty cell. A row
        that cannot be read is a rejected result naming the field, never
        an exception.
        """
        text, row_format = _rows_text(rows)
        text = self._native.score_rows(
            text,
            row_format,
            _policies(policy),
            _day(as_of),
            None if sanctions is None else _os.fspath(sanctions),
        )
        return _shaped(text, format or ("arrow" if row_format == "csv" else "records"))

    # The two passes one at a time, for engines that aggregate the roster
    # themselves (payguard.spark does it in Spark SQL).

    def roster_keys(
        self, rows: Any, policy: Policy = None, *, as_of: _dt.date | str | None = "today"
    ) -> list[dict[str, Any]]:
        """Pass 1 alone: per row (as for `score`), its `payout_id` (as
        written, for a row that cannot be read too), `employee_id` (None
        for such a row) and `keys`, each `[kind, hex digest]` with kind
        `destination`, `account-holder` or `phone`. Two rows share a key
        when kind and digest are equal."""
        text = self._native.roster_keys(*_rows_text(rows), _policies(policy), _day(as_of))
        out: list[dict[str, Any]] = []
        for line in text.splitlines():
            note = _json.loads(line)
            if note["kind"] is None:
                out.append({"payout_id": note["payout_id"], "employee_id": note["employee_id"], "keys": []})
            else:
                out[-1]["keys"].append([note["kind"], note["key"]])
        return out

    def assess_rows(
        self,
        rows: Any,
        given: list[dict[str, Any]],
        policy: Policy = None,
        *,
        lines: list[int] | None = None,
        as_of: _dt.date | str | None = "today",
        format: str = "records",
    ) -> Any:
        """Pass 2 alone: scores row `i` (numbered `lines[i]`, default its
        position from 1) with `given[i]`, its share of the roster as the
        engine aggregated it: `{"duplicate_of": line of an earlier row with
        the same payout id, or None, "shared": [{"kind", "employee_count",
        "lowest": [[employee_id, lowest payout_id], ...]}]}`, where a
        shared key has more than one distinct employee and `lowest` holds
        its eleven lowest employee ids (byte order), each with its lowest
        payout id, over the rows that are not duplicates."""
        text, row_format = _rows_text(rows)
        lines = list(range(1, len(given) + 1)) if lines is None else [int(n) for n in lines]
        text = self._native.assess_rows(
            text, row_format, lines, _json.dumps(given), _policies(policy), _day(as_of)
        )
        return _shaped(text, format)


def _ndjson(records: list[dict[str, Any]]) -> str:
    """One object per line, so a row's line is its position (from 1)."""
    return "".join(_json.dumps(r, default=_cell, ensure_ascii=False) + "\n" for r in records)


def _shaped(text: str, format: str) -> Any:
    if format == "ndjson":
        return text
    if format == "arrow":
        from ._arrow import results_from_ndjson

        return results_from_ndjson(text)
    records = [_json.loads(line) for line in text.splitlines()]
    if format == "records":
        return records
    raise ValueError(f"format must be 'records', 'arrow' or 'ndjson', not {format!r}")


def _policies(policy: Policy) -> list[tuple[str, str]]:
    """(name, TOML text) pairs, in the order they apply."""
    if policy is None:
        return []
    if isinstance(policy, (str, _os.PathLike, Mapping)):
        policy = [policy]
    out = []
    for n, one in enumerate(policy):
        if isinstance(one, Mapping):
            out.append((f"policy[{n}] (dict)", _tomli_w.dumps(dict(one))))
        else:
            path = _os.fspath(one)
            try:
                with open(path, encoding="utf-8") as f:
                    out.append((path, f.read()))
            except OSError as e:
                raise InputError(f"cannot read {path}: {e}") from e
    return out


def forget(
    history: str | _os.PathLike[str],
    employee: str,
    *,
    payroll: str | None = None,
    history_secret: str | _os.PathLike[str] | None = None,
) -> list[tuple[str, int]]:
    """Erases one employee from a history (on `payroll`, else on every
    payroll), as `payguard history forget`: (payroll, payouts erased)."""
    secret = None if history_secret is None else _os.fspath(history_secret)
    return _history_forget(_os.fspath(history), employee, payroll, secret)


def prune(
    history: str | _os.PathLike[str],
    before: _dt.date | str,
    *,
    history_secret: str | _os.PathLike[str] | None = None,
) -> int:
    """Erases every payout paid before `before`, as `payguard history
    prune`: how many."""
    secret = None if history_secret is None else _os.fspath(history_secret)
    return _history_prune(_os.fspath(history), _day(before), secret)


def history_stats(
    history: str | _os.PathLike[str],
    *,
    history_secret: str | _os.PathLike[str] | None = None,
) -> dict[str, int]:
    """Runs, payrolls, payouts, employees, keys and bytes a history holds."""
    secret = None if history_secret is None else _os.fspath(history_secret)
    return _json.loads(_history_stats(_os.fspath(history), secret))


def _day(as_of: _dt.date | str | None) -> tuple[int, int, int] | None:
    if as_of is None:
        return None
    if as_of == "today":
        as_of = _dt.datetime.now(_dt.timezone.utc).date()
    elif isinstance(as_of, str):
        as_of = _dt.date.fromisoformat(as_of)
    elif isinstance(as_of, _dt.datetime):
        as_of = as_of.date()
    return (as_of.year, as_of.month, as_of.day)


def _rows_text(rows: Any) -> tuple[str, str]:
    """The rows as text for the native core, and its format: CSV written
    by pyarrow for Arrow or pandas, NDJSON for dicts."""
    table = _arrow_table(rows)
    if table is not None:
        from ._arrow import to_csv

        return to_csv(table), "csv"
    return _ndjson([dict(row) for row in rows]), "ndjson"


def _arrow_table(rows: Any) -> Any:
    """The rows as a pyarrow Table when they came as pandas or Arrow, else
    None. A missing value (None, NaN) becomes an empty cell."""
    module = type(rows).__module__
    if module.startswith("pandas"):
        import pyarrow as pa

        try:
            return pa.Table.from_pandas(rows, preserve_index=False)
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            # A column mixing types (numbers and text): each cell as text.
            return pa.Table.from_pandas(rows.astype("string"), preserve_index=False)
    if module.startswith("pyarrow"):
        import pyarrow as pa

        return pa.Table.from_batches([rows]) if isinstance(rows, pa.RecordBatch) else rows
    return None


def _cell(value: Any) -> Any:
    """JSON for what `json` cannot write itself: dates as YYYY-MM-DD,
    decimals and anything else as their text (never through a float)."""
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()[:10]
    return str(value)
