//! The one place that knows about WIT: the reader's exports, converting
//! the host library's types to the plugin contract's. The contract's types
//! are generated here on the guest side, so these field-by-field
//! conversions cannot share code with the host's `plugin/v0_7.rs`, which
//! maps the same records on wasmtime's side; a chunk's text and words
//! come from one writer both use (`payguard::spans`).

use ::payguard::input::bank::{EmployeeRoster, JoinOn};
use ::payguard::input::columns::ColumnMap;
use ::payguard::input::{self, InputFormat, Row};
use ::payguard::model as m;
use ::payguard::output::json;
use ::payguard::policy_file::{self, PolicyFile};
use ::payguard::spans::{Text, TooLong};

wit_bindgen::generate!({
    world: "payguard:reader/reader@0.1.0",
    path: ["../../../wit/since_v0.7.0", "wit"],
    // The contract's types, used by the reader's functions.
    generate_all,
});

use self::payguard::risk::scoring as contract;
use exports::payguard::reader::read as wit;

struct Reader;

impl wit::Guest for Reader {
    fn read_payroll(
        bytes: Vec<u8>,
        name: String,
        format: Option<wit::Format>,
        chunk_size: u32,
        columns: Option<String>,
        columns_name: String,
    ) -> Result<wit::Payroll, String> {
        let format = match format {
            Some(wit::Format::Csv) => InputFormat::Csv,
            Some(wit::Format::Json) => InputFormat::Json,
            Some(wit::Format::Ndjson) => InputFormat::Ndjson,
            None => InputFormat::detect(name.as_ref(), &bytes),
        };
        if let Some(bank) = format.bank() {
            return Err(format!(
                "{name} is a {} bank file; bank files need the employee roster: score them with the payguard CLI or the Python package",
                bank.name()
            ));
        }
        let map = match columns {
            Some(text) => ColumnMap::parse(&columns_name, &text)?,
            None => ColumnMap::default(),
        };
        let payroll =
            input::read_bytes_mapped(&bytes, format, &map).map_err(|e| format!("{name}: {e}"))?;
        payroll_of(payroll.rows, chunk_size.max(1) as usize).map_err(|TooLong| {
            format!("{name}: a chunk's text passed 4 GiB; give a smaller chunk size")
        })
    }

    fn read_bank_file(
        bytes: Vec<u8>,
        name: String,
        roster: Vec<u8>,
        roster_name: String,
        join_on: Option<String>,
        chunk_size: u32,
        columns: Option<String>,
        columns_name: String,
    ) -> Result<wit::BankFile, String> {
        let Some(format) = InputFormat::detect(name.as_ref(), &bytes).bank() else {
            return Err(format!(
                "{name} is not a bank payment file (pain.001 or NACHA); a payroll names its employees itself: score it without a roster"
            ));
        };
        let on = match join_on.as_deref() {
            None => None,
            Some(key) => Some(
                JoinOn::ALL
                    .into_iter()
                    .find(|j| j.name() == key)
                    .ok_or_else(|| {
                        let names: Vec<&str> = JoinOn::ALL.iter().map(|j| j.name()).collect();
                        format!("joinOn must be one of {}, not {key:?}", names.join(", "))
                    })?,
            ),
        };
        // The mapping is the roster's: a bank file is read as its format says.
        let map = match columns {
            Some(text) => ColumnMap::parse(&columns_name, &text)?,
            None => ColumnMap::default(),
        };
        let roster = EmployeeRoster::parse_with(&roster_name, &roster, None, &map)?;
        let (notes, payroll) = input::read_bank_bytes(&bytes, format, &roster, on);
        let payroll = payroll_of(payroll.rows, chunk_size.max(1) as usize).map_err(|TooLong| {
            format!("{name}: a chunk's text passed 4 GiB; give a smaller chunk size")
        })?;
        Ok(wit::BankFile {
            notes: notes
                .iter()
                .map(|n| json::note_line(n).trim_end().to_string())
                .collect(),
            payroll,
        })
    }

    fn extend_sanctions(
        base: contract::Policy,
        sanctions: wit::PolicyText,
    ) -> Result<contract::Policy, String> {
        let mut policy = from_contract(base);
        ::payguard::sanctions_file::extend(&mut policy, &sanctions.name, &sanctions.text)?;
        Ok(to_contract(policy))
    }

    fn apply_policy(
        base: contract::Policy,
        files: Vec<wit::PolicyText>,
    ) -> Result<contract::Policy, String> {
        let mut read = policy_files(base, &files)?;
        Ok(to_contract(read.pop().expect("one file at least").policy))
    }

