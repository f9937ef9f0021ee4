//! The embedded backend: one SQLite database (WAL) in a directory.
//!
//! Records and versions are rows; each version's record is stored as zstd-compressed
//! JSON, and raw sources once per distinct file (zstd), shared by every record read
//! from that file. One writer at a time (a mutex); a batch is one transaction.

use std::path::Path;
use std::sync::Mutex;

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use sha2::{Digest, Sha256};

use crate::codec::decompress;
use trialdex_model::{PartialDate, Registry, SourceFormat, Study};

use crate::{Change, Counts, Error, NewVersion, PutOutcome, RecordKey, Result, Store, StoredVersion, VersionInfo};

/// The schema this trialdex writes; a database with a higher one is refused.
const SCHEMA_VERSION: u32 = 1;
const FILE_NAME: &str = "trialdex.sqlite";

const SCHEMA: &str = "
CREATE TABLE records (
    id INTEGER PRIMARY KEY,
    registry TEXT NOT NULL,
    registry_id TEXT NOT NULL,
    current_version INTEGER NOT NULL,
    UNIQUE (registry, registry_id)
);
CREATE TABLE sources (
    hash BLOB PRIMARY KEY,
    size INTEGER NOT NULL,
    bytes BLOB NOT NULL
);
CREATE TABLE versions (
    record_id INTEGER NOT NULL REFERENCES records(id),
    version INTEGER NOT NULL,
    seq INTEGER NOT NULL UNIQUE,
    content_hash BLOB NOT NULL,
    study BLOB NOT NULL,
    source_hash BLOB NOT NULL REFERENCES sources(hash),
    source_format TEXT,
    source_path TEXT,
    read_at INTEGER NOT NULL,
    source_updated TEXT,
    PRIMARY KEY (record_id, version)
);
CREATE INDEX versions_by_content ON versions (record_id, content_hash);
CREATE TABLE ids (
    id TEXT NOT NULL,
    record_id INTEGER NOT NULL REFERENCES records(id),
    PRIMARY KEY (id, record_id)
) WITHOUT ROWID;
";

pub struct SqliteStore {
    conn: Mutex<Connection>,
}

impl SqliteStore {
    /// Opens (creating when absent) the database in directory `dir`.
    pub fn open(dir: &Path) -> Result<Self> {
        std::fs::create_dir_all(dir).map_err(|source| Error::Directory { path: dir.to_owned(), source })?;
        let path = dir.join(FILE_NAME);
        let open_err = |source| Error::Open { path: path.clone(), source };
        let conn = Connection::open(&path).map_err(open_err)?;
        conn.pragma_update(None, "journal_mode", "WAL").map_err(open_err)?;
        // WAL + NORMAL survives a killed process; only a power cut may lose the last batch.
        conn.pragma_update(None, "synchronous", "NORMAL").map_err(open_err)?;
        conn.pragma_update(None, "foreign_keys", "ON").map_err(open_err)?;
        conn.busy_timeout(std::time::Duration::from_secs(30)).map_err(open_err)?;
        let found: u32 = conn.pragma_query_value(None, "user_version", |row| row.get(0)).map_err(open_err)?;
        if found > SCHEMA_VERSION {
            return Err(Error::NewerSchema { path, found, supported: SCHEMA_VERSION });
        }
        if found == 0 {
            conn.execute_batch(&format!("BEGIN; {SCHEMA} PRAGMA user_version = {SCHEMA_VERSION}; COMMIT;"))
                .map_err(open_err)?;
        }
        Ok(SqliteStore { conn: Mutex::new(conn) })
    }

