"""The Python package as a user meets it: the quick start, each input
shape, each error, and the CLI's exact bytes."""

import csv
import datetime
import os
import pathlib
import subprocess

import pandas as pd
import pyarrow as pa
import pytest

import payguard
from conformance import ROOT

EXAMPLE = ROOT / "examples" / "payroll.csv"


@pytest.fixture(scope="module")
def plugin():
    return payguard.Plugin()


def test_the_quick_start_scores_the_example(plugin):
    results = plugin.score_file(EXAMPLE)
    assert len(results) == 15
    first = results[0]
    assert (first["line"], first["payout_id"], first["decision"], first["score"]) == (2, "P-1001", "allow", 0)
    decisions = [r["decision"] for r in results]
    assert (decisions.count("allow"), decisions.count("review"), decisions.count("block")) == (5, 6, 4)


def test_info_and_rules(plugin):
    assert plugin.info()["contract"] == "payguard:risk@0.7.0"
    assert len(plugin.sha256) == 64
    ids = [r["id"] for r in plugin.rules()]
    assert "shared-destination" in ids and "crypto-destination" in ids


def cli():
    """The CLI `cargo test` built, or the one PAYGUARD_CLI names."""
    named = os.environ.get("PAYGUARD_CLI")
    candidates = [pathlib.Path(named)] if named else [ROOT / "target" / p / "payguard" for p in ("debug", "release")]
    for path in candidates:
        if path.is_file():
            return path
    pytest.fail(f"no payguard CLI at {candidates}: run `cargo build -p payguard-cli` first")


def test_ndjson_is_byte_for_byte_the_clis(plugin):
    day = "2026-12-01"
    ours = plugin.score_file(EXAMPLE, format="ndjson", as_of=day)
    theirs = subprocess.run(
        [cli(), "score", EXAMPLE, "--format", "ndjson", "--as-of", day, "--quiet"],
        capture_output=True,
        text=True,
    )
    assert theirs.returncode == 1, theirs.stderr  # 1: some payouts were flagged
    assert ours == theirs.stdout


def test_a_file_saved_in_utf16_scores_as_its_utf8_original(plugin, tmp_path):
    # Excel's "Unicode Text": UTF-16LE with its byte order mark, split by tabs.
    day = "2026-12-01"
    text = EXAMPLE.read_text(encoding="utf-8")
    assert '"' not in text, "no quoted commas to keep from tabs"
    path = tmp_path / "payroll.txt"
    path.write_bytes(text.replace(",", "\t").encode("utf-16"))
    assert plugin.score_file(path, format="ndjson", as_of=day) == plugin.score_file(EXAMPLE, format="ndjson", as_of=day)


def test_a_file_in_a_windows_code_page_scores_with_its_encoding_named(plugin, tmp_path):
    # Excel's "CSV (Comma delimited)" saves in the Windows code page.
    day = "2026-12-01"
    text = EXAMPLE.read_text(encoding="utf-8")
    assert "Jönsson" not in text
    text = text.replace("Emma Johansson", "Emma Jönsson")
    original, saved = tmp_path / "original.csv", tmp_path / "cp1252.csv"
    original.write_text(text, encoding="utf-8")
    saved.write_bytes(text.encode("cp1252"))
    unread = plugin.score_file(saved, as_of=day)
    assert [r["error"]["field"] for r in unread if r["decision"] == "rejected"] == ["employee_name"]
    read = plugin.score_file(saved, as_of=day, encoding="windows-1252", format="ndjson")
    assert read == plugin.score_file(original, as_of=day, format="ndjson")
    with pytest.raises(payguard.InputError, match="is not an encoding"):
        plugin.score_file(saved, encoding="nonesuch")
    # With a roster, the encoding is the roster's: the bank file is read as its format says.
    ach = ROOT / "examples" / "payroll.ach"
    roster_text = (ROOT / "examples" / "roster.csv").read_text(encoding="utf-8").replace("Emma Johansson", "Emma Jönsson")
    roster_original, roster_saved = tmp_path / "roster.csv", tmp_path / "roster-cp1252.csv"
    roster_original.write_text(roster_text, encoding="utf-8")
    roster_saved.write_bytes(roster_text.encode("cp1252"))
    with pytest.raises(payguard.InputError, match="line 10: is not valid UTF-8"):
        plugin.score_file(ach, roster=roster_saved, as_of=day)
    read = plugin.score_file(ach, roster=roster_saved, encoding="cp1252", as_of=day, format="ndjson")
    assert read == plugin.score_file(ach, roster=roster_original, as_of=day, format="ndjson")


