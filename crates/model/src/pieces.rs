//! ClinicalTrials.gov's "piece names" (the field names of its Study Data Structure,
//! used by search areas, `AREA[…]`, `fields=` and `sort=`) and where each one lives in
//! a record's JSON. One table, so search, the API and exports name fields alike.
//!
//! trialdex adds a few pieces of its own for what CT.gov has no field for
//! (`Registry`, `RegistryId`, `OtherId`, and the `Original…` texts of bilingual records).

use serde_json::Value;

/// What a piece holds, which decides how it is indexed and compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PieceKind {
    /// Free text, searched word by word.
    Text,
    /// A registry id, matched whole (case-insensitive).
    Id,
    /// One of a fixed set of values (CT.gov's enum spellings).
    Enum,
    /// A date, possibly partial ("2024-03").
    Date,
    /// A whole number.
    Number,
    /// true / false.
    Bool,
    /// An age with its unit ("18 Years").
    Age,
    /// A latitude/longitude pair.
    GeoPoint,
}

/// One piece: its CT.gov name, its path in the record's JSON (arrays are walked), its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Piece {
    pub name: &'static str,
    pub path: &'static str,
    pub kind: PieceKind,
}

macro_rules! pieces {
    ($($name:literal $kind:ident $path:literal),* $(,)?) => {
        /// Every piece trialdex indexes, CT.gov's names first.
        pub const PIECES: &[Piece] = &[$(Piece { name: $name, path: $path, kind: PieceKind::$kind }),*];
    };
}

