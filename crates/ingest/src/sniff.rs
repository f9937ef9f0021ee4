//! Format detection from content. File names are never consulted: a `.txt` may hold
//! a CT.gov page or a ChiCTR record, a `.json` any of three CT.gov JSON shapes.

use std::fmt;

use crate::{SourceFormat, decode::decode};

/// The input is in no format trialdex reads. `looked_like` says what it seemed to be.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unrecognised format: {looked_like}")]
pub struct SniffError {
    pub looked_like: String,
}

/// How much of the input detection reads.
const HEAD: usize = 64 * 1024;

/// Detects the format of `bytes` from their content.
pub fn sniff(bytes: &[u8]) -> Result<SourceFormat, SniffError> {
    let head = &bytes[..bytes.len().min(HEAD)];
    let (text, _) = decode(head);
    let text = text.trim_start_matches('\u{feff}').trim_start();
    if text.is_empty() {
        return Err(SniffError { looked_like: "an empty file".into() });
    }
    match text.as_bytes()[0] {
        b'{' | b'[' => sniff_json(text, bytes),
        b'<' => sniff_markup(text),
        _ => sniff_text(text),
    }
}

fn sniff_json(text: &str, bytes: &[u8]) -> Result<SourceFormat, SniffError> {
    let keys = leading_keys(text, 8);
    let has = |k: &str| keys.iter().any(|key| key == k);
    if has("FullStudiesResponse") || has("StudyFieldsResponse") || has("StudyStatistics") {
        return Ok(SourceFormat::CtgovClassicJson);
    }
    if has("drksId") {
        return Ok(SourceFormat::DrksJson);
    }
    if has("cris_registration_number") {
        return Ok(SourceFormat::CrisJson);
    }
    if has("main") && has("trial_id") && has("reg_name") {
        return Ok(SourceFormat::WhoTrdsJson);
    }
    // ctrdata names the register a record came from somewhere in the object, often past
    // the head of a large record, so the whole input is searched (memchr: cheap). Before
    // the v2 keys: its CTGOV2 records need its reader, which puts back the lists ctrdata
    // unboxes. Its query log ("queries") holds no trial but is ctrdata's too.
    if memchr::memmem::find(bytes, b"\"ctrname\"").is_some() || (has("queries") && has("query-register")) {
        return Ok(SourceFormat::CtrdataJson);
    }
    const V2_KEYS: [&str; 8] = [
        "protocolSection",
        "resultsSection",
        "derivedSection",
        "documentSection",
        "annotationSection",
        "hasResults",
        "studies",
        "registrySection",
    ];
    if keys.iter().any(|k| V2_KEYS.contains(&k.as_str())) {
        return Ok(SourceFormat::CtgovJson);
    }

    Err(SniffError {
        looked_like: if keys.is_empty() {
            "JSON with no object keys".into()
        } else {
            format!("JSON whose first keys are {}", Quoted(&keys))
        },
    })
}

/// The first object keys of a JSON text, at any depth, in order (a cheap scan: a key is
/// a string followed by a colon). Enough to tell CT.gov's JSON shapes apart.
fn leading_keys(text: &str, max: usize) -> Vec<String> {
    let bytes = text.as_bytes();
    let mut keys = Vec::new();
    let mut i = 0;
    while i < bytes.len() && keys.len() < max {
        if bytes[i] == b'"' {
            let start = i + 1;
            let mut j = start;
            while j < bytes.len() && bytes[j] != b'"' {
                j += if bytes[j] == b'\\' { 2 } else { 1 };
            }
            let end = j.min(bytes.len());
            let mut k = end + 1;
            while k < bytes.len() && bytes[k].is_ascii_whitespace() {
                k += 1;
            }
            if k < bytes.len() && bytes[k] == b':' {
                keys.push(text.get(start..end).unwrap_or_default().to_owned());
            }
            i = end + 1;
        } else {
            i += 1;
        }
    }
    keys
}

fn sniff_markup(text: &str) -> Result<SourceFormat, SniffError> {
    let root = root_element(text);
    match root.as_deref() {
        Some("clinical_study") => Ok(SourceFormat::CtgovXml),
        Some("trials_downloaded_from_ictrp") => Ok(SourceFormat::IctrpXml),
        Some("trials") if text.contains("<Triall>") || text.contains("<Triall ") => Ok(SourceFormat::ChictrXml),
        Some("trials") if text.contains("<trial>") || text.contains("<trial ") => Ok(SourceFormat::WhoTrdsXml),
        Some("html") | None if let Some(format) = html_format(text) => Ok(format),
        Some("rss") if text.contains("ClinicalTrials.gov") || text.contains("clinicaltrials.gov") => {
            Ok(SourceFormat::CtgovRss)
        }
        Some("html") | None if text.to_ascii_lowercase().contains("<html") => {
            let title = between(text, "<title>", "</title>").map(str::trim).unwrap_or("");
            Err(SniffError {
                looked_like: format!("an HTML page titled {title:?} that holds no trial record trialdex reads"),
            })
        }
        Some(name) => Err(SniffError { looked_like: format!("XML with root element <{name}>") }),
        None => Err(SniffError { looked_like: "markup with no root element".into() }),
    }
}

