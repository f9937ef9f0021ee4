//! `trialdex serve` over real HTTP: ClinicalTrials.gov's API v2 (`v2`), CT.gov client
//! libraries from PyPI against it (`clients`), and trialdex's own API (`native`).

#[path = "../common/mod.rs"]
mod common;

mod clients;
mod fixture;
mod native;
mod v2;
mod web;
