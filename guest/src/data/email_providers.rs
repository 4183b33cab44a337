//! E-mail providers that deliver several spellings of an address to one
//! mailbox (dots ignored, `+tags` dropped, a second domain).

use super::Pack;
use rustc_hash::FxHashMap;
use std::sync::OnceLock;

/// The providers and what each ignores.
pub const PACK: Pack = Pack {
    name: "email-providers",
    text: include_str!("../../data/email-providers.tsv"),
};

/// How a provider reads the local part of its addresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Provider {
    /// The domain its addresses are delivered at.
    pub mailbox_domain: &'static str,
    pub ignores_dots: bool,
    pub drops_plus_tags: bool,
}

/// The provider of `domain` (lower case), if the pack lists it.
pub fn provider(domain: &str) -> Option<Provider> {
    // Indexed once, as every e-wallet handle that is an e-mail asks.
    static BY_DOMAIN: OnceLock<FxHashMap<&'static str, Provider>> = OnceLock::new();
    BY_DOMAIN
        .get_or_init(|| {
            PACK.rows()
                .map(|r| {
                    let provider = Provider {
                        mailbox_domain: r[1],
                        ignores_dots: r[2] == "ignored",
                        drops_plus_tags: r[3] == "dropped",
                    };
                    (r[0], provider)
                })
                .collect()
        })
        .get(domain)
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gmail_ignores_dots_and_tags_and_googlemail_is_gmail() {
        let gmail = provider("gmail.com").unwrap();
        assert!(gmail.ignores_dots && gmail.drops_plus_tags);
        assert_eq!(
            provider("googlemail.com").unwrap().mailbox_domain,
            "gmail.com"
        );
        let fastmail = provider("fastmail.com").unwrap();
        assert!(!fastmail.ignores_dots && fastmail.drops_plus_tags);
        assert_eq!(provider("example.com"), None);
        for row in PACK.rows() {
            assert!(["ignored", "kept"].contains(&row[2]), "{row:?}");
            assert!(["dropped", "kept"].contains(&row[3]), "{row:?}");
        }
    }
}
