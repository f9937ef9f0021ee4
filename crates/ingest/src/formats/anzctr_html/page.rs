//! The ANZCTR registration page as id → value: every value sits in a `<span>` whose id
//! names the field (`ctl00_body_CXSTUDYTITLE`); a repeated group's items carry the
//! group and the item's number (`repeater_TXSECONDARYOUTCOME_ctl03_CXOUTCOME`).

use std::collections::HashMap;

use scraper::{Html, Selector};

use crate::text::html_fragment_to_text;

const PREFIX: &str = "ctl00_body_";

/// One item of a repeated group, its fields in page order.
#[derive(Debug, Default)]
pub(super) struct Item {
    pub group: String,
    index: String,
    pub fields: Vec<(String, String)>,
}

impl Item {
    pub fn get(&self, field: &str) -> &str {
        self.fields.iter().find(|(f, _)| f == field).map_or("", |(_, v)| v.as_str())
    }
}

#[derive(Debug, Default)]
pub(super) struct Page {
    fields: HashMap<String, String>,
    items: Vec<Item>,
}

impl Page {
    pub fn read(html: &Html) -> Page {
        let mut page = Page::default();
        let Ok(spans) = Selector::parse("span[id]") else { return page };
        for span in html.select(&spans) {
            let Some(key) = span.value().attr("id").and_then(|id| id.strip_prefix(PREFIX)) else { continue };
            if is_page_machinery(key) {
                continue;
            }
            let text = html_fragment_to_text(&span.inner_html());
            let value = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n");
            match key.strip_prefix("repeater_").and_then(split_repeater) {
                Some((group, index, field)) => page.push_item_field(group, index, field, value),
                None => {
                    page.fields.entry(key.to_owned()).or_insert(value);
                }
            }
        }
        page
    }

    /// A single field's value; "" when the page lacks it or leaves it blank.
    pub fn get(&self, key: &str) -> &str {
        self.fields.get(key).map_or("", String::as_str)
    }

    /// The items of one repeated group, in page order.
    pub fn items<'a>(&'a self, group: &'a str) -> impl Iterator<Item = &'a Item> + 'a {
        self.items.iter().filter(move |item| item.group == group)
    }

    fn push_item_field(&mut self, group: &str, index: &str, field: &str, value: String) {
        let same_item = self.items.last().is_some_and(|item| item.group == group && item.index == index);
        if !same_item {
            self.items.push(Item { group: group.to_owned(), index: index.to_owned(), fields: Vec::new() });
        }
        if let Some(item) = self.items.last_mut() {
            item.fields.push((field.to_owned(), value));
        }
    }
}

/// Labels, hidden database ids and reviewer query boxes, which are no values.
fn is_page_machinery(key: &str) -> bool {
    let last = key.rsplit('_').next().unwrap_or(key);
    key.ends_with("_ID")
        || key.ends_with("_UPDATEID")
        || ["lbl_", "div_", "query_"].iter().any(|p| key.starts_with(p) || key.contains(&format!("_{p}")))
        || last.is_empty()
}

/// "TXSECONDARYOUTCOME_ctl03_CXOUTCOME" → ("TXSECONDARYOUTCOME", "03", "CXOUTCOME").
fn split_repeater(key: &str) -> Option<(&str, &str, &str)> {
    let at = key.find("_ctl")?;
    let (group, rest) = (&key[..at], &key[at + 4..]);
    let (index, field) = rest.split_once('_')?;
    (!index.is_empty() && index.bytes().all(|b| b.is_ascii_digit())).then_some((group, index, field))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeater_ids_split_into_group_item_and_field() {
        assert_eq!(
            split_repeater("TXSECONDARYOUTCOME_ctl03_CXOUTCOME"),
            Some(("TXSECONDARYOUTCOME", "03", "CXOUTCOME"))
        );
        assert_eq!(split_repeater("TXCONTACT0_ctl00_CXNAME"), Some(("TXCONTACT0", "00", "CXNAME")));
        assert_eq!(split_repeater("CXSTUDYTITLE"), None);
    }
}
