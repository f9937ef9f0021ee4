//! Registry ids: recognise them in free text, tell which registry they belong to,
//! and write them one way ("nct01234567" → "NCT01234567", "ChiCTR-IOR-17013520" kept).

use std::sync::LazyLock;

use regex::Regex;

use crate::{OtherId, Registry};

/// One alternative per id family, tried in this order at each position (leftmost-first),
/// which matters where families overlap: CTIS numbers (2022-500244-37-00) start like
/// EudraCT numbers (2004-000446-20). One combined pattern scans a text once.
const FAMILIES: [(Registry, &str); 19] = [
    (Registry::Ctgov, r"NCT\d{8}"),
    (Registry::Chictr, r"ChiCTR(?:-[A-Z]{2,5}-)?\d{6,10}"),
    (Registry::Ctis, r"(?:CTIS)?20\d{2}-5\d{5}-\d{2}-\d{2}"),
    (Registry::Euctr, r"(?:EUCTR)?(?:19|20)\d{2}-\d{6}-\d{2}"),
    (Registry::Isrctn, r"ISRCTN\d{8}"),
    (Registry::Drks, r"DRKS\d{8}"),
    (Registry::Jprn, r"(?:JPRN-)?(?:UMIN\d{9}|jRCTs?\d{9,10}|JapicCTI-\d{6}|JMA-IIA\d{5})"),
    (Registry::Anzctr, r"ACTRN\d{14}"),
    (Registry::Ctri, r"CTRI/\d{4}/\d{2,3}/\d{6}"),
    (Registry::Tctr, r"TCTR\d{11}"),
    (Registry::Cris, r"KCT\d{7}"),
    (Registry::Repec, r"PER-\d{3}-\d{2}"),
    (Registry::Irct, r"IRCT\d{6,14}N\d{1,3}"),
    (Registry::Pactr, r"PACTR\d{15,16}"),
    (Registry::Rebec, r"RBR-[0-9a-z]{6,8}"),
    (Registry::Slctr, r"SLCTR/\d{4}/\d{3}"),
    (Registry::Lbctr, r"LBCTR\d{10}"),
    (Registry::Nltr, r"NL-OMON\d{3,6}|NTR\d{3,5}|NL\d{4,5}"),
    // WHO Universal Trial Number: no registry of its own.
    (Registry::Other, r"U1111-\d{4}-\d{4}"),
];

/// Group i+1 of this pattern is family i. An id must stand alone: no letter or
/// digit directly before or after it ("XNCT05281068" and "NCT0528106812" are not ids).
static PATTERN: LazyLock<Regex> = LazyLock::new(|| {
    let alternatives: Vec<String> = FAMILIES.iter().map(|(_, re)| format!("({re})")).collect();
    Regex::new(&format!(r"(?i-u)\b(?:{})\b", alternatives.join("|"))).expect("id pattern")
});

/// Which registry an id belongs to, for an id standing alone ("NCT01234567",
/// "EUCTR2020-001234-56-DE"). `None` when it looks like no registry id.
pub fn registry_of(id: &str) -> Option<Registry> {
    find_ids(id).into_iter().next().map(|o| o.registry)
}

/// Every registry id mentioned in `text`, normalized, in order of appearance, without repeats.
pub fn find_ids(text: &str) -> Vec<OtherId> {
    let mut found: Vec<OtherId> = Vec::new();
    for caps in PATTERN.captures_iter(text) {
        let Some((family, m)) = caps.iter().skip(1).enumerate().find_map(|(i, m)| m.map(|m| (i, m))) else {
            continue;
        };
        // "NL73848.000.21" (a Dutch ethics-review number) is one dotted number, not NL73848.
        let continues_as_number = text.get(m.end()..).is_some_and(|rest| {
            let mut chars = rest.chars();
            chars.next() == Some('.') && chars.next().is_some_and(|c| c.is_ascii_digit())
        });
        if continues_as_number {
            continue;
        }
        let registry = FAMILIES[family].0;
        let id = OtherId::new(registry, normalize(registry, m.as_str()));
        if !found.contains(&id) {
            found.push(id);
        }
    }
    found
}

