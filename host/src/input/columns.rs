//! Which payguard column each header cell of a CSV payroll is: payguard's
//! own names, the spellings payroll and payment exports use
//! (`data/column-names.toml`), and the user's own mapping (`--columns`).
//! Names are compared folded: case ignored, spaces, `_`, `-`, `/` and `.`
//! dropped.

use super::fields::{Column, REQUIRED};
use std::collections::HashMap;
use std::sync::OnceLock;

/// The spellings table, compiled in.
const TABLE: &str = include_str!("../../data/column-names.toml");

/// A name folded for comparing: lower case, without spaces, `_`, `-`, `/`,
/// `.` or a byte order mark.
pub fn fold(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-' | '/' | '.' | '\u{feff}') && !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The spellings table: each column's names as exports write them.
pub fn spellings() -> &'static [(Column, Vec<String>)] {
    static PARSED: OnceLock<Vec<(Column, Vec<String>)>> = OnceLock::new();
    PARSED.get_or_init(|| {
        #[derive(serde::Deserialize)]
        struct Table {
            columns: toml::Table,
        }
        let table: Table = toml::from_str(TABLE).expect("data/column-names.toml parses");
        table
            .columns
            .into_iter()
            .map(|(column, names)| {
                let column = Column::named(&column)
                    .unwrap_or_else(|| panic!("data/column-names.toml: no column {column}"));
                let names = names
                    .as_array()
                    .expect("a list of names")
                    .iter()
                    .map(|n| n.as_str().expect("a name").to_string())
                    .collect();
                (column, names)
            })
            .collect()
    })
}

/// Every known name of each column: payguard's own, then the spellings.
fn names() -> impl Iterator<Item = (Column, &'static str)> {
    let own = Column::ALL.into_iter().map(|c| (c, c.name()));
    let listed = spellings()
        .iter()
        .flat_map(|(c, names)| names.iter().map(move |n| (*c, n.as_str())));
    own.chain(listed)
}

/// Folded name to column: payguard's names and every spelling.
fn known() -> &'static HashMap<String, Column> {
    static KNOWN: OnceLock<HashMap<String, Column>> = OnceLock::new();
    KNOWN.get_or_init(|| {
        let mut known = HashMap::new();
        for (column, name) in names() {
            if let Some(other) = known.insert(fold(name), column) {
                assert_eq!(
                    other,
                    column,
                    "data/column-names.toml: {name:?} reads as both {} and {}",
                    other.name(),
                    column.name()
                );
            }
        }
        known
    })
}

/// A user's own mapping: payguard column to the header's name for it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ColumnMap {
    /// Where it was read from, for messages.
    source: String,
    entries: Vec<(Column, String)>,
}

impl ColumnMap {
    /// Reads a mapping file: TOML, `payout_id = "Payment ID"`, one line per
    /// column to map.
    pub fn read(path: &std::path::Path) -> Result<ColumnMap, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        ColumnMap::parse(&path.display().to_string(), &text)
    }

    /// Parses a mapping; `source` names it in messages.
    pub fn parse(source: &str, text: &str) -> Result<ColumnMap, String> {
        let table: toml::Table = toml::from_str(text).map_err(|e| format!("{source}: {e}"))?;
        let mut entries = Vec::new();
        for (key, value) in table {
            let column = Column::named(&key).ok_or_else(|| {
                format!(
                    "{source}: {key} is not a payguard column; the columns are {}",
                    super::fields::COLUMNS.join(", ")
                )
            })?;
            let name = value.as_str().ok_or_else(|| {
                format!("{source}: {key} must be the header's name for it, in quotes")
            })?;
            entries.push((column, name.to_string()));
        }
        Ok(ColumnMap {
            source: source.to_string(),
            entries,
        })
    }

    /// Whether it maps nothing.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// What a header reads as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// Each known column and the index of its cell.
    pub index: Vec<(Column, usize)>,
    /// The header has no payout_id: each row's id is made from its line.
    pub made_ids: bool,
}

/// The id a row without a payout_id column gets.
pub fn made_id(line: u64) -> String {
    format!("line-{line}")
}

