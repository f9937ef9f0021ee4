//! Every record's profile, kept in `link-profiles.bin` beside `links.json` with the
//! store change it reflects, so an update after a few records changed reads those
//! records only: reading and profiling every record was most of the time of an
//! incremental update (10.6 of 11.3 s at 100k records).
//!
//! A compact binary file of its own (strings length-prefixed, word hashes as 8
//! bytes): profiles are mostly word hashes, which JSON would triple. A file that is
//! missing, of another format, of another store change, or damaged is ignored and
//! the profiles are read from the store again: the file is a cache, never the truth.

use std::path::{Path, PathBuf};

use trialdex_model::Registry;
use trialdex_store::RecordKey;

use crate::profile::{WordHash, word_hash};
use crate::{Profile, saved};

pub const FILE: &str = "link-profiles.bin";
const MAGIC: &[u8] = b"trialdex link profiles\n";
/// Bumped whenever `Profile` or how a record's profile is made changes: profiles of
/// another version are made again from the records.
const FORMAT: u32 = 1;

pub fn path(db: &Path) -> PathBuf {
    db.join(FILE)
}

/// Writes the profiles of the store as of change `seq`.
pub fn save(db: &Path, seq: u64, profiles: &[Profile]) -> std::io::Result<()> {
    let mut out = Encoder(Vec::with_capacity(profiles.len() * 1024));
    out.0.extend_from_slice(MAGIC);
    out.u32(FORMAT);
    // Word hashes must mean the same words as when they were written.
    out.u64(word_hash("trialdex"));
    out.u64(seq);
    out.u64(profiles.len() as u64);
    for profile in profiles {
        out.profile(profile);
    }
    saved::write_whole(&path(db), &out.0)
}

/// The profiles saved for change `seq`, or None when there are none that can be
/// trusted for it.
pub fn load(db: &Path, seq: u64) -> Option<Vec<Profile>> {
    let bytes = std::fs::read(path(db)).ok()?;
    let mut input = Decoder { bytes: bytes.strip_prefix(MAGIC)? };
    if input.u32()? != FORMAT || input.u64()? != word_hash("trialdex") || input.u64()? != seq {
        return None;
    }
    let count = input.count()?;
    let mut profiles = Vec::with_capacity(count);
    for _ in 0..count {
        profiles.push(input.profile()?);
    }
    input.bytes.is_empty().then_some(profiles)
}

struct Encoder(Vec<u8>);

impl Encoder {
    fn u32(&mut self, n: u32) {
        self.0.extend_from_slice(&n.to_le_bytes());
    }

    fn u64(&mut self, n: u64) {
        self.0.extend_from_slice(&n.to_le_bytes());
    }

    fn str(&mut self, s: &str) {
        self.u32(s.len() as u32);
        self.0.extend_from_slice(s.as_bytes());
    }

    fn strs(&mut self, strings: &[String]) {
        self.u32(strings.len() as u32);
        strings.iter().for_each(|s| self.str(s));
    }

    fn hashes(&mut self, hashes: &[WordHash]) {
        self.u32(hashes.len() as u32);
        hashes.iter().for_each(|&h| self.u64(h));
    }

    /// An absent number as 0 followed by nothing, a present one as 1 and its bytes.
    fn maybe(&mut self, n: Option<u64>) {
        match n {
            None => self.0.push(0),
            Some(n) => {
                self.0.push(1);
                self.u64(n);
            }
        }
    }

    fn profile(&mut self, p: &Profile) {
        self.str(&p.key.to_string());
        self.u32(p.declared.len() as u32);
        for (registry, id) in &p.declared {
            self.str(registry.as_str());
            self.str(id);
        }
        self.u32(p.mentioned.len() as u32);
        for (registry, id, field) in &p.mentioned {
            self.str(registry.as_str());
            self.str(id);
            self.str(field);
        }
        for strings in [&p.protocol_numbers, &p.title, &p.sponsor, &p.interventions] {
            self.strs(strings);
        }
        self.hashes(&p.conditions);
        self.hashes(&p.criteria);
        for strings in [&p.people, &p.emails, &p.countries] {
            self.strs(strings);
        }
        self.maybe(p.target_size);
        self.maybe(p.start_day.map(|d| d as u64));
        self.maybe(p.registered_day.map(|d| d as u64));
    }
}

/// Reads what `Encoder` wrote; None at the first byte that does not fit.
struct Decoder<'a> {
    bytes: &'a [u8],
}

