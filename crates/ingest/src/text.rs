//! Text clean-up shared by the parsers: whitespace, line breaks, HTML fragments and
//! entities inside field values, Unicode compatibility forms.

use unicode_normalization::UnicodeNormalization;

/// One line of text: trimmed, runs of whitespace (line breaks included) made one space.
pub fn clean_inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// A block of text: line ends unified, trailing spaces and the common indentation
/// dropped, at most one empty line between paragraphs, trimmed.
pub fn clean_block(s: &str) -> String {
    let unified = s.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = unified.lines().map(str::trim_end).collect();
    let indent =
        lines.iter().filter(|l| !l.trim().is_empty()).map(|l| l.len() - l.trim_start().len()).min().unwrap_or(0);
    let mut out = String::with_capacity(unified.len());
    let mut blank_run = 0;
    for line in lines {
        if line.trim().is_empty() {
            blank_run += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_run > 0 { "\n\n" } else { "\n" });
        }
        blank_run = 0;
        out.push_str(line.get(indent..).unwrap_or(line.trim_start()));
    }
    out
}

/// A hard-wrapped text block (legacy CT.gov XML wraps at ~100 columns) with each
/// paragraph and list item on one line: a line is joined to the one before it unless
/// a blank line or a list marker ("-", "*", "•", "1.", "a)") starts it.
pub fn reflow(block: &str) -> String {
    let mut out = String::with_capacity(block.len());
    for paragraph in clean_block(block).split("\n\n") {
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        let mut first = true;
        for line in paragraph.lines() {
            let trimmed = line.trim();
            if !first {
                out.push(if starts_item(trimmed) { '\n' } else { ' ' });
            }
            out.push_str(if starts_item(trimmed) { line.trim_end() } else { trimmed });
            first = false;
        }
    }
    out
}

fn starts_item(line: &str) -> bool {
    static ITEM: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"^(?:[-*•·]|\d{1,3}[.)]|[a-z][.)]|\(\d{1,3}\))\s").expect("item pattern")
    });
    ITEM.is_match(line)
}

/// `Some(cleaned)` unless the value is empty after cleaning.
pub fn non_empty(s: &str) -> Option<String> {
    let cleaned = clean_inline(s);
    (!cleaned.is_empty()).then_some(cleaned)
}

/// `Some(block)` unless the block is empty after cleaning.
pub fn non_empty_block(s: &str) -> Option<String> {
    let cleaned = clean_block(s);
    (!cleaned.is_empty()).then_some(cleaned)
}

/// Unicode compatibility folding: full-width digits and brackets (（１８～６５岁）) become
/// their plain forms, so numbers in Chinese text can be read.
pub fn nfkc(s: &str) -> String {
    s.nfkc().collect()
}

/// An HTML fragment inside a field value (ICTRP's `&lt;br&gt;` soup, RSS descriptions)
/// as plain text: `<br>` and block ends become line breaks, other tags go, entities are decoded.
pub fn html_fragment_to_text(s: &str) -> String {
    let decoded_once = decode_entities(s);
    let mut out = String::with_capacity(decoded_once.len());
    let mut rest = decoded_once.as_str();
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let after = &rest[open..];
        match after.find('>') {
            Some(close) => {
                // A tag starts right after '<': "<br/>", "</b>"; "a < b" is text.
                let tag = after[1..close].trim_start_matches('/').to_ascii_lowercase();
                let name: String = tag.chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
                // "<15 years" is text too: a tag name starts with a letter.
                let name = if name.starts_with(|c: char| c.is_ascii_alphabetic()) { name } else { String::new() };
                if name.is_empty() {
                    // "a < b" is text, not a tag.
                    out.push('<');
                    rest = &after[1..];
                    continue;
                }
                if matches!(name.as_str(), "br" | "p" | "div" | "li" | "tr" | "h1" | "h2" | "h3" | "h4") {
                    out.push('\n');
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(after);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    clean_block(&decode_entities(&out))
}

/// Decodes HTML/XML character references: named (&amp; &lt; &gt; &quot; &apos; &nbsp;) and numeric.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let end = after.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let name = &after[..e];
            let ch = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" | "#39" => Some('\''),
                "nbsp" => Some(' '),
                _ if name.starts_with("#x") || name.starts_with("#X") => {
                    u32::from_str_radix(&name[2..], 16).ok().and_then(char::from_u32)
                }
                _ if name.starts_with('#') => name[1..].parse().ok().and_then(char::from_u32),
                _ => None,
            };
            ch.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_lose_indentation_and_extra_blank_lines() {
        assert_eq!(
            clean_block("\n      First line\r\n      second\r\n\r\n\r\n      Third  \n"),
            "First line\nsecond\n\nThird"
        );
    }

    #[test]
    fn html_fragments_become_text_with_line_breaks() {
        assert_eq!(
            html_fragment_to_text("&lt;b&gt;Condition&lt;/b&gt;: COVID-19&lt;br/&gt;Sponsor: A &amp; B"),
            "Condition: COVID-19\nSponsor: A & B"
        );
        assert_eq!(html_fragment_to_text("a < b and c > d"), "a < b and c > d");
        assert_eq!(html_fragment_to_text("age &lt;15 years&lt;br&gt;or &gt;65"), "age <15 years\nor >65");
    }

    #[test]
    fn hard_wrapped_blocks_reflow_into_paragraphs_and_items() {
        let block = "\n  Inclusion Criteria:\n\n    -  Patients must sign consent approved by the Committee on\n       the Use of Human Subjects\n    -  Adults\n\n  A plain paragraph that was\n  wrapped at the margin.\n  1. first\n  2. second\n";
        assert_eq!(
            reflow(block),
            "Inclusion Criteria:\n\n  -  Patients must sign consent approved by the Committee on the Use of Human Subjects\n  -  Adults\n\nA plain paragraph that was wrapped at the margin.\n1. first\n2. second"
        );
    }

    #[test]
    fn full_width_forms_fold() {
        assert_eq!(nfkc("（１８～６５岁）"), "(18~65岁)");
    }
}
