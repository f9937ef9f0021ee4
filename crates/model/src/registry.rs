//! `registrySection`: which registry a record belongs to, how it was read, the ids it
//! carries, its original-language text, the registry fields CT.gov has no home for,
//! and what could not be read.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::PartialDate;

macro_rules! key_enum {
    ($(#[$meta:meta])* pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $key:literal),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($(#[$vmeta])* $variant),* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $key),* }
            }

            pub fn from_key(key: &str) -> Option<Self> {
                match key { $($key => Some($name::$variant),)* _ => None }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                $name::from_key(&s).ok_or_else(|| {
                    serde::de::Error::custom(format!(
                        concat!("unknown ", stringify!($name), " {:?}, expected one of {}"),
                        s,
                        $name::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(", ")
                    ))
                })
            }
        }
    };
}

key_enum! {
    /// The registry a record (or an id) belongs to; lower-case keys.
    pub enum Registry {
        /// ClinicalTrials.gov (NCT…)
        Ctgov = "ctgov",
        /// Chinese Clinical Trial Registry (ChiCTR…)
        Chictr = "chictr",
        /// EU Clinical Trials Register (EudraCT numbers)
        Euctr = "euctr",
        /// EU Clinical Trials Information System (2022-500000-00-00)
        Ctis = "ctis",
        Isrctn = "isrctn",
        /// German Clinical Trials Register (DRKS…)
        Drks = "drks",
        /// Japan Primary Registries Network (JPRN-…, jRCT…, UMIN…)
        Jprn = "jprn",
        /// Australian New Zealand Clinical Trials Registry (ACTRN…)
        Anzctr = "anzctr",
        /// Clinical Trials Registry - India (CTRI/…)
        Ctri = "ctri",
        /// Thai Clinical Trials Registry (TCTR…)
        Tctr = "tctr",
        /// Clinical Research Information Service, Korea (KCT…)
        Cris = "cris",
        /// Peruvian Clinical Trials Registry (PER-…)
        Repec = "repec",
        /// Iranian Registry of Clinical Trials (IRCT…)
        Irct = "irct",
        /// Pan African Clinical Trials Registry (PACTR…)
        Pactr = "pactr",
        /// Brazilian Clinical Trials Registry (RBR-…)
        Rebec = "rebec",
        /// Sri Lanka Clinical Trials Registry (SLCTR/…)
        Slctr = "slctr",
        /// Lebanese Clinical Trials Registry (LBCTR…)
        Lbctr = "lbctr",
        /// Netherlands Trial Register / Overview of Medical Research (NL…, NTR…, NL-OMON…)
        Nltr = "nltr",
        /// Anything else, including local ids.
        Other = "other",
    }
}

key_enum! {
    /// The format a record was read from.
    pub enum SourceFormat {
        /// CT.gov API v2 JSON: one study, a page, an array or NDJSON.
        CtgovJson = "ctgov-v2-json",
        /// CT.gov legacy `<clinical_study>` XML (AllPublicXML).
        CtgovXml = "ctgov-xml",
        /// CT.gov retired classic API JSON (FullStudiesResponse, StudyFieldsResponse).
        CtgovClassicJson = "ctgov-classic-json",
        /// CT.gov search RSS feed: one summary item per study.
        CtgovRss = "ctgov-rss",
        /// CT.gov classic study page, copied as text.
        CtgovPageText = "ctgov-page-text",
        /// A third-party "Clinical Trial Details" page re-rendering a CT.gov record, copied as text.
        AggregatorDetailsText = "aggregator-details-text",
        /// A third-party trial summary page ("Status and phase", "About", "Full description")
        /// sourced from CT.gov, copied as text.
        AggregatorSummaryText = "aggregator-summary-text",
        /// ChiCTR bilingual detail page, copied as text.
        ChictrPageText = "chictr-page-text",
        /// ChiCTR bilingual detail page as HTML (and its search-results pages, which hold no record).
        ChictrHtml = "chictr-html",
        /// ChiCTR XML export (`<trials><Triall>`).
        ChictrXml = "chictr-xml",
        /// WHO ICTRP export XML (`<Trials_downloaded_from_ICTRP>`), trials of up to 18 registries.
        IctrpXml = "ictrp-xml",
        /// WHO ICTRP export CSV.
        IctrpCsv = "ictrp-csv",
        /// Records as the ctrdata R package stores them (CTGOV, CTGOV2, EUCTR, CTIS, ISRCTN), one JSON each.
        CtrdataJson = "ctrdata-json",
        /// EU Clinical Trials Register text download (one block per member-state copy).
        EuctrText = "euctr-text",
        /// EU Clinical Trials Register trial page (and its search-result pages, which hold no record).
        EuctrHtml = "euctr-html",
        /// CSV datasets of EU CTR trials built by an EU trials tracker.
        EuctrTrackerCsv = "euctr-tracker-csv",
        /// WHO trial registration data set as XML (`<trials><trial><main>`: TCTR, REPEC).
        WhoTrdsXml = "who-trds-xml",
        /// The same data set as JSON (`{"main": {"trial_id": …}}`).
        WhoTrdsJson = "who-trds-json",
        /// German Clinical Trials Register API JSON.
        DrksJson = "drks-json",
        /// Korean CRIS API JSON.
        CrisJson = "cris-json",
        /// Korean CRIS record page.
        CrisHtml = "cris-html",
        /// ANZCTR registration page.
        AnzctrHtml = "anzctr-html",
        /// GSK Clinical Study Register study page.
        GskHtml = "gsk-html",
        /// Takeda Clinical Trials protocol summary page.
        TakedaHtml = "takeda-html",
    }
}

