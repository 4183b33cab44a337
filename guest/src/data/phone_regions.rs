//! Telephone regions: calling codes, trunk prefixes and the leading
//! digits that tell apart the regions sharing a code.

use super::Pack;
use rustc_hash::FxHashMap;
use std::sync::OnceLock;

/// The regions, generated from libphonenumber's metadata.
pub const PACK: Pack = Pack {
    name: "phone-regions",
    text: include_str!("../../data/phone-regions.tsv"),
};

/// One telephone region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    /// ISO 3166-1 alpha-2 (or XK).
    pub country: &'static str,
    pub calling_code: u32,
    /// Dialled before a national number at home ("0" in DE, "8" in RU).
    pub trunk_prefix: Option<&'static str>,
    /// Numbers after the calling code that start with one of these are
    /// this region's, among the regions sharing the code.
    pub leading: Vec<&'static str>,
    /// The numbers of digits its national numbers may have (their
    /// significant digits: no trunk prefix); empty when unknown.
    pub national_lengths: Vec<usize>,
}

impl Region {
    /// Whether a national number of `digits` digits may be this region's.
    pub fn takes_national_length(&self, digits: usize) -> bool {
        self.national_lengths.contains(&digits)
    }
}

struct Index {
    /// By calling code: E.164 codes have at most three digits, so a table
    /// of a thousand answers without a search (a `BTreeMap`'s search was
    /// about half of reading a phone's countries in the plugin).
    by_code: Vec<Vec<Region>>,
    by_country: FxHashMap<&'static str, Region>,
}

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut by_code: Vec<Vec<Region>> = vec![Vec::new(); 1000];
        let mut by_country = FxHashMap::default();
        for r in PACK.rows() {
            let region = Region {
                country: r[0],
                calling_code: r[1].parse().expect("a calling code"),
                trunk_prefix: (r[2] != "-").then_some(r[2]),
                leading: if r[4] == "-" {
                    Vec::new()
                } else {
                    r[4].split(',').collect()
                },
                national_lengths: r
                    .get(5)
                    .filter(|l| **l != "-")
                    .map(|l| l.split(',').filter_map(|n| n.parse().ok()).collect())
                    .unwrap_or_default(),
            };
            by_country.insert(region.country, region.clone());
            by_code
                .get_mut(region.calling_code as usize)
                .expect("a calling code of at most three digits")
                .push(region);
        }
        Index {
            by_code,
            by_country,
        }
    })
}

/// The regions of a calling code.
pub fn with_code(code: u32) -> Option<&'static [Region]> {
    let regions = index().by_code.get(usize::try_from(code).ok()?)?;
    (!regions.is_empty()).then_some(regions.as_slice())
}

/// The region of a country.
pub fn of_country(country: &str) -> Option<&'static Region> {
    index().by_country.get(country)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_codes_trunks_and_nanp_area_codes() {
        let de = of_country("DE").unwrap();
        assert_eq!((de.calling_code, de.trunk_prefix), (49, Some("0")));
        assert_eq!(of_country("RU").unwrap().trunk_prefix, Some("8"));
        assert_eq!(of_country("IT").unwrap().trunk_prefix, None);
        assert_eq!(
            of_country("DO").unwrap().leading,
            ["8001", "809", "829", "849"]
        );
        assert_eq!(of_country("XK").unwrap().calling_code, 383);
        assert_eq!(of_country("GB").unwrap().national_lengths, [7, 9, 10]);
        assert!(of_country("US").unwrap().takes_national_length(10));
        assert!(
            index()
                .by_country
                .values()
                .all(|r| !r.national_lengths.is_empty()),
            "every region's national lengths are known"
        );
        assert!(with_code(1).unwrap().len() > 20);
        for unassigned in [0, 999, 1000, u32::MAX] {
            assert_eq!(with_code(unassigned), None, "{unassigned}");
        }
    }
}
