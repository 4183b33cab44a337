//! Which payguard column each header cell of a CSV payroll is: payguard's
//! own names, the spellings payroll and payment exports use
//! (`data/column-names.toml`), and the user's own mapping (`--columns`).
//! Names are compared folded: case ignored, spaces, `_`, `-`, `/` and `.`
//! dropped.

use super::fields::{Column, REQUIRED, SlashDates};
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

/// `data/column-names.toml`, parsed once: its three tables.
#[derive(serde::Deserialize)]
struct Tables {
    /// Each column's names as exports write them, by payguard's name.
    columns: toml::Table,
    /// The names of a name's parts (`first_name`, `middle_name`,
    /// `last_name`).
    name_parts: HashMap<String, Vec<String>>,
    /// What exports write in a method cell, by payguard's method.
    method_values: HashMap<String, Vec<String>>,
    /// What exports write in a method cell for a payout to no account, by
    /// what it is (`cheque`).
    no_account_values: HashMap<String, Vec<String>>,
}

fn tables() -> &'static Tables {
    static PARSED: OnceLock<Tables> = OnceLock::new();
    PARSED.get_or_init(|| toml::from_str(TABLE).expect("data/column-names.toml parses"))
}

/// The spellings table: each column's names as exports write them.
pub fn spellings() -> &'static [(Column, Vec<String>)] {
    static PARSED: OnceLock<Vec<(Column, Vec<String>)>> = OnceLock::new();
    PARSED.get_or_init(|| {
        tables()
            .columns
            .iter()
            .map(|(column, names)| {
                let column = Column::named(column)
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

/// A part of the employee's name that some exports keep in a column of
/// its own, with no column of the whole name: HR systems export "First
/// Name" and "Last Name", and many a "Middle Name" between them. The
/// whole name is then the parts joined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NamePart {
    First,
    Middle,
    Last,
}

impl NamePart {
    /// Every part, in the order a name is written from them.
    pub const ALL: [NamePart; 3] = [NamePart::First, NamePart::Middle, NamePart::Last];

    /// Its key in a mapping file and in the spellings table.
    pub fn name(self) -> &'static str {
        match self {
            NamePart::First => "first_name",
            NamePart::Middle => "middle_name",
            NamePart::Last => "last_name",
        }
    }
}

/// The cells of a name kept in parts: the first and the last name, and
/// the middle name when the file has a column of it (someone known by
/// their middle name has their account under it: "Michael Smith" holds
/// John Michael Smith's account, not John Smith's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NameCells {
    pub first: usize,
    pub middle: Option<usize>,
    pub last: usize,
}

impl NameCells {
    /// The cells in the order the name is written from them.
    pub fn in_order(self) -> impl Iterator<Item = usize> {
        std::iter::once(self.first)
            .chain(self.middle)
            .chain(std::iter::once(self.last))
    }
}

/// Folded name to name part: its key and the table's `[name_parts]`.
fn part_spellings() -> &'static HashMap<String, NamePart> {
    static PARTS: OnceLock<HashMap<String, NamePart>> = OnceLock::new();
    PARTS.get_or_init(|| {
        let mut parts = HashMap::new();
        for part in NamePart::ALL {
            let names = tables().name_parts.get(part.name()).unwrap_or_else(|| {
                panic!("data/column-names.toml: no {} in [name_parts]", part.name())
            });
            for name in std::iter::once(part.name()).chain(names.iter().map(String::as_str)) {
                let folded = fold(name);
                assert!(
                    !known().contains_key(&folded),
                    "data/column-names.toml: {name:?} is a column's name and a name part's"
                );
                parts.insert(folded, part);
            }
        }
        parts
    })
}

/// Folded value of a `method` cell, as exports write it, to the method's
/// name (`bank`, `crypto`, `ewallet`): the table's `[method_values]`.
pub fn method_values() -> &'static HashMap<String, String> {
    static VALUES: OnceLock<HashMap<String, String>> = OnceLock::new();
    VALUES.get_or_init(|| {
        let mut values = HashMap::new();
        for (method, written) in &tables().method_values {
            for value in written {
                values.insert(fold(value), method.clone());
            }
        }
        values
    })
}