def test_a_file_in_its_own_layout_scores_with_its_column_mapping(plugin):
    # Wise's batch template names its columns its own way.
    exports = ROOT / "tests" / "fixtures" / "exports"
    payroll, columns = exports / "wise-batch.csv", exports / "wise-batch.columns.toml"
    with pytest.raises(payguard.InputError, match="not a payroll"):
        plugin.score_file(payroll)
    ours = plugin.score_file(payroll, columns=columns, format="ndjson")
    assert ours == cli_ndjson(str(payroll), "--columns", str(columns))
    with pytest.raises(payguard.InputError, match="nonesuch.toml"):
        plugin.score_file(payroll, columns=exports / "nonesuch.toml")


def test_an_hr_systems_roster_joins_a_bank_file_with_its_column_mapping(plugin):
    # With a roster, `columns` is the roster's: the bank file is read as its format says.
    day = "2026-12-01"
    exports = ROOT / "tests" / "fixtures" / "exports"
    roster, columns = exports / "hr-roster.csv", exports / "hr-roster.columns.toml"
    ach = ROOT / "examples" / "payroll.ach"
    with pytest.raises(payguard.InputError, match='dates = "day-first"'):
        plugin.score_file(ach, roster=roster, as_of=day)
    ours = plugin.score_file(ach, roster=roster, columns=columns, as_of=day, format="ndjson")
    assert ours == plugin.score_file(ach, roster=ROOT / "examples" / "roster.csv", as_of=day, format="ndjson")
    assert ours == cli_ndjson(ach, "--roster", roster, "--columns", columns, "--as-of", day)


def cli_ndjson(*args):
    """The CLI's NDJSON for `args` (exit 1 or 2 when payouts are flagged or rejected)."""
    run = subprocess.run([cli(), "score", *args, "--format", "ndjson", "--quiet"], capture_output=True, text=True)
    assert run.returncode in (0, 1, 2), run.stderr
    return run.stdout


def test_bank_files_with_a_roster_and_a_sanctions_list_give_the_clis_ndjson(plugin):
    """The options the Node package shares: roster (and its join) and sanctions."""
    day = "2026-11-22"
    roster = ROOT / "examples" / "roster.csv"
    sanctions = ROOT / "tests" / "fixtures" / "sanctions.csv"
    for name in ("payroll.pain001.xml", "payroll.ach"):
        path = ROOT / "examples" / name
        ours = plugin.score_file(path, roster=roster, sanctions=sanctions, format="ndjson", as_of=day)
        theirs = cli_ndjson(path, "--roster", roster, "--sanctions", sanctions, "--as-of", day)
        assert ours == theirs, name
    catalogue = ROOT / "tests" / "fixtures" / "catalogue.csv"
    flagged = plugin.score_file(catalogue, sanctions=sanctions, as_of=day)
    assert any(f["rule"] == "sanctioned" for r in flagged if r["payout_id"] == "C-12" for f in r["findings"])
    assert plugin.score_file(catalogue, sanctions=sanctions, format="ndjson", as_of=day) == cli_ndjson(
        catalogue, "--sanctions", sanctions, "--as-of", day
    )