/// A registry id found in a record, normalized ("nct01234567" → "NCT01234567").
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct OtherId {
    pub registry: Registry,
    pub id: String,
    /// Where a free-text mention was found ("protocolSection.descriptionModule.briefSummary");
    /// absent for ids the record gives as ids. Text often names *other* trials ("a follow-up
    /// of NCT05687903"), so a mention is weaker evidence than an id field.
    #[serde(rename = "foundIn", default, skip_serializing_if = "Option::is_none")]
    pub found_in: Option<String>,
}

impl OtherId {
    pub fn new(registry: Registry, id: impl Into<String>) -> Self {
        OtherId { registry, id: id.into(), found_in: None }
    }
}

json_object! {
    /// Where a record came from and what CT.gov's shape cannot hold.
    pub struct RegistrySection {
        registry: Option<Registry> = "registry",
        /// The record's id in its registry; `LOCAL-…` when the source shows none.
        registry_id: Option<String> = "registryId",
        source_format: Option<SourceFormat> = "sourceFormat",
        /// The record's page in its registry, when known.
        source_url: Option<String> = "sourceUrl",
        /// Every registry id the record carries, its own included, normalized.
        other_ids: Vec<OtherId> = "otherIds",
        original_language: Option<OriginalText> = "originalLanguage",
        registry_fields: Option<RegistryFields> = "registryFields",
        /// What could not be read, and why.
        warnings: Vec<Warning> = "warnings",
    }
}

json_object! {
    /// Text in the registry's own language, beside the English in the CT.gov shape.
    pub struct OriginalText {
        /// BCP 47 language tag, e.g. "zh".
        language: Option<String> = "language",
        brief_title: Option<String> = "briefTitle",
        official_title: Option<String> = "officialTitle",
        acronym: Option<String> = "acronym",
        brief_summary: Option<String> = "briefSummary",
        conditions: Vec<String> = "conditions",
        inclusion_criteria: Option<String> = "inclusionCriteria",
        exclusion_criteria: Option<String> = "exclusionCriteria",
        interventions: Vec<String> = "interventions",
        arm_groups: Vec<String> = "armGroups",
        outcomes: Vec<String> = "outcomes",
        lead_sponsor: Option<String> = "leadSponsor",
        study_type: Option<String> = "studyType",
        study_phase: Option<String> = "studyPhase",
        study_design: Option<String> = "studyDesign",
        overall_status: Option<String> = "overallStatus",
        sex: Option<String> = "sex",
        funding_sources: Vec<String> = "fundingSources",
    }
}

