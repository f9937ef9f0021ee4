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

pub(crate) fn decompress(bytes: &[u8]) -> Result<Vec<u8>> {
    zstd::stream::decode_all(bytes).map_err(|e| Error::Corrupt(format!("a stored blob does not decompress: {e}")))
}