impl Decoder<'_> {
    fn take<const N: usize>(&mut self) -> Option<[u8; N]> {
        let (head, rest) = self.bytes.split_first_chunk::<N>()?;
        self.bytes = rest;
        Some(*head)
    }

    fn u32(&mut self) -> Option<u32> {
        self.take().map(u32::from_le_bytes)
    }

    fn u64(&mut self) -> Option<u64> {
        self.take().map(u64::from_le_bytes)
    }

    /// A count of items, each at least a byte long: never more than the bytes left,
    /// so a damaged count cannot ask for a huge allocation.
    fn count(&mut self) -> Option<usize> {
        let n = usize::try_from(self.u64()?).ok()?;
        (n <= self.bytes.len()).then_some(n)
    }

    /// The same, written in 4 bytes: a string's length, a list's items.
    fn short_len(&mut self) -> Option<usize> {
        let n = self.u32()? as usize;
        (n <= self.bytes.len()).then_some(n)
    }

    fn str(&mut self) -> Option<String> {
        let n = self.short_len()?;
        let (text, rest) = self.bytes.split_at_checked(n)?;
        self.bytes = rest;
        String::from_utf8(text.to_vec()).ok()
    }

    fn strs(&mut self) -> Option<Vec<String>> {
        (0..self.short_len()?).map(|_| self.str()).collect()
    }

    fn hashes(&mut self) -> Option<Vec<WordHash>> {
        (0..self.short_len()?).map(|_| self.u64()).collect()
    }

    fn registry(&mut self) -> Option<Registry> {
        Registry::from_key(&self.str()?)
    }

    fn maybe(&mut self) -> Option<Option<u64>> {
        match self.take::<1>()? {
            [0] => Some(None),
            [1] => self.u64().map(Some),
            _ => None,
        }
    }

    fn profile(&mut self) -> Option<Profile> {
        let key: RecordKey = self.str()?.parse().ok()?;
        let declared = (0..self.short_len()?).map(|_| Some((self.registry()?, self.str()?))).collect::<Option<_>>()?;
        let mentioned = (0..self.short_len()?)
            .map(|_| Some((self.registry()?, self.str()?, self.str()?)))
            .collect::<Option<_>>()?;
        Some(Profile {
            key,
            declared,
            mentioned,
            protocol_numbers: self.strs()?,
            title: self.strs()?,
            sponsor: self.strs()?,
            interventions: self.strs()?,
            conditions: self.hashes()?,
            criteria: self.hashes()?,
            people: self.strs()?,
            emails: self.strs()?,
            countries: self.strs()?,
            target_size: self.maybe()?,
            start_day: self.maybe()?.map(|d| d as i64),
            registered_day: self.maybe()?.map(|d| d as i64),
        })
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// Profiles of real records: WHO ICTRP's export of 18 registries.
    fn profiles() -> Vec<Profile> {
        let export = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/linking/ICTRP-COVID19_2020-07-22.csv");
        let bytes = std::fs::read(&export).unwrap_or_else(|e| panic!("{} is missing: {e}", export.display()));
        let parsed = trialdex_ingest::parse(&bytes).expect("an ICTRP export");
        parsed.records.iter().filter_map(Profile::of).collect()
    }

    #[test]
    fn profiles_read_back_as_written_for_their_store_change_only() {
        let dir = tempfile::tempdir().unwrap();
        let profiles = profiles();
        assert!(profiles.len() > 4000);
        save(dir.path(), 7, &profiles).unwrap();
        assert_eq!(load(dir.path(), 7).as_ref(), Some(&profiles));
        assert_eq!(load(dir.path(), 8), None, "profiles of another store change are not used");
    }

    #[test]
    fn a_damaged_or_foreign_file_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        save(dir.path(), 1, &profiles()[..50]).unwrap();
        let whole = std::fs::read(path(dir.path())).unwrap();
        for cut in [0, MAGIC.len(), MAGIC.len() + 3, whole.len() / 2, whole.len() - 1] {
            std::fs::write(path(dir.path()), &whole[..cut]).unwrap();
            assert_eq!(load(dir.path(), 1), None, "cut at {cut}");
        }
        let mut longer = whole.clone();
        longer.push(0);
        std::fs::write(path(dir.path()), longer).unwrap();
        assert_eq!(load(dir.path(), 1), None, "bytes after the last profile");
        let mut other_format = whole;
        other_format[MAGIC.len()] ^= 0xff;
        std::fs::write(path(dir.path()), other_format).unwrap();
        assert_eq!(load(dir.path(), 1), None, "another format");
    }

    proptest! {
        #[test]
        fn any_bytes_after_a_valid_header_are_read_without_panicking(body in proptest::collection::vec(any::<u8>(), 0..512)) {
            let dir = tempfile::tempdir().unwrap();
            let mut out = Encoder(MAGIC.to_vec());
            out.u32(FORMAT);
            out.u64(word_hash("trialdex"));
            out.u64(1);
            out.0.extend_from_slice(&body);
            std::fs::write(path(dir.path()), &out.0).unwrap();
            let _ = load(dir.path(), 1);
        }
    }
}
