//! ChiCTR's bilingual detail page copied as text (seed 002): one trial, every field
//! labelled in Chinese and in English.
//!
//! Reading is two steps, and ChiCTR's other sources share the second: `reader` turns the
//! page's lines into a `chictr::Record` of field values in both languages, and
//! `chictr::build` turns a `Record` into the model.

mod reader;

use trialdex_model::SourceFormat;

use crate::formats::chictr::add_page_record;
use crate::{Diagnostic, Parsed, decode::decode};

pub fn parse(bytes: &[u8]) -> Parsed {
    let mut parsed = Parsed::default();
    let (text, note) = decode(bytes);
    parsed.diagnostics.extend(note);
    let record = reader::read(text.trim_start_matches('\u{feff}'));
    if record.labels_read == 0 {
        parsed.diagnostics.push(Diagnostic::error(
            "expected a ChiCTR record with labelled fields such as \"注册号:\" / \"Registration number:\", found none",
        ));
        return parsed;
    }
    add_page_record(&record, SourceFormat::ChictrPageText, &mut parsed);
    parsed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_that_is_no_chictr_page_is_an_error() {
        let parsed = parse("Hello\n\nworld".as_bytes());
        assert!(parsed.records.is_empty());
        assert_eq!(parsed.errors().count(), 1);
    }

    #[test]
    fn labels_without_values_are_an_error() {
        let parsed = parse("注册号:\n\nRegistration number:\n\n注册时间:\n".as_bytes());
        assert!(parsed.records.is_empty());
        assert!(parsed.errors().next().unwrap().message.contains("no values"));
    }

    #[test]
    fn ids_unmapped_values_and_incomplete_groups_are_reported() {
        let page = "注册号:\nRegistration number:\nChiCTR2000034346\n研究课题代号(代码):\nPKU-2020-01\n\
            Study subject ID:\n在二级注册机构或其它机构的注册号:\nThe registration number of the Partner Registry or other register:\n\
            also NCT04321096\n征募研究对象情况:\n暂停招募\nRecruiting status:\n干预措施:\nInterventions:\n\
            组别:\n试验组\n样本量:\n20\n组别:\n对照组\n样本量:\n干预措施:\n安慰剂\n";
        let parsed = parse(page.as_bytes());
        let study = &parsed.records[0];
        let id = study.protocol_section.as_ref().unwrap().identification_module.as_ref().unwrap();
        assert_eq!(id.org_study_id_info.as_ref().unwrap().id.as_deref(), Some("PKU-2020-01"));
        assert_eq!(id.secondary_id_infos[0].id.as_deref(), Some("NCT04321096"));
        let section = study.registry_section.as_ref().unwrap();
        let other: Vec<&str> = section.other_ids.iter().map(|o| o.id.as_str()).collect();
        assert_eq!(other, ["ChiCTR2000034346", "NCT04321096"]);
        let fields = section.registry_fields.as_ref().unwrap();
        assert_eq!(fields.recruitment_status_text.as_deref(), Some("暂停招募"));
        let sizes: Vec<Option<i64>> = fields.group_sizes.iter().map(|g| g.size).collect();
        assert_eq!(sizes, [Some(20), None]);
        let warned = |field: &str| section.warnings.iter().any(|w| w.field.as_deref() == Some(field));
        assert!(warned("protocolSection.statusModule.overallStatus"));
        assert!(warned("protocolSection.designModule.enrollmentInfo"));
        assert!(warned("protocolSection.armsInterventionsModule.armGroups[1].label"));
        let design = study.protocol_section.as_ref().unwrap().design_module.as_ref().unwrap();
        assert_eq!(design.enrollment_info, None);
    }

    #[test]
    fn any_prefix_of_a_page_never_panics() {
        let page = "注册号:\n\nRegistration number:\n\nChiCTR2600117810\n\n研究疾病:\n\n再生障碍性贫血\n\nTarget disease:\n\nAplastic anemia\n\n干预措施:\n\nInterventions:\n\n组别:\n\n试验组\n\n样本量:\n\n10\n";
        for (at, _) in page.char_indices() {
            let _ = parse(&page.as_bytes()[..at]);
        }
    }
}
