//! The employee roster: what a bank file does not say (who the employee
//! is, where they live) joined to each transfer. Roster values win over
//! the file's; where the file says otherwise, that is evidence on the
//! payout (a finding of no points: the plugin alone scores).

use super::{Account, Transfer};
use crate::input::Row;
use crate::input::columns::{ColumnMap, resolve_roster};
use crate::input::countries;
use crate::input::csv::joined_name;
use crate::input::fields::{Column, naming_date_order, parse_date_as};
use crate::model::{
    Category, Date, Destination, EWallet, Evidence, Finding, Payout, RowError, Severity,
};
use payguard_names::Name;
use std::collections::HashMap;
use std::path::Path;

/// Which value of a transfer finds its employee on the roster.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JoinOn {
    /// NACHA's individual identification number (IAT: addenda 15) is the
    /// roster's employee_id. NACHA's default.
    IndividualId,
    /// pain.001 `Cdtr/Id/PrvtId/Othr/Id` (else the ultimate creditor's) is
    /// the employee_id. pain.001's default.
    CreditorId,
    /// pain.001 `PmtId/EndToEndId` is the employee_id.
    EndToEndId,
    /// The holder's name (pain.001 also the ultimate creditor's) is the
    /// employee_name, both read as the rules read names.
    Name,
}

impl JoinOn {
    /// Every key, in the order `--join-on` lists them.
    pub const ALL: [JoinOn; 4] = [
        JoinOn::IndividualId,
        JoinOn::CreditorId,
        JoinOn::EndToEndId,
        JoinOn::Name,
    ];

    /// The default key of a bank file format.
    pub fn default_for(format: super::BankFormat) -> JoinOn {
        match format {
            super::BankFormat::Nacha => JoinOn::IndividualId,
            super::BankFormat::Pain001 => JoinOn::CreditorId,
        }
    }

    /// The option's value, as `--join-on` takes it.
    pub fn name(self) -> &'static str {
        match self {
            JoinOn::IndividualId => "individual-id",
            JoinOn::CreditorId => "creditor-id",
            JoinOn::EndToEndId => "end-to-end-id",
            JoinOn::Name => "name",
        }
    }

    /// Where the file keeps the key.
    fn file_field(self) -> &'static str {
        match self {
            JoinOn::IndividualId => "individual identification number",
            JoinOn::CreditorId => "Cdtr/Id/PrvtId/Othr/Id",
            JoinOn::EndToEndId => "PmtId/EndToEndId",
            JoinOn::Name => "holder name",
        }
    }
}

impl std::str::FromStr for JoinOn {
    type Err = String;

    /// A key by its [`JoinOn::name`].
    fn from_str(text: &str) -> Result<JoinOn, String> {
        JoinOn::ALL
            .into_iter()
            .find(|key| key.name() == text)
            .ok_or_else(|| format!("unknown roster key {text:?}"))
    }
}

/// One employee on the roster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Employee {
    pub line: u64,
    pub id: String,
    pub name: String,
    pub residence_country: String,
    pub phone: Option<String>,
    pub ship_to_country: Option<String>,
    pub account_changed_at: Option<Date>,
}

/// The roster, indexed by employee id and by name.
#[derive(Debug, Clone, Default)]
pub struct EmployeeRoster {
    /// The file it came from, for messages.
    pub source: String,
    employees: Vec<Employee>,
    by_id: HashMap<String, usize>,
    by_name: HashMap<String, Vec<usize>>,
}

/// A roster's columns; the first three are required.
const COLUMNS: [Column; 6] = [
    Column::EmployeeId,
    Column::EmployeeName,
    Column::ResidenceCountry,
    Column::Phone,
    Column::ShipToCountry,
    Column::AccountChangedAt,
];

impl EmployeeRoster {
    /// Reads a roster CSV file.
    pub fn read(path: &Path) -> Result<EmployeeRoster, String> {
        EmployeeRoster::read_in(path, None)
    }

    /// Reads a roster CSV file written in `encoding` (a WHATWG label, as a
    /// payroll's `--encoding`) when it is not UTF-8; a byte order mark
    /// decides over it.
    pub fn read_in(path: &Path, encoding: Option<&str>) -> Result<EmployeeRoster, String> {
        EmployeeRoster::read_with(path, encoding, &ColumnMap::default())
    }

