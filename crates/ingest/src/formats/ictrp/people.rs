//! Contacts and ethics reviews. ICTRP lists several people in parallel fields
//! ("Yan Hao; Xiaoping Luo" in Contact_Firstname, their e-mails in Contact_Email), so
//! the n-th item of each field belongs to the n-th person.

use serde_json::Value;
use trialdex_model::*;

use super::{Draft, RawTrial, fragment_inline};
use crate::text::html_fragment_to_text;

/// The n-th item of each ";"-separated field, blanks kept so positions line up.
fn columns(raw: &mut RawTrial, keys: &[&str]) -> Vec<Vec<Option<String>>> {
    let split: Vec<Vec<Option<String>>> = keys
        .iter()
        .map(|key| {
            raw.take(key)
                .map(|v| html_fragment_to_text(&v).split(';').map(fragment_inline).collect())
                .unwrap_or_default()
        })
        .collect();
    let rows = split.iter().map(Vec::len).max().unwrap_or(0);
    (0..rows).map(|i| split.iter().map(|column| column.get(i).cloned().flatten()).collect()).collect()
}

/// Contact_* → central contacts; the affiliation and address, which CT.gov's contact
/// has no field for, stay on the contact under `affiliation` and `address`.
pub(super) fn contacts(raw: &mut RawTrial, d: &mut Draft) {
    let keys = [
        "contact_firstname",
        "contact_lastname",
        "contact_email",
        "contact_tel",
        "contact_affiliation",
        "contact_address",
    ];
    let mut contacts = Vec::new();
    for row in columns(raw, &keys) {
        let [first, last, email, phone, affiliation, address] =
            <[Option<String>; 6]>::try_from(row).unwrap_or_default();
        let name = [first, last].into_iter().flatten().collect::<Vec<_>>().join(" ");
        let mut contact = Contact { name: Some(name).filter(|n| !n.is_empty()), email, phone, ..Default::default() };
        contact.extra.extend(affiliation.map(|a| ("affiliation".to_owned(), Value::from(a))));
        contact.extra.extend(address.map(|a| ("address".to_owned(), Value::from(a))));
        if contact != Contact::default() {
            contact.role = Some(ContactRole::Contact);
            contacts.push(contact);
        }
    }
    if !contacts.is_empty() {
        d.protocol.contacts_locations_module =
            Some(ContactsLocationsModule { central_contacts: contacts, ..Default::default() });
    }
}

/// Ethics_review_* (2024 exports) → `ethicsApprovals`, one per review.
pub(super) fn ethics(raw: &mut RawTrial, d: &mut Draft) {
    let keys = [
        "ethics_review_status",
        "ethics_review_approval_date",
        "ethics_review_contact_name",
        "ethics_review_contact_address",
        "ethics_review_contact_phone",
        "ethics_review_contact_email",
    ];
    for row in columns(raw, &keys) {
        let [status, date, name, address, phone, email] = <[Option<String>; 6]>::try_from(row).unwrap_or_default();
        let approved = status.as_deref().and_then(|s| match trialdex_model::macros::fold_label(s).as_str() {
            "approved" | "approval" | "authorised" | "authorized" => Some(true),
            "notapproved" | "rejected" => Some(false),
            _ => None,
        });
        let mut approval = EthicsApproval {
            approved,
            approval_date: date.as_deref().and_then(|t| PartialDate::parse_day_first(t).ok()),
            contact_name: name,
            contact_address: address,
            contact_phone: phone,
            contact_email: email,
            ..Default::default()
        };
        if let Some(date) = date.filter(|_| approval.approval_date.is_none()) {
            d.warn("registrySection.registryFields.ethicsApprovals", format!("expected a date, found {date:?}"));
        }
        approval.extra.extend(status.map(|s| ("status".to_owned(), Value::from(s))));
        if approval != EthicsApproval::default() {
            d.fields.ethics_approvals.push(approval);
        }
    }
}
