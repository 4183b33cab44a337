use super::*;

const ROSTER: &str =
    "employee_id,employee_name,residence_country,phone,ship_to_country,account_changed_at
E-1,José Müller,de,+49 30 1,DE,2024-01-31
E-2,Anna Schmidt,DE,,,
E-3,Anna  SCHMIDT,AT,,,
";

fn roster() -> EmployeeRoster {
    EmployeeRoster::parse("roster.csv", ROSTER.as_bytes()).unwrap()
}

fn transfer() -> Transfer {
    Transfer {
        line: 7,
        payout_id: "1/0001".into(),
        individual_id: Some("E-1".into()),
        holder: Some("Jose Mueller".into()),
        amount_minor: 100,
        currency: "USD".into(),
        ..Transfer::default()
    }
}

fn join(on: JoinOn, transfer: Transfer) -> Row {
    roster().join(on, transfer, &HashMap::new())
}

#[test]
fn joins_on_ids_and_takes_the_rosters_values() {
    let row = join(JoinOn::IndividualId, transfer());
    let payout = row.payout.unwrap();
    assert_eq!(payout.employee_id, "E-1");
    assert_eq!(payout.employee_name, "José Müller");
    assert_eq!(payout.residence_country, "DE", "upper-cased");
    assert_eq!(payout.phone.as_deref(), Some("+49 30 1"));
    assert_eq!(payout.account_holder.as_deref(), Some("Jose Mueller"));
    assert_eq!(
        payout.account_changed_at.map(|d| d.to_string()).as_deref(),
        Some("2024-01-31")
    );
    assert_eq!(row.line, 7);
}

#[test]
fn joins_on_names_as_the_rules_read_them() {
    let row = join(JoinOn::Name, transfer());
    assert_eq!(row.payout.unwrap().employee_id, "E-1", "Mueller is Müller");
    let anna = Transfer {
        holder: Some("SCHMIDT, Anna".into()),
        ..transfer()
    };
    let error = join(JoinOn::Name, anna).payout.unwrap_err();
    assert_eq!(error.field.as_deref(), Some("holder name"));
    assert!(
        error.message.contains("matches 2 employees"),
        "{}",
        error.message
    );
    assert!(error.message.contains("E-2, E-3"), "{}", error.message);
}

#[test]
fn names_the_key_it_looked_for() {
    let stranger = Transfer {
        individual_id: Some("E-9".into()),
        ..transfer()
    };
    let error = join(JoinOn::IndividualId, stranger).payout.unwrap_err();
    assert_eq!(error.payout_id, "1/0001");
    assert_eq!(
        error.message,
        "joins no roster row: no employee_id \"E-9\" in roster.csv"
    );
    let error = join(JoinOn::CreditorId, transfer()).payout.unwrap_err();
    assert!(error.message.starts_with("is missing"), "{}", error.message);
    assert_eq!(error.field.as_deref(), Some("Cdtr/Id/PrvtId/Othr/Id"));
}

#[test]
fn shows_what_the_file_says_against_the_roster() {
    let abroad = Transfer {
        creditor_country: Some(("RU".into(), "Cdtr/PstlAdr/Ctry")),
        ultimate_creditor: Some("Ivan Petrov".into()),
        prenote_key: Some("121000248/77".into()),
        pay_date: Some(Date {
            year: 2026,
            month: 11,
            day: 27,
        }),
        ..transfer()
    };
    let prenotes = HashMap::from([("121000248/77".to_string(), (None, 3))]);
    let row = roster().join(JoinOn::IndividualId, abroad, &prenotes);
    let rules: Vec<&str> = row.file_findings.iter().map(|f| &*f.rule).collect();
    assert_eq!(
        rules,
        [
            "file-prenote",
            "file-roster-country",
            "file-ultimate-creditor"
        ]
    );
    assert!(row.file_findings.iter().all(|f| f.points == 0));
    let payout = row.payout.unwrap();
    assert_eq!(payout.residence_country, "DE", "the roster wins");
    assert_eq!(
        payout.account_changed_at.map(|d| d.to_string()).as_deref(),
        Some("2024-01-31"),
        "the roster's date wins over the prenote's"
    );
}