pieces! {
    "NCTId" Id "protocolSection.identificationModule.nctId",
    "NCTIdAlias" Id "protocolSection.identificationModule.nctIdAliases",
    "OrgStudyId" Text "protocolSection.identificationModule.orgStudyIdInfo.id",
    "OrgStudyIdType" Enum "protocolSection.identificationModule.orgStudyIdInfo.type",
    "SecondaryId" Text "protocolSection.identificationModule.secondaryIdInfos.id",
    "SecondaryIdType" Enum "protocolSection.identificationModule.secondaryIdInfos.type",
    "BriefTitle" Text "protocolSection.identificationModule.briefTitle",
    "OfficialTitle" Text "protocolSection.identificationModule.officialTitle",
    "Acronym" Text "protocolSection.identificationModule.acronym",
    "OrgFullName" Text "protocolSection.identificationModule.organization.fullName",
    "OrgClass" Enum "protocolSection.identificationModule.organization.class",
    "OverallStatus" Enum "protocolSection.statusModule.overallStatus",
    "LastKnownStatus" Enum "protocolSection.statusModule.lastKnownStatus",
    "WhyStopped" Text "protocolSection.statusModule.whyStopped",
    "StatusVerifiedDate" Date "protocolSection.statusModule.statusVerifiedDate",
    "StartDate" Date "protocolSection.statusModule.startDateStruct.date",
    "PrimaryCompletionDate" Date "protocolSection.statusModule.primaryCompletionDateStruct.date",
    "CompletionDate" Date "protocolSection.statusModule.completionDateStruct.date",
    "StudyFirstSubmitDate" Date "protocolSection.statusModule.studyFirstSubmitDate",
    "StudyFirstPostDate" Date "protocolSection.statusModule.studyFirstPostDateStruct.date",
    "ResultsFirstSubmitDate" Date "protocolSection.statusModule.resultsFirstSubmitDate",
    "ResultsFirstPostDate" Date "protocolSection.statusModule.resultsFirstPostDateStruct.date",
    "LastUpdateSubmitDate" Date "protocolSection.statusModule.lastUpdateSubmitDate",
    "LastUpdatePostDate" Date "protocolSection.statusModule.lastUpdatePostDateStruct.date",
    "ResponsiblePartyType" Enum "protocolSection.sponsorCollaboratorsModule.responsibleParty.type",
    "ResponsiblePartyInvestigatorFullName" Text "protocolSection.sponsorCollaboratorsModule.responsibleParty.investigatorFullName",
    "ResponsiblePartyInvestigatorTitle" Text "protocolSection.sponsorCollaboratorsModule.responsibleParty.investigatorTitle",
    "ResponsiblePartyInvestigatorAffiliation" Text "protocolSection.sponsorCollaboratorsModule.responsibleParty.investigatorAffiliation",
    "ResponsiblePartyOldNameTitle" Text "protocolSection.sponsorCollaboratorsModule.responsibleParty.oldNameTitle",
    "ResponsiblePartyOldOrganization" Text "protocolSection.sponsorCollaboratorsModule.responsibleParty.oldOrganization",
    "LeadSponsorName" Text "protocolSection.sponsorCollaboratorsModule.leadSponsor.name",
    "LeadSponsorClass" Enum "protocolSection.sponsorCollaboratorsModule.leadSponsor.class",
    "CollaboratorName" Text "protocolSection.sponsorCollaboratorsModule.collaborators.name",
    "CollaboratorClass" Enum "protocolSection.sponsorCollaboratorsModule.collaborators.class",
    "BriefSummary" Text "protocolSection.descriptionModule.briefSummary",
    "DetailedDescription" Text "protocolSection.descriptionModule.detailedDescription",
    "Condition" Text "protocolSection.conditionsModule.conditions",
    "Keyword" Text "protocolSection.conditionsModule.keywords",
    "StudyType" Enum "protocolSection.designModule.studyType",
    "PatientRegistry" Bool "protocolSection.designModule.patientRegistry",
    "Phase" Enum "protocolSection.designModule.phases",
    "DesignAllocation" Enum "protocolSection.designModule.designInfo.allocation",
    "DesignInterventionModel" Enum "protocolSection.designModule.designInfo.interventionModel",
    "DesignPrimaryPurpose" Enum "protocolSection.designModule.designInfo.primaryPurpose",
    "DesignObservationalModel" Enum "protocolSection.designModule.designInfo.observationalModel",
    "DesignTimePerspective" Enum "protocolSection.designModule.designInfo.timePerspective",
    "DesignMasking" Enum "protocolSection.designModule.designInfo.maskingInfo.masking",
    "DesignWhoMasked" Enum "protocolSection.designModule.designInfo.maskingInfo.whoMasked",
    "BioSpecRetention" Enum "protocolSection.designModule.bioSpec.retention",
    "BioSpecDescription" Text "protocolSection.designModule.bioSpec.description",
    "EnrollmentCount" Number "protocolSection.designModule.enrollmentInfo.count",
    "EnrollmentType" Enum "protocolSection.designModule.enrollmentInfo.type",
    "ArmGroupLabel" Text "protocolSection.armsInterventionsModule.armGroups.label",
    "ArmGroupType" Enum "protocolSection.armsInterventionsModule.armGroups.type",
    "ArmGroupDescription" Text "protocolSection.armsInterventionsModule.armGroups.description",
    "InterventionType" Enum "protocolSection.armsInterventionsModule.interventions.type",
    "InterventionName" Text "protocolSection.armsInterventionsModule.interventions.name",
    "InterventionDescription" Text "protocolSection.armsInterventionsModule.interventions.description",
    "InterventionOtherName" Text "protocolSection.armsInterventionsModule.interventions.otherNames",
    "PrimaryOutcomeMeasure" Text "protocolSection.outcomesModule.primaryOutcomes.measure",
    "PrimaryOutcomeDescription" Text "protocolSection.outcomesModule.primaryOutcomes.description",
    "PrimaryOutcomeTimeFrame" Text "protocolSection.outcomesModule.primaryOutcomes.timeFrame",
    "SecondaryOutcomeMeasure" Text "protocolSection.outcomesModule.secondaryOutcomes.measure",
    "SecondaryOutcomeDescription" Text "protocolSection.outcomesModule.secondaryOutcomes.description",
    "OtherOutcomeMeasure" Text "protocolSection.outcomesModule.otherOutcomes.measure",
    "OtherOutcomeDescription" Text "protocolSection.outcomesModule.otherOutcomes.description",
    "EligibilityCriteria" Text "protocolSection.eligibilityModule.eligibilityCriteria",
    "HealthyVolunteers" Bool "protocolSection.eligibilityModule.healthyVolunteers",
    "Sex" Enum "protocolSection.eligibilityModule.sex",
    "GenderBased" Bool "protocolSection.eligibilityModule.genderBased",
    "MinimumAge" Age "protocolSection.eligibilityModule.minimumAge",
    "MaximumAge" Age "protocolSection.eligibilityModule.maximumAge",
    "StdAge" Enum "protocolSection.eligibilityModule.stdAges",
    "StudyPopulation" Text "protocolSection.eligibilityModule.studyPopulation",
    "SamplingMethod" Enum "protocolSection.eligibilityModule.samplingMethod",
    "CentralContactName" Text "protocolSection.contactsLocationsModule.centralContacts.name",
    "OverallOfficialName" Text "protocolSection.contactsLocationsModule.overallOfficials.name",
    "OverallOfficialAffiliation" Text "protocolSection.contactsLocationsModule.overallOfficials.affiliation",
    "OverallOfficialRole" Enum "protocolSection.contactsLocationsModule.overallOfficials.role",
    "LocationFacility" Text "protocolSection.contactsLocationsModule.locations.facility",
    "LocationStatus" Enum "protocolSection.contactsLocationsModule.locations.status",
    "LocationCity" Text "protocolSection.contactsLocationsModule.locations.city",
    "LocationState" Text "protocolSection.contactsLocationsModule.locations.state",
    "LocationZip" Text "protocolSection.contactsLocationsModule.locations.zip",
    "LocationCountry" Text "protocolSection.contactsLocationsModule.locations.country",
    "LocationContactName" Text "protocolSection.contactsLocationsModule.locations.contacts.name",
    "LocationGeoPoint" GeoPoint "protocolSection.contactsLocationsModule.locations.geoPoint",
    "ReferencePMID" Id "protocolSection.referencesModule.references.pmid",
    "ReferenceCitation" Text "protocolSection.referencesModule.references.citation",
    "OutcomeMeasureTitle" Text "resultsSection.outcomeMeasuresModule.outcomeMeasures.title",
    "OutcomeMeasureDescription" Text "resultsSection.outcomeMeasuresModule.outcomeMeasures.description",
    "OutcomeMeasurePopulationDescription" Text "resultsSection.outcomeMeasuresModule.outcomeMeasures.populationDescription",
    "ConditionMeshTerm" Text "derivedSection.conditionBrowseModule.meshes.term",
    "ConditionAncestorTerm" Text "derivedSection.conditionBrowseModule.ancestors.term",
    "InterventionMeshTerm" Text "derivedSection.interventionBrowseModule.meshes.term",
    "InterventionAncestorTerm" Text "derivedSection.interventionBrowseModule.ancestors.term",
    "HasResults" Bool "hasResults",
    "Registry" Enum "registrySection.registry",
    "RegistryId" Id "registrySection.registryId",
    "OtherId" Id "registrySection.otherIds.id",
    "OriginalTitle" Text "registrySection.originalLanguage.briefTitle",
    "OriginalOfficialTitle" Text "registrySection.originalLanguage.officialTitle",
    "OriginalCondition" Text "registrySection.originalLanguage.conditions",
    "OriginalSummary" Text "registrySection.originalLanguage.briefSummary",
    "OriginalIntervention" Text "registrySection.originalLanguage.interventions",
    "OriginalArmGroup" Text "registrySection.originalLanguage.armGroups",
    "OriginalOutcome" Text "registrySection.originalLanguage.outcomes",
    "OriginalCriteria" Text "registrySection.originalLanguage.inclusionCriteria",
    "OriginalExclusionCriteria" Text "registrySection.originalLanguage.exclusionCriteria",
    "OriginalSponsor" Text "registrySection.originalLanguage.leadSponsor",
    "RegistryCountry" Text "registrySection.registryFields.countries",
}