    /// Caps the database at `pages` pages for this connection, so that tests can meet a
    /// full disk (SQLite reports the same "database or disk is full").
    #[doc(hidden)]
    pub fn cap_size_in_pages(&self, pages: u32) -> Result<()> {
        self.lock().pragma_update(None, "max_page_count", pages)?;
        Ok(())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Connection> {
        // A panic while holding the lock leaves no half-written transaction (it rolls
        // back on drop), so the connection is still good.
        self.conn.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Store for SqliteStore {
    fn put(&self, batch: &[NewVersion]) -> Result<Vec<PutOutcome>> {
        let mut conn = self.lock();
        let tx = conn.transaction()?;
        let mut next_seq: i64 = tx.query_row("SELECT COALESCE(MAX(seq), 0) FROM versions", [], |r| r.get(0))?;
        let mut outcomes = Vec::with_capacity(batch.len());
        for item in batch {
            next_seq += 1;
            let outcome = put_one(&tx, item, next_seq)?;
            if matches!(outcome, PutOutcome::Unchanged { .. }) {
                next_seq -= 1;
            }
            outcomes.push(outcome);
        }
        tx.commit()?;
        Ok(outcomes)
    }

    fn resolve(&self, id: &str) -> Result<Vec<RecordKey>> {
        let conn = self.lock();
        let mut stmt = conn.prepare_cached(
            "SELECT r.registry, r.registry_id FROM ids i JOIN records r ON r.id = i.record_id
             WHERE i.id = ?1 ORDER BY r.registry, r.registry_id",
        )?;
        let rows =
            stmt.query_map([normalize_id(id)], |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?)))?;
        rows.map(|row| {
            let (registry, registry_id) = row?;
            Ok(RecordKey { registry: parse_registry(&registry)?, registry_id })
        })
        .collect()
    }

    fn current(&self, key: &RecordKey) -> Result<Option<StoredVersion>> {
        let conn = self.lock();
        let current: Option<u32> = conn
            .query_row(
                "SELECT current_version FROM records WHERE registry = ?1 AND registry_id = ?2",
                params![key.registry.as_str(), key.registry_id],
                |r| r.get(0),
            )
            .optional()?;
        match current {
            Some(version) => load_version(&conn, key, version),
            None => Ok(None),
        }
    }

    fn version(&self, key: &RecordKey, version: u32) -> Result<Option<StoredVersion>> {
        load_version(&self.lock(), key, version)
    }

    fn history(&self, key: &RecordKey) -> Result<Vec<VersionInfo>> {
        let conn = self.lock();
        let mut stmt = conn.prepare_cached(&format!(
            "{VERSION_INFO} WHERE r.registry = ?1 AND r.registry_id = ?2
             ORDER BY v.source_updated IS NOT NULL, v.source_updated, v.version"
        ))?;
        let rows = stmt.query_map(params![key.registry.as_str(), key.registry_id], version_info)?;
        rows.map(|r| r.map_err(Error::from)).collect()
    }

    fn raw(&self, key: &RecordKey, version: u32) -> Result<Option<Vec<u8>>> {
        let conn = self.lock();
        let compressed: Option<Vec<u8>> = conn
            .query_row(
                "SELECT s.bytes FROM versions v JOIN records r ON r.id = v.record_id JOIN sources s ON s.hash = v.source_hash
                 WHERE r.registry = ?1 AND r.registry_id = ?2 AND v.version = ?3",
                params![key.registry.as_str(), key.registry_id, version],
                |r| r.get(0),
            )
            .optional()?;
        compressed.map(|bytes| decompress(&bytes)).transpose()
    }

    fn changes(&self, after: u64, limit: usize) -> Result<Vec<Change>> {
        let conn = self.lock();
        let mut stmt = conn.prepare_cached(
            "SELECT v.seq, r.registry, r.registry_id, v.version FROM versions v JOIN records r ON r.id = v.record_id
             WHERE v.seq > ?1 ORDER BY v.seq LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![after as i64, limit as i64], |row| {
            Ok((
                row.get::<_, i64>(0)? as u64,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, u32>(3)?,
            ))
        })?;
        rows.map(|row| {
            let (seq, registry, registry_id, version) = row?;
            Ok(Change { seq, key: RecordKey { registry: parse_registry(&registry)?, registry_id }, version })
        })
        .collect()
    }

    fn last_seq(&self) -> Result<u64> {
        let seq: Option<i64> = self.lock().query_row("SELECT max(seq) FROM versions", [], |row| row.get(0))?;
        Ok(seq.unwrap_or(0) as u64)
    }

    fn current_records(&self, after: Option<&RecordKey>, limit: usize) -> Result<Vec<StoredVersion>> {
        let conn = self.lock();
        let (registry, id) = after.map_or(("", ""), |k| (k.registry.as_str(), k.registry_id.as_str()));
        let mut stmt = conn.prepare_cached(&format!(
            "{VERSION_INFO_WITH_STUDY} WHERE v.version = r.current_version AND (r.registry, r.registry_id) > (?1, ?2)
             ORDER BY r.registry, r.registry_id LIMIT ?3"
        ))?;
        let rows = stmt.query_map(params![registry, id, limit as i64], |row| {
            Ok((row.get::<_, String>(10)?, row.get::<_, String>(11)?, version_info(row)?, row.get::<_, Vec<u8>>(12)?))
        })?;
        rows.map(|row| {
            let (registry, registry_id, info, study) = row?;
            Ok(StoredVersion {
                key: RecordKey { registry: parse_registry(&registry)?, registry_id },
                info,
                study: decode_study(&study)?,
            })
        })
        .collect()
    }

    fn counts(&self) -> Result<Counts> {
        let conn = self.lock();
        let one = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, i64>(0)).map(|n| n as u64);
        let grouped = |sql: &str| -> Result<Vec<(String, u64)>> {
            let mut stmt = conn.prepare(sql)?;
            let rows = stmt.query_map([], |r| {
                Ok((r.get::<_, Option<String>>(0)?.unwrap_or_default(), r.get::<_, i64>(1)? as u64))
            })?;
            rows.map(|r| r.map_err(Error::from)).collect()
        };
        Ok(Counts {
            records: one("SELECT COUNT(*) FROM records")?,
            versions: one("SELECT COUNT(*) FROM versions")?,
            raw_sources: one("SELECT COUNT(*) FROM sources")?,
            raw_bytes: one("SELECT COALESCE(SUM(size), 0) FROM sources")?,
            stored_bytes: one("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()")?,
            by_registry: grouped("SELECT registry, COUNT(*) FROM records GROUP BY registry ORDER BY 2 DESC, 1")?,
            by_format: grouped(
                "SELECT v.source_format, COUNT(*) FROM records r JOIN versions v
                 ON v.record_id = r.id AND v.version = r.current_version GROUP BY 1 ORDER BY 2 DESC, 1",
            )?,
        })
    }

