//! The synonym groups written for trialdex (`curated.tsv`) and the short forms that are
//! also English words (`ambiguous.txt`), both compiled into the binary.

use std::collections::HashSet;
use std::sync::LazyLock;

use super::words::normalize_words;

const CURATED_TSV: &str = include_str!("curated.tsv");
const AMBIGUOUS_TXT: &str = include_str!("ambiguous.txt");

/// Keys of at most this many characters are ambiguous without being listed ("MS", "PD").
const MAX_UNLISTED_AMBIGUOUS_CHARS: usize = 2;

static CURATED_GROUPS: LazyLock<Vec<Vec<String>>> = LazyLock::new(|| parse_groups(CURATED_TSV));

static AMBIGUOUS_WORDS: LazyLock<HashSet<String>> = LazyLock::new(|| {
    AMBIGUOUS_TXT
        .lines()
        .filter(|line| !line.trim_start().starts_with('#'))
        .flat_map(str::split_whitespace)
        .map(str::to_lowercase)
        .collect()
});

/// The curated groups, each a list of distinct phrases (normalized words joined by one space).
pub(super) fn curated_groups() -> &'static [Vec<String>] {
    &CURATED_GROUPS
}

/// One group per non-comment line, members separated by tabs. Members that normalize
/// alike are kept once; a line left with fewer than two members says nothing and is skipped.
pub(super) fn parse_groups(tsv: &str) -> Vec<Vec<String>> {
    let mut groups = Vec::new();
    for line in tsv.lines() {
        if line.trim_start().starts_with('#') {
            continue;
        }
        let mut group: Vec<String> = Vec::new();
        for member in line.split('\t') {
            if let Some(phrase) = phrase(member)
                && !group.contains(&phrase)
            {
                group.push(phrase);
            }
        }
        if group.len() >= 2 {
            groups.push(group);
        }
    }
    groups
}

/// `text` as a phrase: its normalized words joined by one space; `None` if it has none.
pub(super) fn phrase(text: &str) -> Option<String> {
    let words = normalize_words(text);
    (!words.is_empty()).then(|| words.join(" "))
}

/// A one-word phrase that is also an everyday word or too short to be sure of ("all", "ms"):
/// it expands only when written in capitals and is never offered as an alternative.
pub(super) fn is_ambiguous(phrase: &str) -> bool {
    !phrase.contains(' ')
        && (phrase.chars().count() <= MAX_UNLISTED_AMBIGUOUS_CHARS || AMBIGUOUS_WORDS.contains(phrase))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_are_normalized_and_deduplicated() {
        let groups = parse_groups("# comment\nIL-2\tIL 2\tinterleukin-2\n\nsolo\n\tITP\t\timmune thrombocytopenia\n");
        assert_eq!(groups, [vec!["il 2", "interleukin 2"], vec!["itp", "immune thrombocytopenia"]]);
    }

    #[test]
    fn ambiguity() {
        assert!(is_ambiguous("all"));
        assert!(is_ambiguous("ms"));
        assert!(is_ambiguous("cat"));
        assert!(!is_ambiguous("itp"));
        assert!(!is_ambiguous("b all"));
    }

    #[test]
    fn curated_file_is_sane() {
        let groups = curated_groups();
        assert!(groups.len() > 300, "only {} curated groups", groups.len());
        for group in groups {
            for member in group {
                assert!(member.split(' ').count() <= 12, "curated member too long: {member}");
            }
        }
    }
}
