//! A host's own sanctions list (`payguard score --sanctions FILE`): a CSV
//! with the columns `type` (wallet, account or name) and `value`, and any
//! other columns (a note, the listing) kept for the people who maintain it.
//! Its entries extend the plugin's built-in lists through the policy.

use crate::model::Policy;

/// The policy list each `type` goes to.
const KINDS: &[(&str, &str)] = &[
    ("wallet", "sanctioned-wallets"),
    ("account", "sanctioned-accounts"),
    ("name", "sanctioned-names"),
];

/// Reads the list in `text` (from `name`) and adds it to `policy`.
pub fn extend(policy: &mut Policy, name: &str, text: &str) -> Result<usize, String> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| format!("{name}: cannot read the header: {e}"))?
        .clone();
    let column = |wanted: &str| {
        headers
            .iter()
            .position(|h| h.eq_ignore_ascii_case(wanted))
            .ok_or_else(|| {
                format!("{name} line 1: no {wanted:?} column; the columns are type and value")
            })
    };
    let (type_at, value_at) = (column("type")?, column("value")?);
    let mut added = 0;
    for record in reader.records() {
        let record = record.map_err(|e| format!("{name}: {e}"))?;
        let line = record.position().map_or(0, |p| p.line());
        let kind = record.get(type_at).unwrap_or_default();
        let value = record.get(value_at).unwrap_or_default();
        if kind.is_empty() && value.is_empty() {
            continue;
        }
        let Some((_, list)) = KINDS.iter().find(|(k, _)| k.eq_ignore_ascii_case(kind)) else {
            return Err(format!(
                "{name} line {line}: type {kind:?} is not wallet, account or name"
            ));
        };
        if value.is_empty() {
            return Err(format!("{name} line {line}: the value is empty"));
        }
        match policy.lists.iter_mut().find(|(n, _)| n == list) {
            Some((_, entries)) => entries.push(value.to_string()),
            None => policy
                .lists
                .push((list.to_string(), vec![value.to_string()])),
        }
        added += 1;
    }
    Ok(added)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> Policy {
        Policy {
            review_threshold: 40,
            block_threshold: 80,
            rules: vec![],
            lists: vec![("sanctioned-names".into(), vec![])],
            parameters: vec![],
            allowlist: vec![],
            as_of: None,
        }
    }

    #[test]
    fn adds_each_type_to_its_list() {
        let mut p = policy();
        let text = "type,value,note\nname,\"PAK, Jin Hyok\",DPRK\nwallet,0xabc,\n\naccount,GB33BUKB20201555555555,x\n";
        assert_eq!(extend(&mut p, "s.csv", text), Ok(3));
        assert_eq!(p.lists[0].1, ["PAK, Jin Hyok"]);
        assert_eq!(
            p.lists[1],
            ("sanctioned-wallets".into(), vec!["0xabc".into()])
        );
    }

    #[test]
    fn names_the_line_at_fault() {
        let mut p = policy();
        let err = extend(&mut p, "s.csv", "type,value\nname,A\nvessel,B\n").unwrap_err();
        assert_eq!(
            err,
            "s.csv line 3: type \"vessel\" is not wallet, account or name"
        );
        let err = extend(&mut p, "s.csv", "kind,value\n").unwrap_err();
        assert!(err.starts_with("s.csv line 1: no \"type\" column"), "{err}");
    }
}