    fn check(&self) -> Result<()> {
        let conn = self.lock();
        let integrity: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        if integrity != "ok" {
            return Err(Error::Corrupt(format!("integrity check: {integrity}")));
        }
        let dangling: i64 = conn.query_row(
            "SELECT COUNT(*) FROM records r WHERE NOT EXISTS
             (SELECT 1 FROM versions v WHERE v.record_id = r.id AND v.version = r.current_version)",
            [],
            |r| r.get(0),
        )?;
        if dangling > 0 {
            return Err(Error::Corrupt(format!("{dangling} records point to a missing current version")));
        }
        let mut stmt = conn.prepare(
            "SELECT v.study, v.content_hash, s.bytes FROM versions v JOIN sources s ON s.hash = v.source_hash",
        )?;
        let mut rows = stmt.query([])?;
        let mut versions = 0i64;
        while let Some(row) = rows.next()? {
            let json = decompress(&row.get::<_, Vec<u8>>(0)?)?;
            if Sha256::digest(&json).as_slice() != row.get::<_, Vec<u8>>(1)?.as_slice() {
                return Err(Error::Corrupt("a version's record does not match its content hash".into()));
            }
            serde_json::from_slice::<Study>(&json)
                .map_err(|e| Error::Corrupt(format!("a stored record does not read: {e}")))?;
            decompress(&row.get::<_, Vec<u8>>(2)?)?;
            versions += 1;
        }
        let total: i64 = conn.query_row("SELECT COUNT(*) FROM versions", [], |r| r.get(0))?;
        if versions != total {
            return Err(Error::Corrupt(format!("{} versions have no raw source", total - versions)));
        }
        Ok(())
    }
}

