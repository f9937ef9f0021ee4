//! Finding the one record an id names, the same way for every command and endpoint.
//!
//! An id can be a record's own (`NCT05281068`, any case), one it declares (a secondary
//! id, an NCT id alias, a EudraCT number on a CT.gov record), or one its text merely
//! mentions ("a follow-up of NCT05687903"). A record's own id wins over ids others
//! declare; a mention never identifies a record — it usually names another trial.

use trialdex_model::Registry;

use crate::{RecordKey, Result, Store};

/// What an id names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    Found(RecordKey),
    /// More than one record has (or declares) the id: ask for one by its key.
    Ambiguous(Vec<RecordKey>),
    /// No record has or declares it; these only mention it.
    NotFound {
        mentioned_by: Vec<RecordKey>,
    },
}

/// The record `id` names: any registry id, any case, or a key `registry:registryId`
/// (registry in any case).
pub fn find(store: &dyn Store, id: &str) -> Result<Lookup> {
    let id = id.trim();
    let (registry, id) = match id.split_once(':') {
        Some((registry, rest)) => match Registry::from_key(&registry.to_ascii_lowercase()) {
            Some(registry) => (Some(registry), rest),
            None => (None, id),
        },
        None => (None, id),
    };
    let keys: Vec<RecordKey> =
        store.resolve(id)?.into_iter().filter(|k| registry.is_none_or(|r| k.registry == r)).collect();
    let own: Vec<&RecordKey> = keys.iter().filter(|k| k.registry_id.eq_ignore_ascii_case(id)).collect();
    if !own.is_empty() {
        return Ok(one_of(own));
    }
    let (mut declared, mut mentioned) = (Vec::new(), Vec::new());
    for key in &keys {
        let Some(current) = store.current(key)? else { continue };
        let ids = current.study.registry_section.map(|s| s.other_ids).unwrap_or_default();
        let declares = ids.iter().any(|o| o.found_in.is_none() && o.id.eq_ignore_ascii_case(id));
        if declares { declared.push(key) } else { mentioned.push(key.clone()) }
    }
    Ok(if declared.is_empty() { Lookup::NotFound { mentioned_by: mentioned } } else { one_of(declared) })
}

fn one_of(mut keys: Vec<&RecordKey>) -> Lookup {
    if keys.len() == 1 {
        Lookup::Found(keys.remove(0).clone())
    } else {
        Lookup::Ambiguous(keys.into_iter().cloned().collect())
    }
}