    fn locate_policy_error(
        base: contract::Policy,
        files: Vec<wit::PolicyText>,
        key: String,
        message: String,
    ) -> String {
        match policy_files(base, &files) {
            Ok(files) => policy_file::locate(&files, &key, &message),
            Err(_) => format!("policy: {key}: {message}"),
        }
    }
}

export!(Reader);

/// Each file applied to the policy before it; with no files, one empty
/// file, so that there is always a last policy.
fn policy_files(
    base: contract::Policy,
    files: &[wit::PolicyText],
) -> Result<Vec<PolicyFile>, String> {
    let mut policy = from_contract(base);
    let mut read = Vec::with_capacity(files.len());
    for f in files {
        let file = PolicyFile::parse(&f.name, &f.text, policy)?;
        policy = file.policy.clone();
        read.push(file);
    }
    if read.is_empty() {
        read.push(PolicyFile::parse("policy", "", policy)?);
    }
    Ok(read)
}

fn payroll_of(rows: Vec<Row>, chunk_size: usize) -> Result<wit::Payroll, TooLong> {
    let mut chunks: Vec<contract::Chunk> = Vec::new();
    let mut text = Text::default();
    let (mut payouts, mut in_chunk) = (Vec::new(), 0);
    let mut out = Vec::with_capacity(rows.len());
    let mut readable = 0u32;
    for row in rows {
        let (payout_id, read) = match row.payout {
            Ok(p) => {
                payouts.extend_from_slice(&text.words(&p)?);
                let place = readable;
                readable += 1;
                in_chunk += 1;
                if in_chunk == chunk_size {
                    in_chunk = 0;
                    chunks.push(contract::Chunk {
                        text: std::mem::take(&mut text).0,
                        payouts: std::mem::take(&mut payouts),
                    });
                }
                (p.payout_id, Ok(place))
            }
            Err(e) => (
                e.payout_id,
                Err(wit::Rejection {
                    field: e.field,
                    message: e.message,
                }),
            ),
        };
        out.push(wit::Row {
            line: row.line,
            payout_id,
            employee_id: row.employee_id,
            read,
            file_findings: serde_json::to_string(&row.file_findings).expect("findings serialise"),
        });
    }
    if !payouts.is_empty() {
        chunks.push(contract::Chunk {
            text: text.0,
            payouts,
        });
    }
    Ok(wit::Payroll { rows: out, chunks })
}

fn date(d: m::Date) -> contract::Date {
    contract::Date {
        year: d.year,
        month: d.month,
        day: d.day,
    }
}

fn from_date(d: contract::Date) -> m::Date {
    m::Date {
        year: d.year,
        month: d.month,
        day: d.day,
    }
}

fn from_contract(p: contract::Policy) -> m::Policy {
    m::Policy {
        review_threshold: p.review_threshold,
        block_threshold: p.block_threshold,
        rules: p
            .rules
            .into_iter()
            .map(|r| m::RuleSetting {
                rule: r.rule,
                enabled: r.enabled,
                weight: r.weight,
            })
            .collect(),
        lists: p.lists.into_iter().map(|l| (l.name, l.entries)).collect(),
        parameters: p
            .parameters
            .into_iter()
            .map(|p| (p.name, p.value))
            .collect(),
        allowlist: p
            .allowlist
            .into_iter()
            .map(|e| m::AllowEntry {
                employee_id: e.employee_id,
                destination: e.destination,
                rules: e.rules,
                reason: e.reason,
                expires: from_date(e.expires),
            })
            .collect(),
        as_of: p.as_of.map(from_date),
    }
}

fn to_contract(p: m::Policy) -> contract::Policy {
    contract::Policy {
        review_threshold: p.review_threshold,
        block_threshold: p.block_threshold,
        rules: p
            .rules
            .into_iter()
            .map(|r| contract::RuleSetting {
                rule: r.rule,
                enabled: r.enabled,
                weight: r.weight,
            })
            .collect(),
        lists: p
            .lists
            .into_iter()
            .map(|(name, entries)| contract::NamedList { name, entries })
            .collect(),
        parameters: p
            .parameters
            .into_iter()
            .map(|(name, value)| contract::Parameter { name, value })
            .collect(),
        allowlist: p
            .allowlist
            .into_iter()
            .map(|e| contract::AllowEntry {
                employee_id: e.employee_id,
                destination: e.destination,
                rules: e.rules,
                reason: e.reason,
                expires: date(e.expires),
            })
            .collect(),
        as_of: p.as_of.map(date),
    }
}
