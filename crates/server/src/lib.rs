//! HTTP: CT.gov-compatible /api/v2, the native API and the web UI. Arrives with issue #6.