#[test]
fn refuses_a_roster_with_a_bad_value_naming_line_and_column() {
    let bad = |text: &str| EmployeeRoster::parse("r.csv", text.as_bytes()).unwrap_err();
    assert!(
        bad("employee_id,employee_name\n")
            .starts_with("r.csv: not a roster: no column reads as residence_country.")
    );
    assert_eq!(
        bad("employee_id,employee_name,residence_country\nE-1,A,Germany\n"),
        "r.csv line 2, residence_country: \"Germany\" is a country's name, not its ISO 3166-1 code: write DE"
    );
    assert_eq!(
        bad("employee_id,employee_name,residence_country\nE-1,A,XX\n"),
        "r.csv line 2, residence_country: \"XX\" is not an ISO 3166 country code"
    );
    assert_eq!(
        bad("employee_id,employee_name,residence_country\nE-1,A,DE\nE-1,B,FR\n"),
        "r.csv line 3, employee_id: E-1 is also on line 2"
    );
    assert!(
        bad(
            "employee_id,employee_name,residence_country,account_changed_at\nE-1,A,DE,31/01/2024\n"
        )
        .starts_with("r.csv line 2, account_changed_at:")
    );
}

#[test]
fn reads_an_hr_systems_export_as_a_payrolls_header_is_read() {
    // Export names, the name in two columns, an alpha-3 country, and dates
    // with slashes in the order a mapping names.
    let text = "Employee Code,Last Name,First Name,Department,Country of Residence,Mobile Number,Bank Details Changed\n\
                E-1,de Vries,Pieter,Support,NLD,+31 20 123 4567,14/08/2026\n";
    let columns = ColumnMap::parse("m.toml", "dates = \"day-first\"").unwrap();
    let roster = EmployeeRoster::parse_with("r.csv", text.as_bytes(), None, &columns).unwrap();
    let employee = &roster.employees[0];
    assert_eq!(
        (
            employee.id.as_str(),
            employee.name.as_str(),
            employee.residence_country.as_str(),
            employee.phone.as_deref(),
        ),
        ("E-1", "Pieter de Vries", "NL", Some("+31 20 123 4567"))
    );
    assert_eq!(
        employee
            .account_changed_at
            .map(|d| d.to_string())
            .as_deref(),
        Some("2026-08-14")
    );
    // Without the mapping the order is not guessed, and the refusal says
    // how to name it.
    let refused = EmployeeRoster::parse("r.csv", text.as_bytes()).unwrap_err();
    assert!(
        refused.starts_with("r.csv line 2, account_changed_at: \"14/08/2026\" is not a date")
            && refused.contains("dates = \"day-first\""),
        "{refused}"
    );
    // A mapping names a column of the roster's header.
    let mapped = ColumnMap::parse("m.toml", "residence_country = \"Land\"").unwrap();
    let text = "Personalnummer,Name,Land\nE-1,Anna Schmidt,DE\n";
    assert!(EmployeeRoster::parse("r.csv", text.as_bytes()).is_err());
    let roster = EmployeeRoster::parse_with(
        "r.csv",
        text.replace("Personalnummer", "Employee ID").as_bytes(),
        None,
        &mapped,
    )
    .unwrap();
    assert_eq!(roster.employees[0].residence_country, "DE");
}

#[test]
fn joins_on_end_to_end_ids() {
    let by_e2e = Transfer {
        end_to_end_id: Some("E-2".into()),
        ..transfer()
    };
    let row = join(JoinOn::EndToEndId, by_e2e);
    assert_eq!(row.payout.unwrap().employee_id, "E-2");
}

#[test]
fn a_roster_saved_in_utf16_reads_as_in_utf8() {
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(ROSTER.encode_utf16().flat_map(u16::to_le_bytes));
    let read = EmployeeRoster::parse("roster.txt", &utf16).unwrap();
    let on_name = |roster: &EmployeeRoster| roster.join(JoinOn::Name, transfer(), &HashMap::new());
    assert_eq!(on_name(&read), on_name(&roster()));
    assert!(on_name(&read).payout.is_ok(), "José Müller found by name");
}

#[test]
fn a_roster_in_a_windows_code_page_reads_with_its_encoding_named() {
    // Excel's "CSV (Comma delimited)": José Müller in Windows-1252.
    let (cp1252, _, lost) = encoding_rs::WINDOWS_1252.encode(ROSTER);
    assert!(!lost && cp1252.iter().any(|b| *b >= 0x80));
    let unnamed = EmployeeRoster::parse("roster.csv", &cp1252).unwrap_err();
    let line = 1 + ROSTER[..ROSTER.find("José").unwrap()].matches('\n').count();
    assert!(
        unnamed.starts_with(&format!("roster.csv line {line}: is not valid UTF-8"))
            && unnamed.contains("--encoding windows-1252"),
        "{unnamed}"
    );
    let named = EmployeeRoster::parse_in("roster.csv", &cp1252, Some("windows-1252")).unwrap();
    let on_name = |roster: &EmployeeRoster| roster.join(JoinOn::Name, transfer(), &HashMap::new());
    assert_eq!(on_name(&named), on_name(&roster()));
    let bad = EmployeeRoster::parse_in("roster.csv", &cp1252, Some("nonesuch")).unwrap_err();
    assert!(bad.contains("\"nonesuch\" is not an encoding"), "{bad}");
}