/// What a `method` cell names when it is a payout to no account (a paper
/// cheque): the table's `[no_account_values]`, looked up folded.
pub fn no_account(value: &str) -> Option<&'static str> {
    let folded = fold(value);
    tables()
        .no_account_values
        .iter()
        .find(|(_, written)| written.iter().any(|w| fold(w) == folded))
        .map(|(what, _)| what.as_str())
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
    /// The header's names for the parts of a name it holds in two columns.
    parts: Vec<(NamePart, String)>,
    /// Which comes first in the file's dates with slashes and the year
    /// last (`dates = "day-first"`).
    dates: Option<SlashDates>,
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
        let (mut entries, mut parts, mut dates) = (Vec::new(), Vec::new(), None);
        for (key, value) in table {
            let name = value.as_str().ok_or_else(|| {
                format!("{source}: {key} must be the header's name for it, in quotes")
            })?;
            if key == "dates" {
                dates = Some(SlashDates::named(name).ok_or_else(|| {
                    format!(
                        "{source}: dates is \"day-first\" (25/11/2026) or \"month-first\" (11/25/2026), not {name:?}"
                    )
                })?);
                continue;
            }
            if let Some(part) = NamePart::ALL.into_iter().find(|p| p.name() == key) {
                parts.push((part, name.to_string()));
                continue;
            }
            let column = Column::named(&key).ok_or_else(|| {
                format!(
                    "{source}: {key} is not a payguard column; the columns are {}, first_name, middle_name and last_name for a name in parts, and dates for the order of dates with slashes",
                    super::fields::COLUMNS.join(", ")
                )
            })?;
            entries.push((column, name.to_string()));
        }
        Ok(ColumnMap {
            source: source.to_string(),
            entries,
            parts,
            dates,
        })
    }

    /// Whether it maps nothing.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty() && self.parts.is_empty() && self.dates.is_none()
    }
}

/// What a header reads as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// Each known column and the index of its cell.
    pub index: Vec<(Column, usize)>,
    /// The header has no payout_id: each row's id is made from its line.
    pub made_ids: bool,
    /// With no employee_name column, the cells of the name's parts,
    /// which make it joined (see [`NamePart`]).
    pub name_parts: Option<NameCells>,
    /// Which comes first in dates with slashes and the year last, as the
    /// mapping says.
    pub slash_dates: Option<SlashDates>,
    /// How many cells the header has.
    pub width: usize,
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
    let needed: Vec<Column> = REQUIRED
        .iter()
        .copied()
        .filter(|c| *c != Column::PayoutId)
        .collect();
    resolve_needing(header, map, &needed, "payroll")
}

/// The columns an employee roster needs: whom a bank file's payout pays.
const ROSTER_NEEDS: [Column; 3] = [
    Column::EmployeeId,
    Column::EmployeeName,
    Column::ResidenceCountry,
];

/// Reads an employee roster's `header` under `map` as [`resolve`] reads a
/// payroll's, needing only the roster's columns.
pub fn resolve_roster(header: &[String], map: &ColumnMap) -> Result<Resolved, String> {
    resolve_needing(header, map, &ROSTER_NEEDS, "roster")
}