def test_dicts_pandas_and_arrow_give_the_files_results(plugin):
    frame = pd.read_csv(EXAMPLE, dtype=str, keep_default_na=False)
    from_file = plugin.score_file(EXAMPLE, as_of=None)
    records = frame.to_dict(orient="records")
    from_dicts = plugin.score(records, as_of=None)
    assert [r["line"] for r in from_dicts] == list(range(1, 16))
    for a, b in zip(from_dicts, from_file):
        assert {**a, "line": 0} == {**b, "line": 0}
    table = plugin.score(frame, as_of=None)
    assert isinstance(table, pa.Table) and table.num_rows == 15
    assert table.column("decision").to_pylist() == [r["decision"] for r in from_file]
    assert table.schema.field("findings").type.value_type.field("points").type == pa.uint32()
    batch = pa.RecordBatch.from_pandas(frame, preserve_index=False)
    assert plugin.score(batch, as_of=None).equals(table)


def test_missing_cells_and_numbers_as_pandas_gives_them(plugin):
    frame = pd.DataFrame(
        {
            "payout_id": ["P1", "P2"],
            "employee_id": ["E1", "E2"],
            "employee_name": ["Anna Schmidt", "Peter Meier"],
            "residence_country": ["DE", "DE"],
            "amount": [4500.5, None],
            "currency": ["EUR", "EUR"],
            "iban": ["DE89370400440532013000", "DE65100700000123456789"],
        }
    )
    results = plugin.score(frame, format="records")
    assert results[0]["decision"] == "allow"
    assert results[1]["decision"] == "rejected"
    assert results[1]["error"]["field"] == "amount"


def test_account_numbers_pandas_made_floats_are_read_as_their_digits(plugin):
    # One missing account number (an IBAN row) makes pandas keep the column
    # as floats, which pyarrow would write as 1.23456789012e+11.
    frame = pd.DataFrame(
        {
            "payout_id": ["P1", "P2", "P3"],
            "employee_id": ["E1", "E2", "E3"],
            "employee_name": ["Jordan Lee", "Sam Ortiz", "Anna Schmidt"],
            "residence_country": ["US", "US", "DE"],
            "amount": ["3000.00", "3000.00", "4500.00"],
            "currency": ["USD", "USD", "EUR"],
            "account_number": [123456789012.0, 123456789012.0, None],
            "routing_number": ["021000021", "021000021", None],
            "iban": [None, None, "DE89370400440532013000"],
        }
    )
    assert frame["account_number"].dtype == "float64"
    results = plugin.score(frame, format="records")
    assert [r["decision"] for r in results] == ["review", "review", "allow"], results
    for shared in results[:2]:
        assert [f["rule"] for f in shared["findings"]] == ["shared-destination"]


def test_a_column_mixing_numbers_and_text_is_read_as_text(plugin):
    frame = pd.DataFrame(
        {
            "payout_id": ["P1", "P2"],
            "employee_id": ["E1", "E2"],
            "employee_name": ["Anna Schmidt", "Peter Meier"],
            "residence_country": ["DE", "DE"],
            "amount": [4500, "4200.00"],
            "currency": ["EUR", "EUR"],
            "iban": ["DE89370400440532013000", "DE65100700000123456789"],
        }
    )
    table = plugin.score(frame)
    assert table.column("decision").to_pylist() == ["allow", "allow"]
    assert table.column("line").to_pylist() == [1, 2]


def test_a_rejected_row_is_a_result_naming_its_field(plugin):
    rows = [
        {"payout_id": "P1", "employee_id": "E1", "employee_name": "Anna Schmidt", "residence_country": "DE",
         "amount": "10", "currency": "EURO", "iban": "DE89370400440532013000"},
    ]
    [result] = plugin.score(rows)
    assert result["decision"] == "rejected"
    assert result["error"]["field"] == "currency"