    /// [`EmployeeRoster::read_in`], its header read under `columns` (a
    /// column mapping, as a payroll's `--columns`) before payguard's names
    /// and the export spellings a payroll's header is read by.
    pub fn read_with(
        path: &Path,
        encoding: Option<&str>,
        columns: &ColumnMap,
    ) -> Result<EmployeeRoster, String> {
        let bytes =
            std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        EmployeeRoster::parse_with(&path.display().to_string(), &bytes, encoding, columns)
    }

    /// Reads a roster from CSV bytes (UTF-8, or UTF-16 with its byte order
    /// mark); `source` names it in errors. A bad value fails the whole
    /// roster, naming its line and column: every payout joined to it would
    /// carry the fault.
    pub fn parse(source: &str, bytes: &[u8]) -> Result<EmployeeRoster, String> {
        EmployeeRoster::parse_in(source, bytes, None)
    }

    /// [`EmployeeRoster::parse`] of bytes written in `encoding` when it is
    /// not UTF-8 (see [`EmployeeRoster::read_in`]). A roster that is not
    /// UTF-8 and names no encoding is refused at its first such line.
    pub fn parse_in(
        source: &str,
        bytes: &[u8],
        encoding: Option<&str>,
    ) -> Result<EmployeeRoster, String> {
        EmployeeRoster::parse_with(source, bytes, encoding, &ColumnMap::default())
    }

    /// [`EmployeeRoster::parse_in`], its header read under `columns` (see
    /// [`EmployeeRoster::read_with`]): an HR system's export ("Employee
    /// ID", "First Name" and "Last Name", "Country") is a roster as it
    /// is. Countries are read as a payroll's (an alpha-3 code too), and
    /// dates too, with slashes in the order the mapping's `dates` names.
    pub fn parse_with(
        source: &str,
        bytes: &[u8],
        encoding: Option<&str>,
        columns: &ColumnMap,
    ) -> Result<EmployeeRoster, String> {
        let text = crate::input::encoding::decoded(bytes, encoding)
            .map_err(|message| format!("{source}: {message}"))?;
        if let Err(e) = std::str::from_utf8(&text) {
            let line = 1 + text[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            return Err(format!(
                "{source} line {line}: is not valid UTF-8: save the roster as UTF-8 (Excel: \"CSV UTF-8\"), \
                 or name the encoding it is in (the CLI's --encoding windows-1252, Python's and Node's encoding)"
            ));
        }
        let bytes = text.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&text);
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
        let header: Vec<String> = reader
            .headers()
            .map_err(|e| format!("{source}: cannot read the header: {e}"))?
            .iter()
            .map(String::from)
            .collect();
        let layout = resolve_roster(&header, columns).map_err(|m| format!("{source}: {m}"))?;
        let at: Vec<Option<usize>> = COLUMNS
            .iter()
            .map(|c| layout.index.iter().find(|(i, _)| i == c).map(|(_, at)| *at))
            .collect();
        let mut roster = EmployeeRoster {
            source: source.to_string(),
            ..EmployeeRoster::default()
        };
        for record in reader.records() {
            let record = record.map_err(|e| format!("{source}: {e}"))?;
            let line = record.position().map_or(0, |p| p.line());
            let value = |i: usize| {
                at[i]
                    .and_then(|at| record.get(at))
                    .map(str::trim)
                    .filter(|v| !v.is_empty())
            };
            let fail = |i: usize, message: &str| {
                format!("{source} line {line}, {}: {message}", COLUMNS[i].name())
            };
            let required = |i: usize| value(i).ok_or_else(|| fail(i, "is empty"));
            let country = |i: usize| -> Result<Option<String>, String> {
                value(i)
                    .map(|c| {
                        let code = countries::code_of(c).map_err(|m| fail(i, &m))?;
                        match code.parse::<iso_currency::Country>() {
                            Ok(_) if code.len() == 2 => Ok(code),
                            _ => Err(fail(i, &format!("{c:?} is not an ISO 3166 country code"))),
                        }
                    })
                    .transpose()
            };
            // A name in two columns (first and last) is joined, as a
            // payroll's is; the record is UTF-8 already.
            let name = match layout.name_parts {
                Some(_) => joined_name(record.as_byte_record(), layout.name_parts)
                    .ok()
                    .flatten(),
                None => value(1).map(String::from),
            };
            let employee = Employee {
                line,
                id: required(0)?.to_string(),
                name: name.ok_or_else(|| fail(1, "is empty"))?,
                residence_country: country(2)?.ok_or_else(|| fail(2, "is empty"))?,
                phone: value(3).map(String::from),
                ship_to_country: country(4)?,
                account_changed_at: value(5)
                    .map(|d| {
                        parse_date_as(d, layout.slash_dates).map_err(|m| match d.contains('/') {
                            true => fail(5, &naming_date_order(m)),
                            false => fail(5, &m),
                        })
                    })
                    .transpose()?,
            };
            if let Some(first) = roster.by_id.get(&employee.id) {
                return Err(fail(
                    0,
                    &format!(
                        "{} is also on line {}",
                        employee.id, roster.employees[*first].line
                    ),
                ));
            }
            let index = roster.employees.len();
            roster.by_id.insert(employee.id.clone(), index);
            for key in Name::parse(&employee.name).keys() {
                let employees = roster.by_name.entry(key).or_default();
                if !employees.contains(&index) {
                    employees.push(index);
                }
            }
            roster.employees.push(employee);
        }
        Ok(roster)
    }

