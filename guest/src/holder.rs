//! Whether a payout's account holder is someone other than the employee:
//! read once, for the `holder-mismatch` rule and the holder roster key.

use crate::model::Payout;
use crate::normalize::name::{Name, holders};

/// An account holder who is not the employee.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThirdParty {
    /// The holder as written, trimmed.
    pub written: String,
    /// The holder's reading; its key groups one holder across employees.
    pub name: Name,
    /// The holder carries a legal form: a company, not a person.
    pub company: bool,
}

/// The account holder, when it is given and is not the employee. A joint
/// account naming the employee among its holders is the employee's own.
pub fn third_party(payout: &Payout) -> Option<ThirdParty> {
    let written = payout.account_holder.as_deref()?.trim();
    let name = Name::parse(written);
    if name.is_empty() {
        return None;
    }
    let company = name.is_company();
    let employee = Name::parse(&payout.employee_name);
    if !company && holders(written).iter().any(|h| h.same_person(&employee)) {
        return None;
    }
    Some(ThirdParty {
        written: written.to_string(),
        name,
        company,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::payout;

    fn held_by(employee: &str, holder: &str) -> Option<ThirdParty> {
        third_party(&Payout {
            employee_name: employee.into(),
            account_holder: Some(holder.into()),
            ..payout()
        })
    }

    #[test]
    fn the_employee_in_any_spelling_is_no_third_party() {
        assert_eq!(held_by("José Müller", "JOSE MUELLER"), None);
        assert_eq!(held_by("José Müller", "Müller, José"), None);
        assert_eq!(held_by("José Müller", "J. Müller"), None);
        assert_eq!(held_by("Anna Schmidt", "Anna and Peter Schmidt"), None);
        assert_eq!(held_by("Peter Schmidt", "Anna & Peter Schmidt"), None);
        assert_eq!(held_by("Anna Schmidt", "  "), None);
    }

    #[test]
    fn another_person_or_a_company_is() {
        let other = held_by("Anna Schmidt", "Li Wei").unwrap();
        assert!(!other.company);
        let firm = held_by("Anna Schmidt", "Anna Schmidt Consulting Ltd").unwrap();
        assert!(
            firm.company,
            "a company is a mismatch even with her name in it"
        );
    }
}
