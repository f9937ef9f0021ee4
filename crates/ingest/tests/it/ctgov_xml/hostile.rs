//! Inputs meant to hurt: an entity bomb, truncated files, other XML, a 50 MB field,
//! random and damaged bytes. Each gives a clean error or a record, never a panic.

use trialdex_ingest::{SourceFormat, parse_as};

use super::super::common::*;

#[test]
fn an_entity_bomb_is_refused_not_expanded() {
    let mut bomb = String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE clinical_study [\n<!ENTITY lol \"lol\">\n");
    for i in 1..=9 {
        let prev = if i == 1 { "lol".to_owned() } else { format!("lol{}", i - 1) };
        bomb.push_str(&format!("<!ENTITY lol{i} \"{}\">\n", format!("&{prev};").repeat(10)));
    }
    bomb.push_str("]>\n<clinical_study><id_info><nct_id>NCT00000001</nct_id></id_info><brief_title>&lol9;</brief_title></clinical_study>");
    let parsed = parse_as(SourceFormat::CtgovXml, bomb.as_bytes());
    assert!(parsed.records.is_empty());
    let error = parsed.errors().next().expect("an error");
    assert!(error.message.contains("declares entities"), "{error}");
    // Detection still sees a CT.gov study behind the DOCTYPE, or refuses it; never a panic.
    if let Ok(parsed) = trialdex_ingest::parse(bomb.as_bytes()) {
        assert!(parsed.records.is_empty() && parsed.errors().next().is_some());
    }
}

#[test]
fn a_truncated_file_is_an_error() {
    let bytes = std::fs::read(shared("corpus/ctgov-xml/NCT00000125.xml")).unwrap();
    for cut in [bytes.len() / 3, bytes.len() / 2, bytes.len() - 20] {
        let parsed = parse_as(SourceFormat::CtgovXml, &bytes[..cut]);
        assert!(parsed.records.is_empty(), "cut at {cut}");
        let errors: Vec<String> = parsed.errors().map(ToString::to_string).collect();
        assert_eq!(errors.len(), 1, "cut at {cut}: {errors:?}");
        assert!(errors[0].contains("truncated") || errors[0].contains("malformed XML"), "{errors:?}");
    }
    let rss = std::fs::read(shared("corpus/ctgov-xml-edge/covid_search.xml")).unwrap();
    let parsed = parse_as(SourceFormat::CtgovRss, &rss[..rss.len() / 2]);
    assert!(parsed.records.is_empty() && parsed.errors().next().unwrap().message.contains("truncated"));
}

#[test]
fn other_xml_is_an_error_naming_what_it_found() {
    let parsed = parse_as(SourceFormat::CtgovXml, b"<?xml version=\"1.0\"?><trials><trial/></trials>");
    assert!(parsed.errors().next().unwrap().message.contains("found <trials>"));
    let parsed = parse_as(SourceFormat::CtgovRss, b"<feed></feed>");
    assert!(parsed.errors().next().unwrap().message.contains("found <feed>"));
}

#[test]
fn a_50_mb_description_is_read_whole() {
    let source = String::from_utf8(std::fs::read(shared("corpus/ctgov-xml/NCT00000105.xml")).unwrap()).unwrap();
    let line = "      All work and no play makes a long description; &amp; so it goes on and on.&#xD;\n";
    let huge = line.repeat(50 * 1024 * 1024 / line.len());
    let start = source.find("<detailed_description>").unwrap();
    let end = source.find("</detailed_description>").unwrap();
    let xml = format!("{}<detailed_description><textblock>\n{huge}</textblock>{}", &source[..start], &source[end..]);
    let study = serde_json::to_value(one_record(xml.as_bytes())).unwrap();
    let description = study["protocolSection"]["descriptionModule"]["detailedDescription"].as_str().unwrap();
    assert!(description.len() > 40 * 1024 * 1024, "{}", description.len());
    assert!(description.starts_with("All work and no play makes a long description; & so it goes on and on. All work"));
    assert_eq!(study["protocolSection"]["identificationModule"]["nctId"], "NCT00000105");
}

mod never_panics {
    use proptest::prelude::*;
    use trialdex_ingest::{SourceFormat, parse_as};

    fn corpus_file(name: &str) -> Vec<u8> {
        std::fs::read(super::shared(name)).unwrap()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
            let _ = parse_as(SourceFormat::CtgovXml, &bytes);
            let _ = parse_as(SourceFormat::CtgovRss, &bytes);
        }

        #[test]
        fn damaged_real_files(cut in 0usize..40_000, at in 0usize..40_000, byte in any::<u8>()) {
            for name in ["corpus/ctgov-xml/NCT00000125.xml", "corpus/ctgov-xml-edge/covid_search.xml"] {
                let mut bytes = corpus_file(name);
                let len = bytes.len();
                bytes[at % len] = byte;
                bytes.truncate(cut % len + 1);
                let _ = parse_as(SourceFormat::CtgovXml, &bytes);
                let _ = parse_as(SourceFormat::CtgovRss, &bytes);
            }
        }
    }
}
