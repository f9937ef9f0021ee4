//! `trialdex serve` over real HTTP: ClinicalTrials.gov's API v2 (`v2`), CT.gov client
//! libraries from PyPI against it (`clients`), trialdex's own API (`native`), and the
//! web UI as HTML (`web`) and in a real browser (`browser`).

#[path = "../common/mod.rs"]
mod common;

mod browser;
mod clients;
mod fixture;
mod native;
mod v2;
mod web;
