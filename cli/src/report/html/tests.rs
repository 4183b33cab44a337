use super::*;
use payguard::model::{
    Assessment, BankAccount, Category, Decision, Destination, Evidence, Finding, Payout, Severity,
};
use payguard::output::ReportRow;

fn policy() -> Policy {
    Policy {
        review_threshold: 40,
        block_threshold: 80,
        rules: vec![],
        lists: vec![],
        parameters: vec![],
        allowlist: vec![],
        as_of: None,
    }
}

fn row(name: &str) -> ReportRow {
    let payout = Payout {
        payout_id: "P1".into(),
        employee_id: "E1".into(),
        employee_name: name.into(),
        residence_country: "US".into(),
        amount_minor: 680_000,
        currency: "USD".into(),
        destination: Destination::Bank(BankAccount {
            iban: Some("DE89370400440532013000".into()),
            ..BankAccount::default()
        }),
        account_holder: None,
        account_changed_at: None,
        pay_date: None,
        phone: None,
        ship_to_country: None,
        reference: None,
    };
    ReportRow {
        line: 2,
        payout_id: "P1".into(),
        employee_id: Some("E1".into()),
        employee_name: Some(name.into()),
        outcome: Ok(Assessment {
            payout_id: "P1".into(),
            score: 60,
            decision: Decision::Review,
            findings: vec![Finding {
                rule: "non-local-bank".into(),
                category: Category::NonLocalBank,
                severity: Severity::High,
                points: 60,
                message: format!("{name} banks abroad"),
                evidence: vec![Evidence {
                    key: "holder".into(),
                    value: name.into(),
                }],
                related_payouts: vec![],
                related_employees: vec![],
                waiver: None,
            }],
            destination: None,
        }),
        payout: Some(Box::new(payout)),
    }
}

fn page(name: &str) -> String {
    let info = PluginInfo {
        version: "0.1.0".into(),
        contract: "payguard:risk@0.7.0".into(),
        data: vec![],
    };
    let report = Report {
        rows: vec![row(name)],
        ..Report::default()
    };
    render(
        &report,
        &RunInfo {
            source: "payroll.csv",
            generated_at: "2026-11-22 10:00:00 UTC",
            sha256: "00",
            plugin: &info,
            policy: &policy(),
            default_policy: &policy(),
            bank_file: false,
            history: None,
            max_cards: 500,
        },
    )
}

#[test]
fn markup_in_the_data_is_text() {
    let html = page("<img src=x onerror=alert(1)>\"'&");
    assert!(!html.contains("<img"), "{html}");
    assert!(html.contains("&#60;img src=x onerror=alert(1)&#62;&#34;&#39;&#38;"));
    assert_eq!(html.matches("<script>").count(), 1, "the page's own only");
}

#[test]
fn only_the_pages_own_style_and_script_may_run() {
    let html = page("Anna");
    let csp = csp(Some(SCRIPT));
    // The attribute escapes its quotes; the browser reads them back.
    let attribute = csp.replace('\'', "&#39;");
    assert!(html.contains(&format!("content=\"{attribute}\"")), "{html}");
    assert!(csp.starts_with("default-src 'none'; "));
    assert!(csp.contains(&csp_hash(SCRIPT)) && csp.contains(&csp_hash(STYLE)));
    assert!(!csp.contains("unsafe"), "{csp}");
    assert!(html.contains(&format!("<script>{SCRIPT}</script>")));
    assert!(html.contains(&format!("<style>{STYLE}</style>")));
}

#[test]
fn shows_the_destination_masked_and_the_amount_in_its_currency() {
    let html = page("Anna");
    assert!(html.contains("IBAN DE89 **** **** 3000"));
    assert!(html.contains("6,800.00 USD"));
    assert!(html.contains("data-destination=\"DE89370400440532013000\""));
}