/// Reads `header` under `map`: the user's mapping first, then payguard's
/// names and the spellings table. Refused when two cells read as one
/// column, when the mapping names a cell the header lacks, or when a
/// column every payout needs is missing; each refusal names the cells.
pub fn resolve(header: &[String], map: &ColumnMap) -> Result<Resolved, String> {
    let folded: Vec<String> = header.iter().map(|h| fold(h)).collect();
    let cell = |i: usize| format!("`{}` (column {})", header[i].trim(), i + 1);
    let mut index: Vec<(Column, usize)> = Vec::new();
    let mut taken = vec![false; header.len()];
    for (column, name) in &map.entries {
        let wanted = fold(name);
        let found: Vec<usize> = (0..header.len()).filter(|&i| folded[i] == wanted).collect();
        match found.as_slice() {
            [] => {
                return Err(format!(
                    "{}: {} = {name:?}, but the header has no such column; it has {}",
                    map.source,
                    column.name(),
                    listed(header)
                ));
            }
            [i] => {
                if taken[*i] {
                    return Err(format!("{}: {} maps two columns", map.source, cell(*i)));
                }
                taken[*i] = true;
                index.push((*column, *i));
            }
            [a, b, ..] => {
                return Err(format!(
                    "{}: {} = {name:?} names two columns, {} and {}",
                    map.source,
                    column.name(),
                    cell(*a),
                    cell(*b)
                ));
            }
        }
    }
    let mapped: Vec<Column> = index.iter().map(|(c, _)| *c).collect();
    for i in 0..header.len() {
        if taken[i] {
            continue;
        }
        let Some(&column) = known().get(&folded[i]) else {
            continue;
        };
        // The user chose this column's cell; any other reading it is left.
        if mapped.contains(&column) {
            continue;
        }
        if let Some(&(_, first)) = index.iter().find(|(c, _)| *c == column) {
            return Err(format!(
                "the header has two columns that read as {}: {} and {}; name the one to use in a --columns file ({} = \"{}\")",
                column.name(),
                cell(first),
                cell(i),
                column.name(),
                header[first].trim()
            ));
        }
        index.push((column, i));
    }
    let missing: Vec<Column> = REQUIRED
        .iter()
        .copied()
        .filter(|c| *c != Column::PayoutId && !index.iter().any(|(known, _)| known == c))
        .collect();
    if !missing.is_empty() {
        return Err(not_a_payroll(header, &index, &missing));
    }
    let made_ids = !index.iter().any(|(c, _)| *c == Column::PayoutId);
    // Column order, so the first bad field reported is the first column.
    index.sort_by_key(|(c, _)| *c as usize);
    Ok(Resolved { index, made_ids })
}