fn put_one(tx: &Transaction, item: &NewVersion, seq: i64) -> Result<PutOutcome> {
    let key = &item.key;
    let existing: Option<(i64, u32)> = tx
        .prepare_cached("SELECT id, current_version FROM records WHERE registry = ?1 AND registry_id = ?2")?
        .query_row(params![key.registry.as_str(), key.registry_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let (record_id, version, outcome) = match existing {
        None => {
            tx.prepare_cached("INSERT INTO records (registry, registry_id, current_version) VALUES (?1, ?2, 1)")?
                .execute(params![key.registry.as_str(), key.registry_id])?;
            (tx.last_insert_rowid(), 1, PutOutcome::NewRecord { version: 1 })
        }
        Some((record_id, current)) => {
            let same: Option<u32> = tx
                .prepare_cached("SELECT version FROM versions WHERE record_id = ?1 AND content_hash = ?2")?
                .query_row(params![record_id, &item.content_hash[..]], |r| r.get(0))
                .optional()?;
            if let Some(version) = same {
                return Ok(PutOutcome::Unchanged { version });
            }
            let version: u32 = tx
                .prepare_cached("SELECT MAX(version) + 1 FROM versions WHERE record_id = ?1")?
                .query_row([record_id], |r| r.get(0))?;
            let current_updated: Option<String> = tx
                .prepare_cached("SELECT source_updated FROM versions WHERE record_id = ?1 AND version = ?2")?
                .query_row(params![record_id, current], |r| r.get(0))?;
            let older = match (item.source_updated.map(|d| d.to_string()), current_updated) {
                (Some(new), Some(cur)) => new < cur,
                _ => false,
            };
            if older {
                (record_id, version, PutOutcome::OlderVersion { version })
            } else {
                tx.prepare_cached("UPDATE records SET current_version = ?1 WHERE id = ?2")?
                    .execute(params![version, record_id])?;
                (record_id, version, PutOutcome::NewVersion { version })
            }
        }
    };
    // Look before inserting: binding the blob of a many-record file for each of its
    // records, only to be ignored, copied it once per record.
    let source = &item.source;
    let known: bool = tx
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM sources WHERE hash = ?1)")?
        .query_row([&source.hash[..]], |r| r.get(0))?;
    if !known {
        tx.prepare_cached("INSERT INTO sources (hash, size, bytes) VALUES (?1, ?2, ?3)")?.execute(params![
            &source.hash[..],
            source.len as i64,
            source.compressed
        ])?;
    }
    tx.prepare_cached(
        "INSERT INTO versions (record_id, version, seq, content_hash, study, source_hash, source_format, source_path, read_at, source_updated)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        record_id,
        version,
        seq,
        &item.content_hash[..],
        item.study_compressed,
        &source.hash[..],
        item.source_format.map(SourceFormat::as_str),
        item.source_path,
        item.read_at_ms,
        item.source_updated.map(|d| d.to_string()),
    ])?;
    let mut add_id = tx.prepare_cached("INSERT OR IGNORE INTO ids (id, record_id) VALUES (?1, ?2)")?;
    for id in &item.ids {
        add_id.execute(params![normalize_id(id), record_id])?;
    }
    Ok(outcome)
}

const VERSION_INFO: &str = "SELECT v.version, v.seq, v.version = r.current_version, v.content_hash, v.source_format,
    v.source_path, v.read_at, v.source_updated, (SELECT size FROM sources s WHERE s.hash = v.source_hash), r.id,
    r.registry, r.registry_id
    FROM versions v JOIN records r ON r.id = v.record_id";

const VERSION_INFO_WITH_STUDY: &str = "SELECT v.version, v.seq, v.version = r.current_version, v.content_hash,
    v.source_format, v.source_path, v.read_at, v.source_updated, (SELECT size FROM sources s WHERE s.hash = v.source_hash),
    r.id, r.registry, r.registry_id, v.study
    FROM versions v JOIN records r ON r.id = v.record_id";

fn version_info(row: &rusqlite::Row) -> rusqlite::Result<VersionInfo> {
    let hash: Vec<u8> = row.get(3)?;
    Ok(VersionInfo {
        version: row.get(0)?,
        seq: row.get::<_, i64>(1)? as u64,
        is_current: row.get(2)?,
        content_hash: hash.iter().map(|b| format!("{b:02x}")).collect(),
        source_format: row.get::<_, Option<String>>(4)?.and_then(|f| SourceFormat::from_key(&f)),
        source_path: row.get(5)?,
        read_at_ms: row.get(6)?,
        source_updated: row.get::<_, Option<String>>(7)?.and_then(|d| PartialDate::parse(&d).ok()),
        raw_size: row.get::<_, Option<i64>>(8)?.unwrap_or(0) as u64,
    })
}

fn load_version(conn: &Connection, key: &RecordKey, version: u32) -> Result<Option<StoredVersion>> {
    let found = conn
        .prepare_cached(&format!(
            "{VERSION_INFO_WITH_STUDY} WHERE r.registry = ?1 AND r.registry_id = ?2 AND v.version = ?3"
        ))?
        .query_row(params![key.registry.as_str(), key.registry_id, version], |row| {
            Ok((version_info(row)?, row.get::<_, Vec<u8>>(12)?))
        })
        .optional()?;
    found.map(|(info, study)| Ok(StoredVersion { key: key.clone(), info, study: decode_study(&study)? })).transpose()
}

fn decode_study(compressed: &[u8]) -> Result<Study> {
    let json = decompress(compressed)?;
    serde_json::from_slice(&json).map_err(|e| Error::Corrupt(format!("a stored record does not read: {e}")))
}

fn parse_registry(key: &str) -> Result<Registry> {
    Registry::from_key(key).ok_or_else(|| Error::Corrupt(format!("unknown registry {key:?} in the database")))
}

/// Ids are looked up without regard to case or surrounding space.
fn normalize_id(id: &str) -> String {
    id.trim().to_uppercase()
}
