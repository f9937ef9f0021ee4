//! zstd compression of stored blobs.

use crate::{Error, Result};

const ZSTD_LEVEL: i32 = 3;

/// Compresses with one zstd context per thread: making a context per call cost more
/// than the compression itself (its workspace is megabytes of fresh pages).
pub(crate) fn compress(bytes: &[u8]) -> Result<Vec<u8>> {
    thread_local! {
        static COMPRESSOR: std::cell::RefCell<Option<zstd::bulk::Compressor<'static>>> = const { std::cell::RefCell::new(None) };
    }
    let failed = |e: std::io::Error| Error::Corrupt(format!("compression failed: {e}"));
    COMPRESSOR.with(|cell| {
        let mut slot = cell.borrow_mut();
        let compressor = match slot.as_mut() {
            Some(compressor) => compressor,
            None => slot.insert(zstd::bulk::Compressor::new(ZSTD_LEVEL).map_err(failed)?),
        };
        compressor.compress(bytes).map_err(failed)
    })
}

/// Decompresses with one context per thread, as `compress` does: reading every
/// record for a reindex or a relink made a context per record otherwise.
pub(crate) fn decompress(bytes: &[u8]) -> Result<Vec<u8>> {
    thread_local! {
        static DECOMPRESSOR: std::cell::RefCell<Option<zstd::bulk::Decompressor<'static>>> = const { std::cell::RefCell::new(None) };
    }
    let failed = |e: std::io::Error| Error::Corrupt(format!("a stored blob does not decompress: {e}"));
    // Every blob trialdex writes records its size; one that does not is read as a stream.
    let Some(size) = zstd::bulk::Decompressor::upper_bound(bytes) else {
        return zstd::stream::decode_all(bytes).map_err(failed);
    };
    DECOMPRESSOR.with(|cell| {
        let mut slot = cell.borrow_mut();
        let decompressor = match slot.as_mut() {
            Some(decompressor) => decompressor,
            None => slot.insert(zstd::bulk::Decompressor::new().map_err(failed)?),
        };
        decompressor.decompress(bytes, size).map_err(failed)
    })
}
