//! The ANZCTR page's design and eligibility: study type, allocation, masking,
//! assignment, phase, sample size, age limits, sex and criteria.

use trialdex_model::*;

use super::keep;
use super::page::Page;
use crate::formats::draft::Draft;
use crate::formats::registry_page::values::{age, phases, sex, yes_no};
use crate::text::{non_empty, non_empty_block};

const ELIGIBILITY: &str = "protocolSection.eligibilityModule";

pub(super) fn eligibility(page: &Page, d: &mut Draft) {
    let inclusion = non_empty_block(page.get("CXINCLUSIVECRITERIA"));
    let exclusion = non_empty_block(page.get("CXEXCLUSIVECRITERIA"));
    let criteria = [("Inclusion Criteria:", inclusion), ("Exclusion Criteria:", exclusion)]
        .into_iter()
        .filter_map(|(heading, text)| Some(format!("{heading}\n\n{}", text?)))
        .collect::<Vec<_>>()
        .join("\n\n");
    let mut module = EligibilityModule {
        eligibility_criteria: (!criteria.is_empty()).then_some(criteria),
        healthy_volunteers: yes_no(page.get("CXHEALTHYVOLUNTEER")),
        sex: sex(page.get("CXINCLUSIVEGENDER"), &mut d.warnings),
        ..Default::default()
    };
    // The number and its unit ("18" "Years"), or no number and "No limit"/"Not stated".
    for (number, unit, key) in [
        ("CXINCLUSIVEMINAGE", "CXINCLUSIVEMINAGETYPE", "minimumAge"),
        ("CXINCLUSIVEMAXAGE", "CXINCLUSIVEMAXAGETYPE", "maximumAge"),
    ] {
        let limit = match age(page.get(number), page.get(unit)) {
            Ok(limit) => limit,
            Err(text) => {
                d.warnings.push(Warning::new(
                    format!("{ELIGIBILITY}.{key}"),
                    format!(
                        "{text:?} is no age limit trialdex can read; kept in registrySection.registryFields.{key}Text"
                    ),
                ));
                let kept =
                    if key == "maximumAge" { &mut d.fields.maximum_age_text } else { &mut d.fields.minimum_age_text };
                *kept = Some(text);
                None
            }
        };
        if key == "maximumAge" { module.maximum_age = limit } else { module.minimum_age = limit }
    }
    d.protocol.eligibility_module = Some(module);
}

pub(super) fn design(page: &Page, d: &mut Draft) {
    let study_type_text = page.get("CXSTUDYTYPE").trim();
    let study_type = (!study_type_text.is_empty()).then(|| {
        StudyType::from_label(study_type_text).unwrap_or_else(|| {
            d.warnings.push(Warning::new(
                "protocolSection.designModule.studyType",
                format!("{study_type_text:?} is no CT.gov study type; kept as written"),
            ));
            StudyType::Unlisted(study_type_text.to_owned())
        })
    });
    let allocation_text = page.get("CXALLOCATION").to_lowercase();
    let allocation = match () {
        _ if allocation_text.starts_with("non-random") => Some(DesignAllocation::NonRandomized),
        _ if allocation_text.starts_with("random") => Some(DesignAllocation::Randomized),
        _ => DesignAllocation::from_label(&allocation_text),
    };
    let masking_text = page.get("CXMASKING");
    let masking = if masking_text.to_lowercase().starts_with("open") { Some(DesignMasking::None) } else { None };
    let masking_info = non_empty(masking_text).map(|text| MaskingBlock {
        masking,
        masking_description: Some(text),
        who_masked: ["CXMASKING1", "CXMASKING2", "CXMASKING3", "CXMASKING4"]
            .iter()
            .filter_map(|k| WhoMasked::from_label(page.get(k)))
            .collect(),
        ..Default::default()
    });
    let assignment = page.get("CXASSIGNMENT");
    let design_info = DesignInfo {
        allocation,
        intervention_model: InterventionalAssignment::from_label(assignment).or_else(|| {
            assignment.to_lowercase().starts_with("parallel").then_some(InterventionalAssignment::Parallel)
        }),
        intervention_model_description: non_empty_block(page.get("CXDESIGNFEATURES")),
        primary_purpose: PrimaryPurpose::from_label(page.get("CXPURPOSE")),
        masking_info,
        ..Default::default()
    };
    let design_text: Vec<String> =
        ["CXPURPOSE", "CXALLOCATION", "CXCONCEALMENT", "CXSEQUENCE", "CXMASKING", "CXASSIGNMENT"]
            .iter()
            .filter_map(|k| non_empty(page.get(k)))
            .collect();
    d.fields.study_design_text = (!design_text.is_empty()).then(|| design_text.join("; "));
    keep(&mut d.fields, "endpointType", page.get("CXENDPOINT"));
    keep(&mut d.fields, "statisticalMethods", page.get("CXSTATISTICALMETHODS"));
    keep(&mut d.fields, "recruitmentStates", page.get("CXRECRUITMENTSTATE"));
    let phases = phases(page.get("CXPHASE"), &mut d.fields, &mut d.warnings);
    let enrollment = enrollment(page, d);
    d.protocol.design_module = Some(DesignModule {
        study_type,
        phases,
        design_info: (design_info != DesignInfo::default()).then_some(design_info),
        enrollment_info: enrollment,
        ..Default::default()
    });
}

/// The final sample size when the trial gives one, else its target.
fn enrollment(page: &Page, d: &mut Draft) -> Option<EnrollmentInfo> {
    let accrued = page.get("CXCURRENTSAMPLESIZE");
    keep(&mut d.fields, "accrualToDate", accrued);
    let (text, kind) = match non_empty(page.get("CXACTUALSAMPLESIZE")) {
        Some(actual) => (actual, EnrollmentType::Actual),
        None => (non_empty(page.get("CXSAMPLESIZE"))?, EnrollmentType::Estimated),
    };
    match text.parse::<i64>() {
        Ok(count) => Some(EnrollmentInfo { count: Some(count), kind: Some(kind), ..Default::default() }),
        Err(_) => {
            d.warnings.push(Warning::new(
                "protocolSection.designModule.enrollmentInfo",
                format!(
                    "expected a sample size, found {text:?}; kept in registrySection.registryFields.targetSizeText"
                ),
            ));
            d.fields.target_size_text = Some(text);
            None
        }
    }
}