/// Writes an id the one way trialdex stores it.
pub fn normalize(registry: Registry, raw: &str) -> String {
    let raw = raw.trim();
    match registry {
        Registry::Chictr => {
            let rest = &raw[6.min(raw.len())..];
            format!("ChiCTR{}", rest.to_ascii_uppercase())
        }
        Registry::Euctr | Registry::Ctis => raw.trim_start_matches(|c: char| c.is_ascii_alphabetic()).to_owned(),
        Registry::Jprn => {
            let upper = raw.to_ascii_uppercase();
            let rest = upper.strip_prefix("JPRN-").unwrap_or(&upper);
            // jRCT keeps its lower-case j, as the registry writes it.
            if let Some(n) = rest.strip_prefix("JRCT") {
                format!("jRCT{}", n.to_ascii_lowercase())
            } else if let Some(n) = rest.strip_prefix("JAPICCTI") {
                format!("JapicCTI{n}")
            } else {
                rest.to_owned()
            }
        }
        Registry::Rebec => format!("RBR-{}", raw[4.min(raw.len())..].to_ascii_lowercase()),
        _ => raw.to_ascii_uppercase(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(text: &str) -> Vec<String> {
        find_ids(text).into_iter().map(|o| format!("{}:{}", o.registry, o.id)).collect()
    }

    #[test]
    fn finds_ids_of_every_registry_in_text() {
        assert_eq!(ids("see nct05281068 and ChiCTR2000034346."), ["ctgov:NCT05281068", "chictr:ChiCTR2000034346"]);
        assert_eq!(ids("ChiCTR-IOR-17013520"), ["chictr:ChiCTR-IOR-17013520"]);
        assert_eq!(
            ids("EudraCT 2004-000446-20; CTIS 2022-500244-37-00"),
            ["euctr:2004-000446-20", "ctis:2022-500244-37-00"]
        );
        assert_eq!(ids("EUCTR2020-001234-56-DE"), ["euctr:2020-001234-56"]);
        assert_eq!(ids("JPRN-UMIN000012345, jRCT2031200123"), ["jprn:UMIN000012345", "jprn:jRCT2031200123"]);
        assert_eq!(
            ids("CTRI/2020/04/024773 KCT0005467 IRCT20200324046850N1"),
            ["ctri:CTRI/2020/04/024773", "cris:KCT0005467", "irct:IRCT20200324046850N1"]
        );
        assert_eq!(
            ids("RBR-8h7rqv ACTRN12620000445976 DRKS00021238 ISRCTN12345678"),
            ["rebec:RBR-8h7rqv", "anzctr:ACTRN12620000445976", "drks:DRKS00021238", "isrctn:ISRCTN12345678"]
        );
    }

    #[test]
    fn ictrp_trial_ids_and_the_universal_trial_number() {
        assert_eq!(ids("CTIS2023-507385-11-00"), ["ctis:2023-507385-11-00"]);
        assert_eq!(ids("JPRN-jRCTs031210288"), ["jprn:jRCTs031210288"]);
        assert_eq!(ids("NL-OMON55279"), ["nltr:NL-OMON55279"]);
        assert_eq!(
            ids("U1111-1296-5487;2022-003405-30;NCT05697861"),
            ["other:U1111-1296-5487", "euctr:2022-003405-30", "ctgov:NCT05697861"]
        );
        assert_eq!(
            ids("EUCTR2019-001698-10-NL;NCT04136184;NL73848.000.21"),
            ["euctr:2019-001698-10", "ctgov:NCT04136184"]
        );
        assert_eq!(ids("NL8490."), ["nltr:NL8490"]);
    }

    /// Id strings as registries and exports write them (seen in ../shared/corpus), and
    /// strings that look like ids but are not.
    #[test]
    fn id_strings_seen_in_the_corpus() {
        let valid = [
            ("NCT04952155", "ctgov:NCT04952155"),
            ("ChiCTR2000034346", "chictr:ChiCTR2000034346"),
            ("ChiCTR-TRC-12002345", "chictr:ChiCTR-TRC-12002345"),
            ("chictr-ior-17013520", "chictr:ChiCTR-IOR-17013520"),
            ("2005-002909-23", "euctr:2005-002909-23"),
            ("EUCTR2005-002909-23-PT", "euctr:2005-002909-23"),
            ("2023-501234-12-00", "ctis:2023-501234-12-00"),
            ("CTIS2023-507385-11-00", "ctis:2023-507385-11-00"),
            ("U1111-1234-5678", "other:U1111-1234-5678"),
            ("CTRI/2020/05/025213", "ctri:CTRI/2020/05/025213"),
            ("ISRCTN12949496", "isrctn:ISRCTN12949496"),
            ("DRKS00038775", "drks:DRKS00038775"),
            ("JPRN-jRCTs031210288", "jprn:jRCTs031210288"),
            ("UMIN000040188", "jprn:UMIN000040188"),
            ("KCT0000001", "cris:KCT0000001"),
            ("ACTRN12605000001695", "anzctr:ACTRN12605000001695"),
            ("TCTR20180508003", "tctr:TCTR20180508003"),
            ("PER-001-95", "repec:PER-001-95"),
            ("IRCT20200324046850N1", "irct:IRCT20200324046850N1"),
            ("PACTR202004801273802", "pactr:PACTR202004801273802"),
            ("RBR-8h7rqv", "rebec:RBR-8h7rqv"),
            ("NL-OMON55279", "nltr:NL-OMON55279"),
        ];
        for (text, expect) in valid {
            assert_eq!(ids(text), [expect], "{text}");
        }
        let invalid = [
            "NCT1234567",   // seven digits
            "NCT000001",    // a test fixture's made-up id
            "ChiCTR",       // prefix alone
            "2005-2909-23", // EudraCT needs six middle digits
            "CTRI/20/05/025213",
            "ISRCTN1234567",
            "DRKS0002123",
            "KCT000001",
            "NL73848.000.21",  // a Dutch ethics number, not NL73848
            "PKU-ITP030",      // a sponsor's protocol code
            "IIT2025058-EC-1", // an ethics approval number
        ];
        for text in invalid {
            assert!(ids(text).is_empty(), "{text}: {:?}", ids(text));
        }
    }

    #[test]
    fn ids_inside_longer_tokens_are_not_ids() {
        assert!(ids("XNCT05281068").is_empty());
        assert!(ids("NCT0528106812").is_empty());
        assert!(ids("phone 2020-123456-12345").is_empty());
    }

    #[test]
    fn repeated_ids_are_listed_once() {
        assert_eq!(ids("NCT05281068 NCT05281068"), ["ctgov:NCT05281068"]);
        assert_eq!(ids("NCT00000001 NCT00000002"), ["ctgov:NCT00000001", "ctgov:NCT00000002"]);
        assert_eq!(registry_of("nct05281068"), Some(Registry::Ctgov));
        assert_eq!(registry_of("PKU-ITP030"), None);
    }
}
