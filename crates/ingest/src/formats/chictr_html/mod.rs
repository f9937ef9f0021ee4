//! ChiCTR pages as HTML: the bilingual detail page of one trial, read into the same
//! `chictr::Record` as the text copy and built by the same `chictr::build`; and the
//! search-results page, which lists trials but holds no record of any (a note, not an error).

mod reader;
mod search;

use scraper::{Html, Selector};
use trialdex_model::SourceFormat;

use crate::formats::chictr::add_page_record;
use crate::text::clean_inline;
use crate::{Diagnostic, Parsed, decode::decode};

pub fn parse(bytes: &[u8]) -> Parsed {
    let mut parsed = Parsed::default();
    let (text, note) = decode(bytes);
    parsed.diagnostics.extend(note);
    let html = Html::parse_document(&text);
    let record = reader::read(&html);
    if record.labels_read == 0 {
        let diagnostic = match search::listing(&html) {
            Some(listing) => Diagnostic::note(listing.describe()),
            None => Diagnostic::error(format!(
                "expected a ChiCTR trial page with labelled fields such as \"注册号：\" / \"Registration number：\" \
                 or a search-results list, found neither in a page titled {:?}",
                title(&html)
            )),
        };
        parsed.diagnostics.push(diagnostic);
        return parsed;
    }
    add_page_record(&record, SourceFormat::ChictrHtml, &mut parsed);
    parsed
}

/// The page's title, for messages; empty when it has none.
fn title(html: &Html) -> String {
    let Ok(selector) = Selector::parse("title") else { return String::new() };
    html.select(&selector).next().map(|t| clean_inline(&t.text().collect::<String>())).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TITLE: &str = "<title>中国临床试验注册中心 - 世界卫生组织国际临床试验注册平台一级注册机构</title>";

    #[test]
    fn a_chictr_page_without_a_record_or_a_list_is_an_error() {
        let parsed = parse(format!("<html><head>{TITLE}</head><body><p>维护中</p></body></html>").as_bytes());
        assert!(parsed.records.is_empty());
        let error = parsed.errors().next().expect("an error");
        assert!(error.message.contains("found neither in a page titled \"中国临床试验注册中心"), "{error}");
    }

    #[test]
    fn label_cells_and_value_cells_make_a_record() {
        let page = format!(
            "<html><head>{TITLE}</head><body><table><tr><td class=\"left_title\"><p class=\"cn\">注册号：</p>\
             <p class=\"en\">Registration number：</p></td><td>ChiCTR2400084905&nbsp;</td></tr>\
             <tr class=\"cn\"><td class=\"left_title\"><p class=\"cn\">研究疾病：</p></td><td><p class=\"cn\">肺癌</p></td></tr>\
             <tr class=\"en\"><td class=\"left_title\"><p class=\"en\">Target disease：</p></td><td><p>Lung<br>cancer</p></td></tr>\
             <tr style=\"display: none\"><td class=\"left_title\"><p class=\"cn\">研究类型：</p></td><td>hidden</td></tr>\
             </table></body></html>"
        );
        let record = reader::read(&Html::parse_document(&page));
        use crate::formats::chictr::fields::Field;
        assert_eq!(record.main.any(Field::RegistrationNumber), Some("ChiCTR2400084905"));
        assert_eq!(record.main.zh(Field::TargetDisease), Some("肺癌"));
        assert_eq!(record.main.en(Field::TargetDisease), Some("Lung\ncancer"));
        assert_eq!(record.main.any(Field::StudyType), None, "a hidden row is not read");
    }

    #[test]
    fn any_prefix_of_a_page_never_panics() {
        let page = format!(
            "<html><head>{TITLE}</head><body><table><tr><td class=\"left_title\"><p class=\"cn\">干预措施：</p></td>\
             <td><table><tr><td><p class=\"cn\">组别：</p></td><td>试验组</td><td><p class=\"cn\">样本量：</p></td><td>10</td></tr></table></td></tr></table>"
        );
        for (at, _) in page.char_indices() {
            let _ = parse(&page.as_bytes()[..at]);
        }
    }
}
