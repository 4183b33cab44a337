//! The README and `docs/`: every relative link resolves (the file exists,
//! and an anchor names one of its headings), the README fits on a screen,
//! and the column spellings the CLI reads are the ones `docs/cli.md` lists.

mod support;

use std::path::{Path, PathBuf};
use support::root;

/// The Markdown files checked: the README, `docs/` and `wit/README.md`.
fn pages() -> Vec<PathBuf> {
    let mut pages = vec![root().join("README.md"), root().join("wit/README.md")];
    let mut docs: Vec<PathBuf> = std::fs::read_dir(root().join("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    assert!(docs.len() >= 10, "docs/ has {} pages", docs.len());
    pages.extend(docs);
    pages
}

/// The targets of `[text](target)` and `![alt](target)` outside code.
fn links(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut fenced = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        // Code spans hold no links.
        let plain: String = line.split('`').step_by(2).collect::<Vec<_>>().join(" ");
        let mut rest = plain.as_str();
        while let Some(at) = rest.find("](") {
            let after = &rest[at + 2..];
            let Some(end) = after.find(')') else { break };
            out.push(after[..end].to_string());
            rest = &after[end..];
        }
    }
    out
}

/// GitHub's anchor for a heading: lower case, punctuation dropped, spaces
/// as hyphens.
fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == ' ' || *c == '-' || *c == '_')
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

fn anchors(page: &Path) -> Vec<String> {
    std::fs::read_to_string(page)
        .unwrap()
        .lines()
        .filter_map(|l| l.strip_prefix('#'))
        .map(|l| slug(l.trim_start_matches('#')))
        .collect()
}

#[test]
fn every_link_in_the_readme_and_docs_resolves() {
    let mut broken = Vec::new();
    let mut checked = 0;
    for page in pages() {
        let text = std::fs::read_to_string(&page).unwrap();
        for link in links(&text) {
            if link.starts_with("http://")
                || link.starts_with("https://")
                || link.starts_with("mailto:")
            {
                continue;
            }
            checked += 1;
            let (path, anchor) = match link.split_once('#') {
                Some((path, anchor)) => (path, Some(anchor)),
                None => (link.as_str(), None),
            };
            let target = if path.is_empty() {
                page.clone()
            } else {
                page.parent().unwrap().join(path)
            };
            let shown = page.strip_prefix(root()).unwrap().display().to_string();
            if !target.exists() {
                broken.push(format!("{shown}: {link}: no such file"));
                continue;
            }
            if let Some(anchor) = anchor
                && !anchors(&target).iter().any(|a| a == anchor)
            {
                broken.push(format!("{shown}: {link}: no such heading"));
            }
        }
    }
    assert!(checked >= 20, "only {checked} links checked");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn the_readme_fits_on_a_screen_and_keeps_the_two_commands() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let lines = readme.lines().count();
    assert!(lines < 250, "the README is {lines} lines");
    assert!(readme.contains(
        "rustup target add wasm32-unknown-unknown && cargo run -p payguard-cli -- score examples/payroll.csv"
    ));
    assert!(readme.contains("bash scripts/test"));
}

#[test]
fn docs_list_every_column_spelling_the_cli_reads() {
    let cli = std::fs::read_to_string(root().join("docs/cli.md")).unwrap();
    for (column, names) in payguard::input::columns::spellings() {
        let row = cli
            .lines()
            .find(|l| l.starts_with(&format!("| `{}` |", column.name())))
            .unwrap_or_else(|| panic!("docs/cli.md lists no spellings of {}", column.name()));
        for name in names {
            assert!(
                row.contains(name.as_str()),
                "docs/cli.md lacks {name:?} for {}",
                column.name()
            );
        }
    }
}

#[test]
fn docs_list_every_name_part_spelling_the_cli_reads() {
    let table = std::fs::read_to_string(root().join("host/data/column-names.toml")).unwrap();
    let table: toml::Table = toml::from_str(&table).unwrap();
    let cli = std::fs::read_to_string(root().join("docs/cli.md"))
        .unwrap()
        .replace('\n', " ");
    for section in ["name_parts", "method_values"] {
        for (_, names) in table[section].as_table().unwrap() {
            for name in names.as_array().unwrap() {
                let name = name.as_str().unwrap();
                assert!(
                    cli.contains(&format!("`{name}`")),
                    "docs/cli.md lacks {name:?} of [{section}]"
                );
            }
        }
    }
}
