//! A data pack whose lines are sorted by their first field, searched in
//! its text: no index to build at start, nothing allocated per look-up.

use std::cmp::Ordering;
use std::sync::OnceLock;

/// A sorted pack compiled in; its header is skipped once, at the first
/// look-up.
pub struct Pack {
    text: &'static str,
    body: OnceLock<&'static str>,
}

impl Pack {
    /// The pack of `text` (header lines, then lines sorted by first field).
    pub const fn new(text: &'static str) -> Pack {
        Pack {
            text,
            body: OnceLock::new(),
        }
    }

    /// The lines after the header.
    pub fn body(&self) -> &'static str {
        self.body.get_or_init(|| body(self.text))
    }

    /// [`find`] in this pack.
    pub fn find(&self, key: &str) -> Option<&'static str> {
        find(self.body(), key)
    }
}

/// The pack's lines after its `#` header.
pub fn body(text: &str) -> &str {
    let header: usize = text
        .split_inclusive('\n')
        .take_while(|line| line.starts_with('#'))
        .map(str::len)
        .sum();
    &text[header..]
}

/// The rest of the line whose first (tab-separated) field is `key`: empty
/// for a line of one field, None for no such line.
pub fn find<'a>(body: &'a str, key: &str) -> Option<&'a str> {
    // Bytes, so a probe may land inside a character; lines start and end
    // at newlines, which are character boundaries.
    let bytes = body.as_bytes();
    let (mut low, mut high) = (0, bytes.len());
    while low < high {
        let middle = (low + high) / 2;
        let start = bytes[..middle]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let end = bytes[middle..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |i| middle + i);
        let line = &body[start..end];
        let (first, rest) = line.split_once('\t').unwrap_or((line, ""));
        match first.cmp(key) {
            Ordering::Less => low = end + 1,
            Ordering::Greater => high = start,
            Ordering::Equal => return Some(rest),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_line_and_nothing_else() {
        let text = "# header\n# columns\nann\t1\nbob\t2 3\ncid\neve\t4\n";
        let body = body(text);
        assert_eq!(body, "ann\t1\nbob\t2 3\ncid\neve\t4\n");
        assert_eq!(find(body, "ann"), Some("1"));
        assert_eq!(find(body, "bob"), Some("2 3"));
        assert_eq!(find(body, "cid"), Some(""));
        assert_eq!(find(body, "eve"), Some("4"));
        for absent in ["", "a", "bo", "cie", "zed"] {
            assert_eq!(find(body, absent), None, "{absent}");
        }
        let accented = "ärger\t1\nörtlich\t2\nüber\t3\n";
        for (key, rest) in [("ärger", "1"), ("örtlich", "2"), ("über", "3")] {
            assert_eq!(find(accented, key), Some(rest), "{key}");
        }
        assert_eq!(find(accented, "ö"), None);
    }
}
