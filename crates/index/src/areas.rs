//! ClinicalTrials.gov's search areas: groups of weighted pieces searched at once
//! (../shared/reference/ctgov-search-areas.md, weights as CT.gov publishes them).
//!
//! trialdex adds to each area the pieces CT.gov has no equivalent for, at the weight
//! of their English counterpart: the registry's own id and the ids a record carries
//! (`RegistryId`, `OtherId`), and the original-language text of bilingual records
//! (`OriginalTitle`, `OriginalCondition`, …), so a Chinese query finds a ChiCTR record
//! through the same areas an English one does.

/// One search area: its CT.gov name, the API parameter that searches it, and its pieces.
#[derive(Debug)]
pub struct Area {
    pub name: &'static str,
    /// `query.term` → "term"; None for areas reachable only through `AREA[…]`.
    pub param: Option<&'static str>,
    pub pieces: &'static [(&'static str, f32)],
}

const ORIGINAL_TEXT: [(&str, f32); 8] = [
    ("OriginalTitle", 0.89),
    ("OriginalOfficialTitle", 0.85),
    ("OriginalCondition", 0.81),
    ("OriginalIntervention", 0.8),
    ("OriginalSummary", 0.6),
    ("OriginalOutcome", 0.5),
    ("OriginalArmGroup", 0.45),
    ("OriginalSponsor", 0.4),
];

macro_rules! concat_pieces {
    ($($list:expr),* $(,)?) => {{
        const LEN: usize = 0 $(+ $list.len())*;
        const ALL: [(&str, f32); LEN] = {
            let mut all = [("", 0.0); LEN];
            let mut at = 0;
            $(
                let list = $list;
                let mut i = 0;
                while i < list.len() {
                    all[at] = list[i];
                    at += 1;
                    i += 1;
                }
            )*
            all
        };
        &ALL
    }};
}