/// [`resolve`], refusing a header without the `needed` columns as not a
/// `what` (a payroll, a roster).
fn resolve_needing(
    header: &[String],
    map: &ColumnMap,
    needed: &[Column],
    what: &str,
) -> Result<Resolved, String> {
    let folded: Vec<String> = header.iter().map(|h| fold(h)).collect();
    let mut index: Vec<(Column, usize)> = Vec::new();
    let mut taken = vec![false; header.len()];
    for (column, name) in &map.entries {
        match mapped(header, &folded, map, column.name(), name)?.as_slice() {
            [] => unreachable!("a mapped name has a cell"),
            [i] => {
                if taken[*i] {
                    return Err(format!(
                        "{}: {} maps two columns",
                        map.source,
                        cell(header, *i)
                    ));
                }
                taken[*i] = true;
                index.push((*column, *i));
            }
            [a, b, ..] => {
                return Err(format!(
                    "{}: {} = {name:?} names two columns, {} and {}",
                    map.source,
                    column.name(),
                    cell(header, *a),
                    cell(header, *b)
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
            return Err(read_twice(header, column.name(), first, i));
        }
        index.push((column, i));
    }
    let has = |index: &[(Column, usize)], column| index.iter().any(|(c, _)| *c == column);
    let name_parts = match has(&index, Column::EmployeeName) {
        true => None,
        false => name_parts(header, &folded, &taken, map)?,
    };
    let missing: Vec<Column> = needed
        .iter()
        .copied()
        .filter(|c| !has(&index, *c))
        .filter(|c| *c != Column::EmployeeName || name_parts.is_none())
        .collect();
    if !missing.is_empty() {
        return Err(not_a(what, header, &index, &missing));
    }
    let made_ids = !index.iter().any(|(c, _)| *c == Column::PayoutId);
    // Column order, so the first bad field reported is the first column.
    index.sort_by_key(|(c, _)| *c as usize);
    Ok(Resolved {
        index,
        made_ids,
        name_parts,
        slash_dates: map.dates,
        width: header.len(),
    })
}

/// The cells of the name's parts, when the header has a first and a last
/// name (by the user's mapping, else by their names) and no whole name;
/// none when it lacks either. The middle name's cell is read when there
/// is one. Two cells that read as one part are refused.
fn name_parts(
    header: &[String],
    folded: &[String],
    taken: &[bool],
    map: &ColumnMap,
) -> Result<Option<NameCells>, String> {
    let mut found = [None; 3];
    for (at, part) in NamePart::ALL.into_iter().enumerate() {
        let cells: Vec<usize> = match map.parts.iter().find(|(p, _)| *p == part) {
            Some((_, name)) => mapped(header, folded, map, part.name(), name)?,
            None => (0..header.len())
                .filter(|&i| !taken[i] && part_spellings().get(&folded[i]) == Some(&part))
                .collect(),
        };
        found[at] = match cells.as_slice() {
            [] => None,
            [one] => Some(*one),
            [a, b, ..] => return Err(read_twice(header, part.name(), *a, *b)),
        };
    }
    Ok(match found {
        [Some(first), middle, Some(last)] => Some(NameCells {
            first,
            middle,
            last,
        }),
        _ => None,
    })
}

/// Cell `i` of `header` as messages name it.
fn cell(header: &[String], i: usize) -> String {
    format!("`{}` (column {})", header[i].trim(), i + 1)
}

/// The cells a mapping's `key = name` line names; refused when none is.
fn mapped(
    header: &[String],
    folded: &[String],
    map: &ColumnMap,
    key: &str,
    name: &str,
) -> Result<Vec<usize>, String> {
    let wanted = fold(name);
    let cells: Vec<usize> = (0..header.len()).filter(|&i| folded[i] == wanted).collect();
    if cells.is_empty() {
        return Err(format!(
            "{}: {key} = {name:?}, but the header has no such column; it has {}",
            map.source,
            listed(header)
        ));
    }
    Ok(cells)
}

/// Why two cells that read as `key` are refused, and how to choose.
fn read_twice(header: &[String], key: &str, first: usize, second: usize) -> String {
    format!(
        "the header has two columns that read as {key}: {} and {}; name the one to use in a --columns file ({key} = \"{}\")",
        cell(header, first),
        cell(header, second),
        header[first].trim()
    )
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

/// "not a payroll" (or roster): what is missing, what the header has, the
/// nearest known name of each cell it could not read, and how to map them.
fn not_a(what: &str, header: &[String], index: &[(Column, usize)], missing: &[Column]) -> String {
    let names: Vec<&str> = missing.iter().map(|c| c.name()).collect();
    let mut message = format!(
        "not a {what}: no column reads as {}. The header has {}",
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
        ". Map the header's names to payguard's in a TOML file given with --columns FILE (`columns` in Python and Node), one line per column: {example} = \"Your Column\""
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

    /// The cells of the name's parts, in the order they are joined.
    fn parts(resolved: &Resolved) -> Option<Vec<usize>> {
        resolved.name_parts.map(|cells| cells.in_order().collect())
    }

    #[test]
    fn bamboohrs_employee_number_is_the_employee_id() {
        let cells = [
            "Employee #",
            "First Name",
            "Last Name",
            "Country",
            "Net Pay",
            "Currency",
        ];
        let got = resolve(&header(&cells), &ColumnMap::default()).unwrap();
        assert_eq!(columns(&got)[0], ("employee_id", 0));
        assert_eq!(parts(&got), Some(vec![1, 2]));
    }

    /// A header of an export's usual columns and `more`.
    fn with_usual(more: &[&str]) -> Vec<String> {
        let usual = ["Employee ID", "Country", "Net Pay", "Currency"];
        header(&usual.iter().chain(more).copied().collect::<Vec<_>>())
    }

    /// [`with_usual`] resolved, without a mapping.
    fn resolved(more: &[&str]) -> Result<Resolved, String> {
        resolve(&with_usual(more), &ColumnMap::default())
    }

    /// The name's cells of [`with_usual`]`(more)` under the mapping `map`.
    fn mapped_parts(map: &str, more: &[&str]) -> Option<Vec<usize>> {
        let map = ColumnMap::parse("m.toml", map).unwrap();
        parts(&resolve(&with_usual(more), &map).unwrap())
    }

    #[test]
    fn a_name_in_two_columns_is_read_only_without_a_whole_name() {
        let split = resolved(&["Last Name", "First Name"]).unwrap();
        assert_eq!(parts(&split), Some(vec![5, 4]), "first name first");
        assert!(!columns(&split).iter().any(|(c, _)| *c == "employee_name"));
        // A whole name wins; the parts are left unread.
        let whole = resolved(&["First Name", "Full Name", "Surname"]).unwrap();
        assert_eq!(whole.name_parts, None);
        assert!(columns(&whole).contains(&("employee_name", 5)));
        // One part alone is no name.
        let one = resolved(&["Surname"]).unwrap_err();
        assert!(one.contains("no column reads as employee_name"), "{one}");
        let twice = resolved(&["Last Name", "Surname", "Given Name"]).unwrap_err();
        assert!(
            twice.starts_with("the header has two columns that read as last_name: `Last Name` (column 5) and `Surname` (column 6)"),
            "{twice}"
        );
        // Mapped by the user, under another language's names.
        let german = "first_name = \"Vorname\"\nlast_name = \"Nachname\"";
        assert_eq!(
            mapped_parts(german, &["Nachname", "Vorname"]),
            Some(vec![5, 4])
        );
        let map = ColumnMap::parse("m.toml", german).unwrap();
        let missing = resolve(&with_usual(&[]), &map).unwrap_err();
        assert!(
            missing
                .starts_with("m.toml: first_name = \"Vorname\", but the header has no such column"),
            "{missing}"
        );
    }

    #[test]
    fn a_crypto_payout_files_tag_column_is_the_wallet_tag() {
        // TXN's mass payouts, Gate's bulk withdrawal template.
        for (cells, tag) in [
            (
                ["Name", "Crypto Address", "Pay Network", "Destination Tag"],
                7,
            ),
            (["Name", "Wallet", "Network", "Memo/Tag"], 7),
        ] {
            let got = resolved(&cells).unwrap();
            assert!(columns(&got).contains(&("wallet_tag", tag)), "{cells:?}");
            assert!(columns(&got).contains(&("wallet_network", 6)), "{cells:?}");
        }
        // A bare "Tag" is no column of payguard's: HR exports label with it.
        let labels = resolved(&["Name", "Tag"]).unwrap();
        assert!(!columns(&labels).iter().any(|(c, _)| *c == "wallet_tag"));
    }

    #[test]
    fn a_middle_name_column_is_joined_between_first_and_last() {
        // BambooHR's and QuickBooks' order, and Rise People's last name
        // first: the name is joined first, middle, last either way.
        let three = resolved(&["First Name", "Middle Name", "Last Name"]).unwrap();
        assert_eq!(parts(&three), Some(vec![4, 5, 6]));
        let reordered = resolved(&["Last Name", "First Name", "Middle Initial"]).unwrap();
        assert_eq!(parts(&reordered), Some(vec![5, 6, 4]));
        // A middle name alone, or beside a first name only, is no name.
        let lone = resolved(&["First Name", "Middle Name"]).unwrap_err();
        assert!(lone.contains("no column reads as employee_name"), "{lone}");
        // A whole name wins over every part.
        let whole = resolved(&["Full Name", "Middle Name"]).unwrap();
        assert_eq!(whole.name_parts, None);
        let twice =
            resolved(&["First Name", "Middle Name", "Middle Initial", "Last Name"]).unwrap_err();
        assert!(
            twice.starts_with("the header has two columns that read as middle_name"),
            "{twice}"
        );
        // Mapped by the user, under another language's names.
        let german = "first_name = \"Vorname\"\nmiddle_name = \"Zweiter Vorname\"\n\
                      last_name = \"Nachname\"";
        assert_eq!(
            mapped_parts(german, &["Nachname", "Vorname", "Zweiter Vorname"]),
            Some(vec![5, 6, 4])
        );
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
            "not a payroll: no column reads as employee_id, employee_name, residence_country, currency. The header has `Emp ID#`, `Nme`, `Net Pay`, `Currncy`; `Emp ID#` may be employee_id (\"Emp ID\"), `Nme` may be employee_name (\"Name\"), `Currncy` may be currency (\"currency\"). Map the header's names to payguard's in a TOML file given with --columns FILE (`columns` in Python and Node), one line per column: employee_id = \"Your Column\""
        );
    }

    #[test]
    fn the_table_reads_no_name_as_two_columns() {
        assert!(known().len() > 100);
        let table: toml::Table = toml::from_str(TABLE).unwrap();
        assert_eq!(table["version"].as_str(), Some("2026-12-07"));
    }
}