    /// How many employees the roster holds.
    pub fn len(&self) -> usize {
        self.employees.len()
    }

    /// Whether the roster holds no employee.
    pub fn is_empty(&self) -> bool {
        self.employees.is_empty()
    }

    /// The employee `transfer` is for, or why none is.
    fn find(&self, on: JoinOn, transfer: &Transfer) -> Result<&Employee, RowError> {
        let fail = |message: String| RowError {
            payout_id: transfer.payout_id.clone(),
            field: Some(on.file_field().into()),
            message,
        };
        if on == JoinOn::Name {
            let names = [&transfer.holder, &transfer.ultimate_creditor];
            let mut looked_for = Vec::new();
            for name in names.into_iter().flatten() {
                let mut found: Vec<usize> = Vec::new();
                for key in Name::parse(name).keys() {
                    for i in self.by_name.get(&key).into_iter().flatten() {
                        if !found.contains(i) {
                            found.push(*i);
                        }
                    }
                }
                found.sort_unstable();
                match found.as_slice() {
                    [one] => return Ok(&self.employees[*one]),
                    [] => looked_for.push(format!("{name:?}")),
                    many => {
                        let ids: Vec<&str> = many
                            .iter()
                            .map(|i| self.employees[*i].id.as_str())
                            .collect();
                        return Err(fail(format!(
                            "{name:?} matches {} employees in {} ({}): join on an id",
                            ids.len(),
                            self.source,
                            ids.join(", ")
                        )));
                    }
                }
            }
            return Err(fail(match looked_for.is_empty() {
                true => "is missing: there is no name to join the roster on".into(),
                false => format!(
                    "joins no roster row: no employee in {} is named {}",
                    self.source,
                    looked_for.join(" or ")
                ),
            }));
        }
        let key = match on {
            JoinOn::IndividualId => &transfer.individual_id,
            JoinOn::CreditorId => &transfer.creditor_id,
            _ => &transfer.end_to_end_id,
        };
        let Some(key) = key else {
            return Err(fail(format!(
                "is missing: there is no value to join the roster on (--join-on {}; --join-on name joins by the holder's name)",
                on.name()
            )));
        };
        self.by_id
            .get(key.as_str())
            .map(|i| &self.employees[*i])
            .ok_or_else(|| {
                fail(format!(
                    "joins no roster row: no employee_id {key:?} in {}",
                    self.source
                ))
            })
    }

