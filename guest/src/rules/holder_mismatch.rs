//! The account is held by someone other than the employee: facilitators
//! open accounts in their own or a company's name and take a cut. Names
//! are compared as people write them (see `normalize::name`), so "Müller,
//! José" and "J. Mueller" are the employee José Müller.

use super::{Context, Hit, Rule, RuleInfo};
use crate::model::{Category, Severity};
use crate::quoted::quoted;

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "holder-mismatch",
        category: Category::HolderMismatch,
        severity: Severity::High,
        weight: 40,
        description: "The account holder is not the employee (another person or a company).",
    },
    check,
};

fn check(ctx: &Context) -> Option<Hit> {
    let holder = ctx.facts.third_party.as_ref()?;
    let employee = &ctx.payout.employee_name;
    let (message, kind) = if holder.company {
        (
            format!(
                "The account is held by the company {}, not by the employee {}.",
                quoted(&holder.written),
                quoted(employee)
            ),
            "company",
        )
    } else {
        (
            format!(
                "The account is held by {}, not by the employee {}.",
                quoted(&holder.written),
                quoted(employee)
            ),
            "another person",
        )
    };
    Some(Hit::new(
        message,
        [
            ("account-holder", holder.written.clone()),
            ("employee-name", employee.clone()),
            ("holder-is", kind.to_string()),
        ],
    ))
}

#[cfg(test)]
mod tests {
    use crate::model::Payout;
    use crate::rules::testing::*;

    fn held(employee: &str, holder: &str) -> Payout {
        Payout {
            employee_name: employee.into(),
            account_holder: Some(holder.into()),
            ..payout()
        }
    }

    #[test]
    fn fires_for_another_person_or_a_company() {
        let hit = check("holder-mismatch", &held("Anna Schmidt", "Li Wei")).unwrap();
        assert_eq!(evidence(&hit, "holder-is"), Some("another person"));
        let hit = check(
            "holder-mismatch",
            &held("Anna Schmidt", "Nova Staffing LLC"),
        )
        .unwrap();
        assert_eq!(evidence(&hit, "holder-is"), Some("company"));
    }

    #[test]
    fn the_message_writes_each_name_in_its_own_script() {
        let hit = check("holder-mismatch", &held("Somchai Jaidee", "สมหญิง ใจดี")).unwrap();
        assert_eq!(
            hit.message,
            "The account is held by \"สมหญิง ใจดี\", not by the employee \"Somchai Jaidee\"."
        );
    }

    #[test]
    fn the_employee_written_differently_is_no_mismatch() {
        for holder in [
            "JOSE MUELLER",
            "Müller, José",
            "J. Müller",
            "Herr José Müller",
        ] {
            assert!(
                check("holder-mismatch", &held("José Müller", holder)).is_none(),
                "{holder}"
            );
        }
        assert!(
            check("holder-mismatch", &payout()).is_none(),
            "no holder given"
        );
    }
}
