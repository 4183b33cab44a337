//! Payment links that name an e-wallet account by its user name
//! (`paypal.me/NAME`, `cash.app/$NAME`, `wise.com/pay/me/NAME`).

use super::Pack;
use std::sync::OnceLock;

/// The link prefixes and where each provider documents them.
pub const PACK: Pack = Pack {
    name: "payment-links",
    text: include_str!("../../data/payment-links.tsv"),
};

/// The user name a payment link names, when `link` (lower case, without
/// its scheme and `www.`) starts with a listed prefix: its first path
/// segment, without a `$` or `@`. None for any other text.
pub fn user_name(link: &str) -> Option<&str> {
    // Longest first: a prefix is never cut short by a shorter one it
    // begins with.
    static PREFIXES: OnceLock<Vec<&'static str>> = OnceLock::new();
    let prefixes = PREFIXES.get_or_init(|| {
        let mut all: Vec<&'static str> = PACK.rows().map(|r| r[0]).collect();
        all.sort_by_key(|p| std::cmp::Reverse(p.len()));
        all
    });
    let rest = prefixes.iter().find_map(|p| link.strip_prefix(p))?;
    let name = rest.split(['/', '?', '#']).next()?;
    let name = name.strip_prefix(['$', '@']).unwrap_or(name);
    (!name.is_empty()).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_names_its_user_and_nothing_after() {
        for (link, name) in [
            ("paypal.me/jobsdesk", "jobsdesk"),
            ("paypal.me/jobsdesk/25.00", "jobsdesk"),
            ("paypal.com/paypalme/jobsdesk", "jobsdesk"),
            ("cash.app/$jobsdesk", "jobsdesk"),
            ("venmo.com/u/jobs-desk", "jobs-desk"),
            ("venmo.com/u/jobs-desk?txn=pay&amount=25", "jobs-desk"),
            ("revolut.me/jobsdesk", "jobsdesk"),
            ("wise.com/pay/me/jobsdesk1", "jobsdesk1"),
        ] {
            assert_eq!(user_name(link), Some(name), "{link}");
        }
        for other in [
            "paypal.me/",
            "example.com/jobsdesk",
            "jobsdesk",
            "wise.com/pay/jobs",
            "venmo.com/code?user_id=2233",
        ] {
            assert_eq!(user_name(other), None, "{other}");
        }
    }
}