    /// The row `transfer` makes: the payout, with the roster's employee,
    /// or why it cannot be scored. `prenotes` are the accounts the file's
    /// prenotes announce, with the prenote's day and line.
    pub fn join(
        &self,
        on: JoinOn,
        transfer: Transfer,
        prenotes: &HashMap<String, (Option<Date>, u64)>,
    ) -> Row {
        let employee = match self.find(on, &transfer) {
            Ok(employee) => employee,
            Err(error) => {
                return Row {
                    line: transfer.line,
                    employee_id: None,
                    employee_name: None,
                    payout: Err(error),
                    file_findings: Vec::new(),
                };
            }
        };
        let mut row = Row {
            line: transfer.line,
            employee_id: Some(employee.id.clone()),
            employee_name: Some(employee.name.clone()),
            payout: Err(RowError {
                payout_id: transfer.payout_id.clone(),
                field: None,
                message: String::new(),
            }),
            file_findings: Vec::new(),
        };
        if let Some(fault) = transfer.fault {
            row.payout = Err(RowError {
                payout_id: transfer.payout_id,
                field: Some(fault.field),
                message: fault.message,
            });
            return row;
        }
        let mut account_changed_at = employee.account_changed_at;
        if let Some((day, line)) = transfer
            .prenote_key
            .as_ref()
            .and_then(|key| prenotes.get(key))
        {
            let day = day.or(transfer.pay_date);
            if account_changed_at.is_none() {
                account_changed_at = day;
            }
            row.file_findings.push(evidence(
                "file-prenote",
                Category::AccountChange,
                format!("a prenote on line {line} announced this account: it is new"),
                vec![("prenote-line", line.to_string())],
            ));
        }
        if let Some((country, field)) = &transfer.creditor_country
            && *country != employee.residence_country
        {
            row.file_findings.push(evidence(
                "file-roster-country",
                Category::CountryMismatch,
                format!(
                    "the bank file gives the creditor's country as {country}; the roster says the employee lives in {}",
                    employee.residence_country
                ),
                vec![
                    ("file-country", country.clone()),
                    ("file-field", field.to_string()),
                    ("roster-residence-country", employee.residence_country.clone()),
                ],
            ));
        }
        if let Some(given) = &transfer.equivalent {
            let message = if given.into == given.currency {
                format!(
                    "the file gives the amount as an equivalent, {} {}",
                    given.amount, given.currency
                )
            } else {
                format!(
                    "the file gives the amount as {} {}, for the bank to convert into {}: scored in {}",
                    given.amount, given.currency, given.into, given.into
                )
            };
            row.file_findings.push(evidence(
                "file-equivalent-amount",
                Category::CountryMismatch,
                message,
                vec![
                    (
                        "equivalent-amount",
                        format!("{} {}", given.amount, given.currency),
                    ),
                    ("currency-of-transfer", given.into.clone()),
                ],
            ));
        }
        if let Some(ultimate) = &transfer.ultimate_creditor
            && transfer
                .holder
                .as_ref()
                .is_none_or(|holder| !Name::parse(holder).same_person(&Name::parse(ultimate)))
        {
            row.file_findings.push(evidence(
                "file-ultimate-creditor",
                Category::HolderMismatch,
                format!(
                    "the account holder {} is paid for an ultimate creditor, {ultimate}",
                    transfer.holder.as_deref().unwrap_or("(unnamed)")
                ),
                vec![("ultimate-creditor", ultimate.clone())],
            ));
        }
        let destination = match transfer.account {
            Account::Bank(bank) => Destination::Bank(bank),
            Account::Proxy { kind, id } => Destination::EWallet(EWallet {
                provider: format!("proxy {kind}"),
                handle: id,
            }),
        };
        row.payout = Ok(Box::new(Payout {
            payout_id: transfer.payout_id,
            employee_id: employee.id.clone(),
            employee_name: employee.name.clone(),
            residence_country: employee.residence_country.clone(),
            amount_minor: transfer.amount_minor,
            currency: transfer.currency,
            destination,
            account_holder: transfer.holder,
            account_changed_at,
            pay_date: transfer.pay_date,
            phone: employee.phone.clone(),
            ship_to_country: employee.ship_to_country.clone(),
            reference: transfer.reference,
        }));
        row
    }
}

/// A finding the bank file supports, shown beside the plugin's. It carries
/// no points: the sandboxed rules alone score.
fn evidence(
    rule: &'static str,
    category: Category,
    message: String,
    evidence: Vec<(&str, String)>,
) -> Finding {
    Finding {
        rule: rule.into(),
        category,
        severity: Severity::Info,
        points: 0,
        message,
        evidence: evidence
            .into_iter()
            .map(|(key, value)| Evidence::new(key, value))
            .collect(),
        related_payouts: Vec::new(),
        related_employees: Vec::new(),
        waiver: None,
    }
}

#[cfg(test)]
mod tests;