/// The piece with this name, case-insensitive (`AREA[phase]` works as `AREA[Phase]`).
pub fn piece(name: &str) -> Option<&'static Piece> {
    PIECES.iter().find(|p| p.name.eq_ignore_ascii_case(name))
}

/// Every value a piece has in a record's JSON, walking the arrays on its path.
/// `null`s and empty strings are no value.
pub fn values<'a>(record: &'a Value, path: &str) -> Vec<&'a Value> {
    let mut found = Vec::new();
    collect(record, path.split('.'), &mut found);
    found
}

fn collect<'a, 'p>(node: &'a Value, mut path: impl Iterator<Item = &'p str> + Clone, found: &mut Vec<&'a Value>) {
    match node {
        Value::Array(items) => items.iter().for_each(|item| collect(item, path.clone(), found)),
        Value::Object(map) => match path.next() {
            Some(key) => {
                if let Some(child) = map.get(key) {
                    collect(child, path, found);
                }
            }
            None => found.push(node),
        },
        Value::Null => {}
        Value::String(s) if s.trim().is_empty() => {}
        _ if path.next().is_none() => found.push(node),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn values_walk_arrays_and_skip_empty() {
        let record = json!({"protocolSection": {"contactsLocationsModule": {"locations": [
            {"city": "Wuhan", "contacts": [{"name": "A"}, {"name": ""}]},
            {"city": null},
            {"city": "Beijing", "contacts": [{"name": "B"}]},
        ]}}});
        let cities = values(&record, piece("LocationCity").unwrap().path);
        assert_eq!(cities, [&json!("Wuhan"), &json!("Beijing")]);
        let names = values(&record, piece("locationcontactname").unwrap().path);
        assert_eq!(names, [&json!("A"), &json!("B")]);
        assert!(values(&record, piece("LocationZip").unwrap().path).is_empty());
    }

    #[test]
    fn names_are_unique() {
        let mut names: Vec<_> = PIECES.iter().map(|p| p.name.to_ascii_lowercase()).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), PIECES.len());
    }
}
