//! The data packs in `guest/data/`, compiled in as text and read once.
//!
//! Each pack is a tab-separated file whose `#` header records its version
//! and source; `scripts/refresh-data.py` regenerates the generated ones.

pub mod banking_areas;
pub mod crypto_assets;
pub mod crypto_exchanges;
pub mod crypto_networks;
pub mod e_money;
pub mod email_providers;
pub mod iban_national;
pub mod jurisdictions;
pub mod payment_links;
pub mod phone_regions;
pub mod phone_wallets;
pub mod sanctions;

/// One data pack: its name and text.
pub struct Pack {
    pub name: &'static str,
    pub text: &'static str,
}

/// Every pack compiled into the plugin, for `info`.
pub const PACKS: &[Pack] = &[
    e_money::REVIEWED,
    e_money::BANK_CODES,
    e_money::ROUTING,
    banking_areas::PACK,
    phone_regions::PACK,
    crypto_assets::PACK,
    crypto_networks::PACK,
    crypto_exchanges::PACK,
    jurisdictions::PACK,
    sanctions::WALLETS,
    email_providers::PACK,
    payment_links::PACK,
    phone_wallets::PACK,
    iban_national::PACK,
    NICKNAMES,
    NAME_VARIANTS,
    SURNAMES,
    LEGAL_FORMS,
];

/// Given names and their everyday forms, read by the names crate.
pub const NICKNAMES: Pack = Pack {
    name: "nicknames",
    text: payguard_names::nicknames::TEXT,
};

/// Latin spellings of one name (romanisations), read by the names crate.
pub const NAME_VARIANTS: Pack = Pack {
    name: "name-variants",
    text: payguard_names::variants::TEXT,
};

/// Surnames that are no given names, read by the names crate.
pub const SURNAMES: Pack = Pack {
    name: "surnames",
    text: payguard_names::surnames::TEXT,
};

/// Organisations' legal forms, read by the names crate.
pub const LEGAL_FORMS: Pack = Pack {
    name: "legal-forms",
    text: payguard_names::legal_forms::TEXT,
};

impl Pack {
    /// The data rows, split on tabs; comments and blank lines skipped.
    pub fn rows(&self) -> impl Iterator<Item = Vec<&'static str>> {
        self.text
            .lines()
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .map(|line| line.split('\t').collect())
    }

    /// The value of a `# key: value` header line.
    pub fn header(&self, key: &str) -> Option<&'static str> {
        self.text
            .lines()
            .take_while(|line| line.starts_with('#'))
            .find_map(|line| {
                line.trim_start_matches('#')
                    .trim()
                    .strip_prefix(key)?
                    .strip_prefix(':')
                    .map(str::trim)
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pack_records_its_version_and_rows_have_its_columns() {
        for pack in PACKS {
            assert!(
                pack.header("version").is_some(),
                "{} has no version",
                pack.name
            );
            let columns = pack.text.lines().rfind(|l| l.starts_with("# ")).unwrap();
            let width = columns.split('\t').count();
            for row in pack.rows() {
                assert_eq!(row.len(), width, "{}: {row:?}", pack.name);
                assert!(
                    row.iter().all(|f| !f.trim().is_empty()),
                    "{}: {row:?}",
                    pack.name
                );
            }
        }
    }
}