fn listed(header: &[String]) -> String {
    if header.iter().all(|h| h.trim().is_empty()) {
        return "no column names".into();
    }
    header
        .iter()
        .map(|h| format!("`{}`", h.trim()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// "not a payroll": what is missing, what the header has, the nearest known
/// name of each cell it could not read, and how to map them.
fn not_a_payroll(header: &[String], index: &[(Column, usize)], missing: &[Column]) -> String {
    let names: Vec<&str> = missing.iter().map(|c| c.name()).collect();
    let mut message = format!(
        "not a payroll: no column reads as {}. The header has {}",
        names.join(", "),
        listed(header)
    );
    let hints: Vec<String> = (0..header.len())
        .filter(|i| !index.iter().any(|(_, at)| at == i) && !header[*i].trim().is_empty())
        .filter_map(|i| {
            let (column, name) = nearest(&header[i], missing)?;
            Some(format!(
                "`{}` may be {} (\"{name}\")",
                header[i].trim(),
                column.name()
            ))
        })
        .collect();
    if !hints.is_empty() {
        message.push_str(&format!("; {}", hints.join(", ")));
    }
    let example = missing[0].name();
    message.push_str(&format!(
        ". Map the header's names to payguard's in a TOML file given with --columns FILE, one line per column: {example} = \"Your Column\""
    ));
    message
}

/// The name of a `missing` column nearest `cell`, when it is near enough
/// to suggest.
fn nearest(cell: &str, missing: &[Column]) -> Option<(Column, String)> {
    let folded = fold(cell);
    if folded.is_empty() {
        return None;
    }
    names()
        .filter(|(c, _)| missing.contains(c))
        .map(|(column, name)| {
            let score = strsim::jaro_winkler(&folded, &fold(name));
            (score, column, name.to_string())
        })
        .filter(|(score, _, _)| *score >= 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, column, name)| (column, name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| n.to_string()).collect()
    }

    fn columns(resolved: &Resolved) -> Vec<(&'static str, usize)> {
        resolved.index.iter().map(|(c, i)| (c.name(), *i)).collect()
    }

    #[test]
    fn reads_an_exports_everyday_names() {
        let got = resolve(
            &header(&[
                "Employee ID",
                "Full Name",
                "Country of Residence",
                "Net Pay",
                "Currency",
                "IBAN",
                "SWIFT/BIC",
                "Account Holder Name",
                "Pay Date",
                "Department",
            ]),
            &ColumnMap::default(),
        )
        .unwrap();
        assert!(got.made_ids);
        assert_eq!(
            columns(&got),
            [
                ("employee_id", 0),
                ("employee_name", 1),
                ("residence_country", 2),
                ("amount", 3),
                ("currency", 4),
                ("iban", 5),
                ("bic", 6),
                ("account_holder", 7),
                ("pay_date", 8)
            ]
        );
    }

    #[test]
    fn folds_case_spaces_and_punctuation() {
        for name in [
            "swift_bic",
            "Swift BIC",
            "SWIFT-BIC",
            "swift.bic",
            "\u{feff}SWIFT/BIC",
        ] {
            let got = resolve(
                &header(&[
                    "payout_id",
                    "employee_id",
                    "employee_name",
                    "residence_country",
                    "amount",
                    "currency",
                    name,
                ]),
                &ColumnMap::default(),
            )
            .unwrap();
            assert!(got.index.contains(&(Column::Bic, 6)), "{name}");
        }
    }

    #[test]
    fn two_cells_read_as_one_column_are_refused_naming_both() {
        let two_ibans = header(&[
            "Employee ID",
            "Name",
            "Country",
            "Net Pay",
            "Currency",
            "IBAN",
            "Bank IBAN",
        ]);
        let error = resolve(&two_ibans, &ColumnMap::default()).unwrap_err();
        assert_eq!(
            error,
            "the header has two columns that read as iban: `IBAN` (column 6) and `Bank IBAN` (column 7); name the one to use in a --columns file (iban = \"IBAN\")"
        );
        // Named in a mapping, the other is left unread.
        let map = ColumnMap::parse("map.toml", "iban = \"Bank IBAN\"").unwrap();
        let got = resolve(&two_ibans, &map).unwrap();
        assert!(got.index.contains(&(Column::Iban, 6)));
    }

    #[test]
    fn a_mapping_reads_odd_names_and_refuses_what_the_header_lacks() {
        let map = ColumnMap::parse(
            "wise.toml",
            "employee_id = \"recipientId\"\naccount_holder = \"name\"\nemployee_name = \"Employee\"\ncurrency = \"targetCurrency\"\nresidence_country = \"addressCountryCode\"",
        )
        .unwrap();
        let got = resolve(
            &header(&[
                "recipientId",
                "name",
                "Employee",
                "amount",
                "targetCurrency",
                "addressCountryCode",
                "IBAN",
            ]),
            &map,
        )
        .unwrap();
        assert_eq!(
            columns(&got),
            [
                ("employee_id", 0),
                ("employee_name", 2),
                ("residence_country", 5),
                ("amount", 3),
                ("currency", 4),
                ("iban", 6),
                ("account_holder", 1)
            ]
        );
        let error = resolve(&header(&["recipientId"]), &map).unwrap_err();
        assert!(error.starts_with("wise.toml: account_holder = \"name\", but the header has no such column; it has `recipientId`"), "{error}");
        assert!(
            ColumnMap::parse("m.toml", "payee = \"x\"")
                .unwrap_err()
                .contains("payee is not a payguard column")
        );
    }

    #[test]
    fn not_a_payroll_lists_the_header_and_the_nearest_names() {
        let error = resolve(
            &header(&["Emp ID#", "Nme", "Net Pay", "Currncy"]),
            &ColumnMap::default(),
        )
        .unwrap_err();
        assert_eq!(
            error,
            "not a payroll: no column reads as employee_id, employee_name, residence_country, currency. The header has `Emp ID#`, `Nme`, `Net Pay`, `Currncy`; `Emp ID#` may be employee_id (\"Emp ID\"), `Nme` may be employee_name (\"Name\"), `Currncy` may be currency (\"currency\"). Map the header's names to payguard's in a TOML file given with --columns FILE, one line per column: employee_id = \"Your Column\""
        );
    }

    #[test]
    fn the_table_reads_no_name_as_two_columns() {
        assert!(known().len() > 100);
        let table: toml::Table = toml::from_str(TABLE).unwrap();
        assert_eq!(table["version"].as_str(), Some("2026-12-04"));
    }
}