json_object! {
    /// Registry fields with no home in CT.gov's shape, as the registry wrote them.
    pub struct RegistryFields {
        registration_date: Option<PartialDate> = "registrationDate",
        /// e.g. "Prospective registration", "Retrospective registration".
        registration_status: Option<String> = "registrationStatus",
        registration_status_original: Option<String> = "registrationStatusOriginal",
        /// The registry's own "last updated" date and time, as written.
        last_refreshed: Option<String> = "lastRefreshed",
        /// The registry's status wording when it maps to no CT.gov status, or differs from it.
        recruitment_status_text: Option<String> = "recruitmentStatusText",
        study_phase_text: Option<String> = "studyPhaseText",
        study_design_text: Option<String> = "studyDesignText",
        /// Age limits and target size as written, when they could not be read as numbers.
        minimum_age_text: Option<String> = "minimumAgeText",
        maximum_age_text: Option<String> = "maximumAgeText",
        target_size_text: Option<String> = "targetSizeText",
        /// The EU member state of one country copy of an EU CTR trial ("ES", "3RD").
        member_state: Option<String> = "memberState",
        /// The registry an aggregated export (ICTRP) says the record came from.
        source_register: Option<String> = "sourceRegister",
        target_disease_code: Option<String> = "targetDiseaseCode",
        ethics_approvals: Vec<EthicsApproval> = "ethicsApprovals",
        funding_sources: Vec<String> = "fundingSources",
        /// Arms/groups with the sample size the registry gives each.
        group_sizes: Vec<GroupSize> = "groupSizes",
        /// Outcomes with the registry's own outcome type (e.g. ChiCTR's "Adverse events").
        outcome_types: Vec<TypedOutcome> = "outcomeTypes",
        sample_collection: Vec<SampleCollection> = "sampleCollection",
        /// Level of each research site ("Tertiary A").
        institution_levels: Vec<InstitutionLevel> = "institutionLevels",
        randomization_procedure: Option<String> = "randomizationProcedure",
        blinding: Option<String> = "blinding",
        ipd_sharing: Option<String> = "ipdSharing",
        ipd_sharing_method: Option<String> = "ipdSharingMethod",
        results_public_access: Option<String> = "resultsPublicAccess",
        data_management: Option<String> = "dataManagement",
        data_management_original: Option<String> = "dataManagementOriginal",
        data_monitoring_committee: Option<String> = "dataMonitoringCommittee",
        /// Study execution and recruiting periods as the registry gives them.
        study_execute_time: Option<Period> = "studyExecuteTime",
        recruiting_time: Option<Period> = "recruitingTime",
        applicant: Option<Person> = "applicant",
        /// The person leading the study as the registry gives them (ChiCTR "研究负责人").
        study_leader: Option<Person> = "studyLeader",
        /// Trials listed on the same page that are *not* this record ("See also").
        related_trials: Vec<String> = "relatedTrials",
        /// MeSH terms as a page shows them when it runs them together and they cannot
        /// be split into derivedSection without the MeSH vocabulary.
        mesh_terms_text: Option<String> = "meshTermsText",
        /// Countries the source lists for the trial, apart from its sites.
        countries: Vec<String> = "countries",
        /// Where a third-party page says its data comes from ("clinicaltrials.gov").
        data_source: Option<String> = "dataSource",
    }
}

json_object! {
    pub struct EthicsApproval {
        approved: Option<bool> = "approved",
        approval_number: Option<String> = "approvalNumber",
        approval_date: Option<PartialDate> = "approvalDate",
        committee: Option<String> = "committee",
        committee_original: Option<String> = "committeeOriginal",
        contact_name: Option<String> = "contactName",
        contact_name_original: Option<String> = "contactNameOriginal",
        contact_address: Option<String> = "contactAddress",
        contact_address_original: Option<String> = "contactAddressOriginal",
        contact_phone: Option<String> = "contactPhone",
        contact_email: Option<String> = "contactEmail",
    }
}

json_object! {
    pub struct GroupSize {
        label: Option<String> = "label",
        label_original: Option<String> = "labelOriginal",
        size: Option<i64> = "size",
        intervention: Option<String> = "intervention",
        intervention_original: Option<String> = "interventionOriginal",
    }
}

json_object! {
    pub struct TypedOutcome {
        /// primary, secondary, adverse-events or other.
        kind: Option<String> = "type",
        /// The registry's own wording of the type ("Primary indicator", "副作用指标").
        kind_text: Option<String> = "typeText",
        measure: Option<String> = "measure",
        measure_original: Option<String> = "measureOriginal",
        time_frame: Option<String> = "timeFrame",
        method: Option<String> = "method",
    }
}

json_object! {
    pub struct SampleCollection {
        name: Option<String> = "name",
        name_original: Option<String> = "nameOriginal",
        tissue: Option<String> = "tissue",
        fate: Option<String> = "fate",
        fate_original: Option<String> = "fateOriginal",
        note: Option<String> = "note",
    }
}

json_object! {
    pub struct InstitutionLevel {
        facility: Option<String> = "facility",
        level: Option<String> = "level",
        level_original: Option<String> = "levelOriginal",
    }
}

json_object! {
    pub struct Period {
        start: Option<PartialDate> = "start",
        end: Option<PartialDate> = "end",
    }
}

json_object! {
    pub struct Person {
        name: Option<String> = "name",
        name_original: Option<String> = "nameOriginal",
        affiliation: Option<String> = "affiliation",
        affiliation_original: Option<String> = "affiliationOriginal",
        phone: Option<String> = "phone",
        email: Option<String> = "email",
        address: Option<String> = "address",
        address_original: Option<String> = "addressOriginal",
    }
}

json_object! {
    /// Something a reader would expect that could not be read, and why.
    pub struct Warning {
        /// Dotted path of the field concerned, e.g. "protocolSection.statusModule.overallStatus".
        field: Option<String> = "field",
        message: Option<String> = "message",
    }
}

impl Warning {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Warning { field: Some(field.into()), message: Some(message.into()), ..Default::default() }
    }
}