/// Registry pages are told apart by their title, and where titles are generic, by the
/// registry's own address in the page.
fn html_format(text: &str) -> Option<SourceFormat> {
    let title = between(text, "<title>", "</title>").map(str::trim).unwrap_or("");
    let format = if title.contains("中国临床试验注册中心") || title.contains("Chinese Clinical Trial Registry")
    {
        SourceFormat::ChictrHtml
    } else if title == "Clinical Trials Register" && text.contains("EU Clinical Trials Register") {
        SourceFormat::EuctrHtml
    } else if title.starts_with("ANZCTR") {
        SourceFormat::AnzctrHtml
    } else if title.starts_with("GSK Clinical Study Register") {
        SourceFormat::GskHtml
    } else if title.ends_with("Takeda Clinical Trials") {
        SourceFormat::TakedaHtml
    } else if text.contains("cris.nih.go.kr") {
        SourceFormat::CrisHtml
    } else {
        return None;
    };
    Some(format)
}

/// Name of the first element that is not a declaration, comment, DOCTYPE or processing instruction.
fn root_element(text: &str) -> Option<String> {
    let mut rest = text;
    loop {
        let at = rest.find('<')?;
        rest = &rest[at + 1..];
        if rest.starts_with('?') || rest.starts_with('!') {
            if rest.starts_with("!--") {
                rest = &rest[rest.find("-->")? + 3..];
            } else {
                rest = &rest[rest.find('>')? + 1..];
            }
            continue;
        }
        let name: String =
            rest.chars().take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | ':' | '.')).collect();
        return (!name.is_empty()).then(|| name.to_ascii_lowercase());
    }
}

fn between<'a>(text: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let start = text.find(open)? + open.len();
    let end = text[start..].find(close)? + start;
    Some(&text[start..end])
}

fn sniff_text(text: &str) -> Result<SourceFormat, SniffError> {
    // ICTRP's CSV export: a header row naming its columns, TrialID first.
    if text.starts_with("TrialID,") || text.starts_with("\"TrialID\",") {
        return Ok(SourceFormat::IctrpCsv);
    }
    if text.starts_with("This file contains full details on each clinical trial selected for download")
        || (text.contains("EudraCT Number:") && text.contains("A. Protocol Information"))
    {
        return Ok(SourceFormat::EuctrText);
    }
    if text.starts_with("eudract_number,") || text.starts_with("trial_id,number_of_countries,") {
        return Ok(SourceFormat::EuctrTrackerCsv);
    }
    if text.contains("ClinicalTrials.gov Identifier")
        && (text.contains("Recruitment Status") || text.contains("Study Type"))
    {
        return Ok(SourceFormat::CtgovPageText);
    }
    if (text.contains("注册号") || text.contains("Registration number")) && text.contains("ChiCTR") {
        return Ok(SourceFormat::ChictrPageText);
    }
    if text.contains("Clinical Trial Details") && text.contains("NCT number") {
        return Ok(SourceFormat::AggregatorDetailsText);
    }
    if text.contains("Status and phase") && text.contains("Full description") {
        return Ok(SourceFormat::AggregatorSummaryText);
    }
    let first_line: String = text.lines().next().unwrap_or("").chars().take(80).collect();
    Err(SniffError { looked_like: format!("text that is no trial page trialdex knows, starting {first_line:?}") })
}

struct Quoted<'a>(&'a [String]);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        for (i, k) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{k:?}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expect: Result<SourceFormat, &str>) {
        let got = sniff(input.as_bytes()).map_err(|e| e.to_string());
        match expect {
            Ok(format) => assert_eq!(got, Ok(format), "{input}"),
            Err(fragment) => {
                let err = got.expect_err(input);
                assert!(err.contains(fragment), "{err} should contain {fragment}");
            }
        }
    }

    #[test]
    fn detects_from_content() {
        check(r#"{"protocolSection":{}}"#, Ok(SourceFormat::CtgovJson));
        check(r#"  [{"protocolSection":{}}]"#, Ok(SourceFormat::CtgovJson));
        check(r#"{"studies":[],"nextPageToken":"x"}"#, Ok(SourceFormat::CtgovJson));
        check(r#"{"FullStudiesResponse":{}}"#, Ok(SourceFormat::CtgovClassicJson));
        check("<?xml version=\"1.0\"?>\n<!-- c -->\n<clinical_study rank=\"1\">", Ok(SourceFormat::CtgovXml));
        check("<rss><channel><title>ClinicalTrials.gov: x</title>", Ok(SourceFormat::CtgovRss));
    }

    #[test]
    fn says_what_an_unknown_input_looked_like() {
        check("", Err("an empty file"));
        check(r#"{"name":"x"}"#, Err(r#"JSON whose first keys are "name""#));
        check("<html><head><title>Login</title>", Err(r#"an HTML page titled "Login""#));
        check("<foo/>", Err("XML with root element <foo>"));
        check("hello world", Err(r#"starting "hello world""#));
    }
}
