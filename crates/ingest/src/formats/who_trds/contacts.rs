//! `<contact>`: the data set's public and scientific contacts, as CT.gov central
//! contacts. What CT.gov's contact has no field for (type, affiliation, address,
//! city, country, postcode) stays on the contact under the data set's own names.

use serde_json::Value;
use trialdex_model::{Contact, ContactRole};

use super::Node;
use crate::text::clean_inline;

const KEPT: &[&str] = &["type", "affiliation", "address", "city", "country1", "zip"];

/// `None` when the contact holds nothing but its type.
pub(super) fn contact(node: &Node) -> Option<Contact> {
    let inline = |leaf: &str| node.leaf(leaf).map(|v| clean_inline(&v)).filter(|v| !v.is_empty());
    let name: Vec<String> = ["firstname", "middlename", "lastname"].iter().filter_map(|part| inline(part)).collect();
    let mut contact = Contact {
        name: Some(name.join(" ")).filter(|n| !n.is_empty()),
        email: inline("email"),
        phone: inline("telephone"),
        ..Default::default()
    };
    for key in KEPT {
        if let Some(value) = inline(key) {
            contact.extra.insert((*key).to_owned(), Value::from(value));
        }
    }
    let only_type = contact.name.is_none()
        && contact.email.is_none()
        && contact.phone.is_none()
        && contact.extra.keys().all(|k| k == "type");
    if only_type {
        return None;
    }
    contact.role = Some(ContactRole::Contact);
    Some(contact)
}
