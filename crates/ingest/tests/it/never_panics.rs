//! Every parser takes arbitrary bytes without panicking: random bytes, and real records
//! cut short or with bytes changed (which reach much deeper into a parser than noise).

use proptest::prelude::*;
use trialdex_ingest::{SourceFormat, parse, parse_as};

use super::common::*;

/// One real input per format, from ../shared.
fn samples() -> Vec<Vec<u8>> {
    let mut out: Vec<Vec<u8>> = ["000", "001", "002", "003", "004"].iter().map(|p| seed(p)).collect();
    for rel in [
        "corpus/ctgov-v2/NCT00000410.json",
        "corpus/ctgov-xml/NCT00000105.xml",
        "corpus/ctgov-classic-json/NCT04780763.json",
        "corpus/ctgov-classic-json/ctg_api_all.json",
        "corpus/ctgov-xml-edge/covid_search.xml",
        "corpus/chictr/ChiCTR2000034346.xml",
        "corpus/other/TCTR20120000007.xml",
        "corpus/other/TCTR20180508003.json",
        "corpus/other/DRKS_trial-DRKS00099999.json",
        "corpus/other/CRIS_KCT0000001_resultFinal.json",
        "corpus/ctrdata/ISRCTN/12949496.json",
        "corpus/ctrdata/CTIS/2022-500244-37-00.json",
    ] {
        out.push(std::fs::read(shared(rel)).unwrap());
    }
    out
}

fn every_format(bytes: &[u8]) {
    let _ = parse(bytes);
    for format in SourceFormat::ALL {
        let _ = parse_as(*format, bytes);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        every_format(&bytes);
    }

    #[test]
    fn damaged_real_records_never_panic(
        which in 0usize..17,
        cut in any::<prop::sample::Index>(),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..8),
    ) {
        let samples = samples();
        let mut bytes = samples[which % samples.len()].clone();
        for (at, byte) in edits {
            let i = at.index(bytes.len());
            bytes[i] = byte;
        }
        bytes.truncate(cut.index(bytes.len() + 1));
        every_format(&bytes);
    }
}

/// Each seed cut at every 97th byte: the cut lands inside labels, values and
/// multi-byte Chinese characters.
#[test]
fn seeds_cut_anywhere_never_panic() {
    for prefix in ["000", "001", "002", "003", "004"] {
        let bytes = seed(prefix);
        for cut in (0..bytes.len()).step_by(97) {
            every_format(&bytes[..cut]);
        }
    }
}