pub const AREAS: &[Area] = &[
    Area {
        name: "BasicSearch",
        param: Some("term"),
        pieces: concat_pieces!(
            [
                ("NCTId", 1.0),
                ("RegistryId", 1.0),
                ("OtherId", 0.9),
                ("Acronym", 1.0),
                ("BriefTitle", 0.89),
                ("OfficialTitle", 0.85),
                ("Condition", 0.81),
                ("InterventionName", 0.8),
                ("InterventionOtherName", 0.75),
                ("Phase", 0.65),
                ("StdAge", 0.65),
                ("PrimaryOutcomeMeasure", 0.6),
                ("Keyword", 0.6),
                ("BriefSummary", 0.6),
                ("ArmGroupLabel", 0.5),
                ("SecondaryOutcomeMeasure", 0.5),
                ("InterventionDescription", 0.45),
                ("ArmGroupDescription", 0.45),
                ("PrimaryOutcomeDescription", 0.4),
                ("LeadSponsorName", 0.4),
                ("OrgStudyId", 0.4),
                ("SecondaryId", 0.4),
                ("NCTIdAlias", 0.4),
                ("InterventionType", 0.35),
                ("ArmGroupType", 0.35),
                ("SecondaryOutcomeDescription", 0.35),
                ("LocationFacility", 0.35),
                ("LocationStatus", 0.35),
                ("LocationState", 0.35),
                ("LocationCountry", 0.35),
                ("RegistryCountry", 0.35),
                ("LocationCity", 0.35),
                ("BioSpecDescription", 0.3),
                ("ResponsiblePartyInvestigatorFullName", 0.3),
                ("ResponsiblePartyInvestigatorTitle", 0.3),
                ("ResponsiblePartyInvestigatorAffiliation", 0.3),
                ("ResponsiblePartyOldNameTitle", 0.3),
                ("ResponsiblePartyOldOrganization", 0.3),
                ("OverallOfficialAffiliation", 0.3),
                ("OverallOfficialRole", 0.3),
                ("OverallOfficialName", 0.3),
                ("CentralContactName", 0.3),
                ("ConditionMeshTerm", 0.3),
                ("InterventionMeshTerm", 0.3),
                ("DesignAllocation", 0.3),
                ("DesignInterventionModel", 0.3),
                ("DesignMasking", 0.3),
                ("DesignWhoMasked", 0.3),
                ("DesignObservationalModel", 0.3),
                ("DesignPrimaryPurpose", 0.3),
                ("DesignTimePerspective", 0.3),
                ("StudyType", 0.3),
                ("ConditionAncestorTerm", 0.25),
                ("InterventionAncestorTerm", 0.25),
                ("CollaboratorName", 0.25),
                ("OtherOutcomeMeasure", 0.15),
                ("OutcomeMeasureTitle", 0.15),
                ("OtherOutcomeDescription", 0.1),
                ("OutcomeMeasureDescription", 0.1),
                ("LocationContactName", 0.1),
            ],
            ORIGINAL_TEXT,
        ),
    },
    Area {
        name: "ConditionSearch",
        param: Some("cond"),
        pieces: &[
            ("Condition", 0.95),
            ("OriginalCondition", 0.95),
            ("BriefTitle", 0.6),
            ("OriginalTitle", 0.6),
            ("OfficialTitle", 0.55),
            ("OriginalOfficialTitle", 0.55),
            ("ConditionMeshTerm", 0.5),
            ("ConditionAncestorTerm", 0.4),
            ("Keyword", 0.3),
            ("NCTId", 0.2),
            ("RegistryId", 0.2),
        ],
    },
    Area {
        name: "InterventionSearch",
        param: Some("intr"),
        pieces: &[
            ("InterventionName", 0.95),
            ("OriginalIntervention", 0.95),
            ("InterventionType", 0.85),
            ("ArmGroupType", 0.85),
            ("InterventionOtherName", 0.75),
            ("BriefTitle", 0.65),
            ("OriginalTitle", 0.65),
            ("OfficialTitle", 0.6),
            ("OriginalOfficialTitle", 0.6),
            ("ArmGroupLabel", 0.5),
            ("OriginalArmGroup", 0.5),
            ("InterventionMeshTerm", 0.5),
            ("Keyword", 0.5),
            ("InterventionAncestorTerm", 0.4),
            ("InterventionDescription", 0.4),
            ("ArmGroupDescription", 0.4),
        ],
    },
    Area {
        name: "InterventionNameSearch",
        param: None,
        pieces: &[("InterventionName", 1.0), ("OriginalIntervention", 1.0), ("InterventionOtherName", 0.9)],
    },
    Area {
        name: "ObsoleteConditionSearch",
        param: None,
        pieces: &[
            ("Condition", 0.95),
            ("OriginalCondition", 0.95),
            ("ConditionMeshTerm", 0.8),
            ("ConditionAncestorTerm", 0.8),
            ("Keyword", 0.6),
        ],
    },
    Area { name: "ExternalIdsSearch", param: None, pieces: &[("OrgStudyId", 0.9), ("SecondaryId", 0.7)] },
    Area { name: "ExternalIdTypesSearch", param: None, pieces: &[("OrgStudyIdType", 0.9), ("SecondaryIdType", 0.7)] },
    Area {
        name: "EligibilitySearch",
        param: None,
        pieces: &[
            ("EligibilityCriteria", 0.95),
            ("OriginalCriteria", 0.95),
            ("OriginalExclusionCriteria", 0.95),
            ("StudyPopulation", 0.8),
        ],
    },
    Area {
        name: "OutcomeSearch",
        param: Some("outc"),
        pieces: &[
            ("PrimaryOutcomeMeasure", 0.9),
            ("OriginalOutcome", 0.9),
            ("SecondaryOutcomeMeasure", 0.8),
            ("PrimaryOutcomeDescription", 0.6),
            ("SecondaryOutcomeDescription", 0.5),
            ("OtherOutcomeMeasure", 0.4),
            ("OutcomeMeasureTitle", 0.4),
            ("OtherOutcomeDescription", 0.3),
            ("OutcomeMeasureDescription", 0.3),
            ("OutcomeMeasurePopulationDescription", 0.3),
        ],
    },
    Area {
        name: "OutcomeNameSearch",
        param: None,
        pieces: &[
            ("PrimaryOutcomeMeasure", 0.98),
            ("OriginalOutcome", 0.9),
            ("SecondaryOutcomeMeasure", 0.8),
            ("OtherOutcomeMeasure", 0.5),
            ("OutcomeMeasureTitle", 0.3),
        ],
    },
    Area {
        name: "TitleSearch",
        param: Some("titles"),
        pieces: &[
            ("Acronym", 1.0),
            ("BriefTitle", 0.95),
            ("OriginalTitle", 0.95),
            ("OfficialTitle", 0.8),
            ("OriginalOfficialTitle", 0.8),
        ],
    },
    Area {
        name: "LocationSearch",
        param: Some("locn"),
        pieces: &[
            ("LocationCity", 0.95),
            ("LocationState", 0.95),
            ("LocationCountry", 0.95),
            ("LocationFacility", 0.95),
            ("RegistryCountry", 0.9),
            ("LocationZip", 0.35),
        ],
    },
    Area {
        name: "ContactSearch",
        param: None,
        pieces: &[
            ("OverallOfficialName", 0.95),
            ("CentralContactName", 0.9),
            ("OverallOfficialAffiliation", 0.85),
            ("LocationContactName", 0.8),
        ],
    },
    Area {
        name: "NCTIdSearch",
        param: None,
        pieces: &[("NCTId", 1.0), ("RegistryId", 1.0), ("NCTIdAlias", 0.9), ("OtherId", 0.9)],
    },
    Area {
        name: "IdSearch",
        param: Some("id"),
        pieces: &[
            ("NCTId", 1.0),
            ("RegistryId", 1.0),
            ("NCTIdAlias", 0.9),
            ("OtherId", 0.9),
            ("Acronym", 0.85),
            ("OrgStudyId", 0.8),
            ("SecondaryId", 0.75),
        ],
    },
    Area {
        name: "SponsorSearch",
        param: Some("spons"),
        pieces: &[("LeadSponsorName", 1.0), ("OriginalSponsor", 1.0), ("CollaboratorName", 0.9), ("OrgFullName", 0.6)],
    },
    Area {
        name: "LeadSponsorSearch",
        param: Some("lead"),
        pieces: &[("LeadSponsorName", 1.0), ("OriginalSponsor", 1.0)],
    },
    Area { name: "FunderTypeSearch", param: None, pieces: &[("LeadSponsorClass", 1.0), ("CollaboratorClass", 0.9)] },
    Area {
        name: "ResponsiblePartySearch",
        param: None,
        pieces: &[
            ("ResponsiblePartyInvestigatorFullName", 0.9),
            ("ResponsiblePartyOldNameTitle", 0.8),
            ("ResponsiblePartyInvestigatorAffiliation", 0.8),
            ("ResponsiblePartyOldOrganization", 0.7),
            ("ResponsiblePartyInvestigatorTitle", 0.7),
        ],
    },
    Area {
        name: "PatientSearch",
        param: Some("patient"),
        pieces: concat_pieces!(
            [
                ("Acronym", 1.0),
                ("Condition", 0.95),
                ("BriefTitle", 0.9),
                ("OfficialTitle", 0.85),
                ("ConditionMeshTerm", 0.8),
                ("ConditionAncestorTerm", 0.7),
                ("BriefSummary", 0.65),
                ("EligibilityCriteria", 0.6),
                ("DetailedDescription", 0.4),
                ("Keyword", 0.6),
                ("InterventionName", 0.6),
                ("InterventionOtherName", 0.6),
                ("PrimaryOutcomeMeasure", 0.6),
                ("StdAge", 0.6),
                ("ArmGroupLabel", 0.5),
                ("SecondaryOutcomeMeasure", 0.5),
                ("InterventionDescription", 0.45),
                ("ArmGroupDescription", 0.45),
                ("PrimaryOutcomeDescription", 0.45),
                ("LeadSponsorName", 0.4),
                ("OrgStudyId", 0.4),
                ("SecondaryId", 0.4),
                ("NCTIdAlias", 0.4),
                ("SecondaryOutcomeDescription", 0.35),
                ("LocationFacility", 0.35),
                ("LocationState", 0.35),
                ("LocationCountry", 0.35),
                ("LocationCity", 0.35),
                ("BioSpecDescription", 0.3),
                ("ResponsiblePartyInvestigatorFullName", 0.3),
                ("ResponsiblePartyInvestigatorTitle", 0.3),
                ("ResponsiblePartyInvestigatorAffiliation", 0.3),
                ("ResponsiblePartyOldNameTitle", 0.3),
                ("ResponsiblePartyOldOrganization", 0.3),
                ("OverallOfficialAffiliation", 0.3),
                ("OverallOfficialName", 0.3),
                ("CentralContactName", 0.3),
                ("DesignInterventionModel", 0.3),
                ("DesignMasking", 0.3),
                ("DesignWhoMasked", 0.3),
                ("DesignObservationalModel", 0.3),
                ("DesignPrimaryPurpose", 0.3),
                ("DesignTimePerspective", 0.3),
                ("InterventionMeshTerm", 0.3),
                ("InterventionAncestorTerm", 0.25),
                ("CollaboratorName", 0.25),
                ("OtherOutcomeMeasure", 0.15),
                ("OtherOutcomeDescription", 0.1),
                ("LocationContactName", 0.1),
            ],
            ORIGINAL_TEXT,
            [("OriginalCriteria", 0.6), ("OriginalExclusionCriteria", 0.6)],
        ),
    },
];

/// The area with this name or parameter, case-insensitive ("ConditionSearch", "cond").
pub fn area(name: &str) -> Option<&'static Area> {
    AREAS.iter().find(|a| a.name.eq_ignore_ascii_case(name) || a.param.is_some_and(|p| p.eq_ignore_ascii_case(name)))
}

#[cfg(test)]
mod tests {
    use trialdex_model::pieces::piece;

    use super::*;

    #[test]
    fn every_area_piece_is_a_known_piece() {
        for area in AREAS {
            for (name, weight) in area.pieces {
                assert!(piece(name).is_some(), "{}: unknown piece {name}", area.name);
                assert!(*weight > 0.0 && *weight <= 1.0);
            }
        }
        assert_eq!(area("cond").unwrap().name, "ConditionSearch");
        assert_eq!(area("basicsearch").unwrap().param, Some("term"));
    }
}