def test_a_policy_as_a_dict_a_file_or_both(plugin, tmp_path):
    strict = {"review-threshold": 5, "block-threshold": 10}
    results = plugin.score_file(EXAMPLE, policy=strict)
    assert [r["decision"] for r in results].count("allow") < 5
    path = tmp_path / "policy.toml"
    path.write_text('review-threshold = 5\nblock-threshold = 10\n')
    assert plugin.score_file(EXAMPLE, policy=path) == results
    allow = {"allow": [{"employee": "E-004", "reason": "reviewed", "expires": datetime.date(2099, 1, 1)}]}
    waived = plugin.score_file(EXAMPLE, policy=[path, allow])
    e4 = [r for r in waived if r["employee_id"] == "E-004"]
    assert e4 and all(f.get("waiver") for r in e4 for f in r["findings"])


def test_errors_are_typed_and_say_where(plugin, tmp_path):
    with pytest.raises(payguard.PolicyError, match=r"policy\[0\] \(dict\) line 1"):
        plugin.score_file(EXAMPLE, policy={"review-threshold": "high"})
    bad = tmp_path / "bad.toml"
    bad.write_text("[rules]\nno-such-rule = { weight = 5 }\n")
    with pytest.raises(payguard.PolicyError, match="bad.toml"):
        plugin.score_file(EXAMPLE, policy=bad)
    with pytest.raises(payguard.InputError, match="missing.csv"):
        plugin.score_file(tmp_path / "missing.csv")
    with pytest.raises(payguard.LoadError, match="SHA-256"):
        payguard.Plugin(expect_sha256="0" * 64)
    with pytest.raises(payguard.LoadError):
        payguard.Plugin(path=tmp_path / "missing.wasm")
    assert issubclass(payguard.PolicyError, payguard.PayguardError)


def test_the_passes_one_at_a_time_give_score_files_results(plugin):
    """Pass 1, the roster aggregated here in dicts, pass 2: as score_file."""
    with open(EXAMPLE, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    keys = plugin.roster_keys(rows)
    assert len(keys) == len(rows)
    lowest_of = {}
    for row in keys:
        for kind, key in row["keys"]:
            lowest = lowest_of.setdefault((kind, key), {})
            employee, payout = row["employee_id"], row["payout_id"]
            if employee not in lowest or payout < lowest[employee]:
                lowest[employee] = payout
    given = []
    for row in keys:
        shared = []
        for kind, key in row["keys"]:
            lowest = lowest_of[(kind, key)]
            if len(lowest) > 1:
                shared.append(
                    {"kind": kind, "employee_count": len(lowest), "lowest": sorted(lowest.items())[:11]}
                )
        given.append({"duplicate_of": None, "shared": shared})
    assert any(g["shared"] for g in given), "the example shares accounts"
    results = plugin.assess_rows(rows, given, lines=range(2, 2 + len(rows)), as_of=None)
    assert results == plugin.score_file(EXAMPLE, as_of=None)


def test_history_three_months_as_the_cli_scores_them(plugin, tmp_path):
    """score_file(history=, payroll=) judges each month against the ones
    recorded before it, byte for byte as `payguard score --history`."""
    months = [ROOT / "examples" / "history" / f"acme-2026-{m}.csv" for m in ("09", "10", "11")]
    db = tmp_path / "py.db"
    for path in months:
        ours = plugin.score_file(path, history=db, payroll="acme", format="ndjson")
    cli_db = tmp_path / "cli.db"
    for path in months:
        theirs = subprocess.run(
            [cli(), "score", str(path), "--history", str(cli_db),
             "--payroll", "acme", "--format", "ndjson", "--quiet"],
            capture_output=True, text=True, check=False,
        ).stdout
    assert ours == theirs
    november = {r["payout_id"]: r for r in plugin.score_file(months[2], history=db, payroll="acme", record=False)}
    assert november["ACME-11-005"]["findings"][0]["rule"] == "shared-destination"
    assert november["ACME-11-001"]["decision"] == "allow"
    (tmp_path / "py.db.key").chmod(0o644)
    with pytest.raises(payguard.HistoryError, match="chmod 600"):
        plugin.score_file(months[0], history=db, payroll="acme")
