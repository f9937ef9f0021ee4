//! CT.gov API v2 enumerations. Wire spellings follow ../shared/reference/ctg-oas-v2.yaml;
//! the bracketed labels are how CT.gov's older formats (legacy XML, classic API, study
//! pages) and other registries write the same value, read by `from_label`.

use crate::macros::fold_label;

ctgov_enum! {
    /// Overall (and last known) recruitment status.
    pub enum Status {
        ActiveNotRecruiting = "ACTIVE_NOT_RECRUITING",
        Completed = "COMPLETED",
        EnrollingByInvitation = "ENROLLING_BY_INVITATION",
        NotYetRecruiting = "NOT_YET_RECRUITING",
        Recruiting = "RECRUITING",
        Suspended = "SUSPENDED",
        Terminated = "TERMINATED",
        Withdrawn = "WITHDRAWN",
        Available = "AVAILABLE",
        NoLongerAvailable = "NO_LONGER_AVAILABLE",
        TemporarilyNotAvailable = "TEMPORARILY_NOT_AVAILABLE",
        ApprovedForMarketing = "APPROVED_FOR_MARKETING",
        Withheld = "WITHHELD",
        Unknown = "UNKNOWN" ["Unknown status"],
    }
}

ctgov_enum! {
    pub enum StudyType {
        ExpandedAccess = "EXPANDED_ACCESS",
        Interventional = "INTERVENTIONAL" ["Interventional (Clinical Trial)", "Interventional study"],
        Observational = "OBSERVATIONAL" ["Observational study", "Observational [Patient Registry]"],
    }
}

ctgov_enum! {
    pub enum Phase {
        Na = "NA" ["Not Applicable", "N/A"],
        EarlyPhase1 = "EARLY_PHASE1" ["Phase 0", "Early Phase 1"],
        Phase1 = "PHASE1" ["Phase I"],
        Phase2 = "PHASE2" ["Phase II"],
        Phase3 = "PHASE3" ["Phase III"],
        Phase4 = "PHASE4" ["Phase IV"],
    }
}

impl Phase {
    /// Reads a phase as pages and registries write it, possibly naming two phases:
    /// "Phase 1/Phase 2", "Phase 2/3", "Phase I/II", "2", "Phase II". Empty when
    /// the label names no phase CT.gov knows.
    pub fn parse_labels(label: &str) -> Vec<Phase> {
        let folded = fold_label(label);
        if folded.is_empty() {
            return Vec::new();
        }
        if let Some(phase) = Phase::from_label(label) {
            return vec![phase];
        }
        let roman = |s: &str| match s {
            "i" | "1" => Some(Phase::Phase1),
            "ii" | "2" => Some(Phase::Phase2),
            "iii" | "3" => Some(Phase::Phase3),
            "iv" | "4" => Some(Phase::Phase4),
            "0" => Some(Phase::EarlyPhase1),
            _ => None,
        };
        if let Some(phase) = roman(&folded) {
            return vec![phase];
        }
        // "Phase 1/Phase 2", "Phase 2/3", "Phase I-II", "Phase 1 / Phase 2".
        let parts: Vec<Phase> = label
            .split(['/', '-', ',', '+', '&'])
            .filter_map(|part| {
                let f = fold_label(part);
                let f = f.strip_prefix("phase").unwrap_or(&f);
                roman(f)
            })
            .collect();
        if parts.len() >= 2 { parts } else { Vec::new() }
    }
}

ctgov_enum! {
    pub enum Sex {
        Female = "FEMALE" ["Female only", "F"],
        Male = "MALE" ["Male only", "M"],
        All = "ALL" ["Both", "All sexes", "Male and female", "Female and male"],
    }
}

ctgov_enum! {
    pub enum StandardAge {
        Child = "CHILD",
        Adult = "ADULT",
        OlderAdult = "OLDER_ADULT",
    }
}

ctgov_enum! {
    pub enum SamplingMethod {
        ProbabilitySample = "PROBABILITY_SAMPLE",
        NonProbabilitySample = "NON_PROBABILITY_SAMPLE",
    }
}

ctgov_enum! {
    pub enum IpdSharing {
        Yes = "YES",
        No = "NO",
        Undecided = "UNDECIDED",
    }
}

ctgov_enum! {
    pub enum IpdSharingInfoType {
        StudyProtocol = "STUDY_PROTOCOL",
        Sap = "SAP" ["Statistical Analysis Plan (SAP)", "Statistical Analysis Plan"],
        Icf = "ICF" ["Informed Consent Form (ICF)", "Informed Consent Form"],
        Csr = "CSR" ["Clinical Study Report (CSR)", "Clinical Study Report"],
        AnalyticCode = "ANALYTIC_CODE",
    }
}

ctgov_enum! {
    pub enum OrgStudyIdType {
        Nih = "NIH" ["U.S. NIH Grant/Contract"],
        Fda = "FDA" ["FDA IND/IDE"],
        Va = "VA",
        Cdc = "CDC",
        Ahrq = "AHRQ",
        Samhsa = "SAMHSA",
    }
}

ctgov_enum! {
    pub enum SecondaryIdType {
        Nih = "NIH" ["U.S. NIH Grant/Contract"],
        Fda = "FDA" ["U.S. FDA Grant/Contract"],
        Va = "VA",
        Cdc = "CDC",
        Ahrq = "AHRQ",
        Samhsa = "SAMHSA",
        OtherGrant = "OTHER_GRANT" ["Other Grant/Funding Number"],
        EudractNumber = "EUDRACT_NUMBER" ["EudraCT Number"],
        Ctis = "CTIS",
        Registry = "REGISTRY" ["Registry Identifier"],
        Other = "OTHER" ["Other Identifier"],
    }
}

ctgov_enum! {
    pub enum AgencyClass {
        Nih = "NIH",
        Fed = "FED" ["U.S. Fed"],
        OtherGov = "OTHER_GOV",
        Indiv = "INDIV" ["Individual"],
        Industry = "INDUSTRY",
        Network = "NETWORK",
        Ambig = "AMBIG",
        Other = "OTHER",
        Unknown = "UNKNOWN",
    }
}

ctgov_enum! {
    pub enum ExpandedAccessStatus {
        Available = "AVAILABLE",
        NoLongerAvailable = "NO_LONGER_AVAILABLE",
        TemporarilyNotAvailable = "TEMPORARILY_NOT_AVAILABLE",
        ApprovedForMarketing = "APPROVED_FOR_MARKETING",
    }
}

ctgov_enum! {
    /// Whether a date already happened. Older formats say "Anticipated" or "Estimate".
    pub enum DateType {
        Actual = "ACTUAL",
        Estimated = "ESTIMATED" ["Anticipated", "Estimate", "Expected"],
    }
}

ctgov_enum! {
    pub enum ResponsiblePartyType {
        Sponsor = "SPONSOR",
        PrincipalInvestigator = "PRINCIPAL_INVESTIGATOR",
        SponsorInvestigator = "SPONSOR_INVESTIGATOR",
    }
}

ctgov_enum! {
    pub enum DesignAllocation {
        Randomized = "RANDOMIZED" ["Randomised"],
        NonRandomized = "NON_RANDOMIZED" ["Non-randomised"],
        Na = "NA" ["N/A", "Not Applicable"],
    }
}

ctgov_enum! {
    pub enum InterventionalAssignment {
        SingleGroup = "SINGLE_GROUP" ["Single Group Assignment", "Single arm"],
        Parallel = "PARALLEL" ["Parallel Assignment", "Parallel group"],
        Crossover = "CROSSOVER" ["Crossover Assignment", "Cross-over"],
        Factorial = "FACTORIAL" ["Factorial Assignment"],
        Sequential = "SEQUENTIAL" ["Sequential Assignment"],
    }
}

ctgov_enum! {
    pub enum PrimaryPurpose {
        Treatment = "TREATMENT",
        Prevention = "PREVENTION",
        Diagnostic = "DIAGNOSTIC",
        Ect = "ECT" ["Educational/Counseling/Training"],
        SupportiveCare = "SUPPORTIVE_CARE",
        Screening = "SCREENING",
        HealthServicesResearch = "HEALTH_SERVICES_RESEARCH",
        BasicScience = "BASIC_SCIENCE",
        DeviceFeasibility = "DEVICE_FEASIBILITY",
        Other = "OTHER",
    }
}

ctgov_enum! {
    pub enum ObservationalModel {
        Cohort = "COHORT",
        CaseControl = "CASE_CONTROL",
        CaseOnly = "CASE_ONLY",
        CaseCrossover = "CASE_CROSSOVER",
        EcologicOrCommunity = "ECOLOGIC_OR_COMMUNITY" ["Ecologic or Community Studies"],
        FamilyBased = "FAMILY_BASED",
        DefinedPopulation = "DEFINED_POPULATION",
        NaturalHistory = "NATURAL_HISTORY",
        Other = "OTHER",
    }
}

ctgov_enum! {
    pub enum DesignTimePerspective {
        Retrospective = "RETROSPECTIVE",
        Prospective = "PROSPECTIVE",
        CrossSectional = "CROSS_SECTIONAL",
        Other = "OTHER",
    }
}

ctgov_enum! {
    pub enum BioSpecRetention {
        NoneRetained = "NONE_RETAINED",
        SamplesWithDna = "SAMPLES_WITH_DNA",
        SamplesWithoutDna = "SAMPLES_WITHOUT_DNA",
    }
}

ctgov_enum! {
    /// Whether an enrollment count is reached or planned. Older formats say "Anticipated".
    pub enum EnrollmentType {
        Actual = "ACTUAL",
        Estimated = "ESTIMATED" ["Anticipated", "Estimate", "Expected"],
    }
}

ctgov_enum! {
    pub enum ArmGroupType {
        Experimental = "EXPERIMENTAL",
        ActiveComparator = "ACTIVE_COMPARATOR",
        PlaceboComparator = "PLACEBO_COMPARATOR",
        ShamComparator = "SHAM_COMPARATOR",
        NoIntervention = "NO_INTERVENTION",
        Other = "OTHER",
    }
}

ctgov_enum! {
    pub enum InterventionType {
        Behavioral = "BEHAVIORAL" ["Behavioural"],
        Biological = "BIOLOGICAL" ["Biologic"],
        CombinationProduct = "COMBINATION_PRODUCT",
        Device = "DEVICE",
        DiagnosticTest = "DIAGNOSTIC_TEST",
        DietarySupplement = "DIETARY_SUPPLEMENT",
        Drug = "DRUG",
        Genetic = "GENETIC",
        Procedure = "PROCEDURE" ["Procedure/Surgery"],
        Radiation = "RADIATION",
        Other = "OTHER",
    }
}

ctgov_enum! {
    pub enum ContactRole {
        StudyChair = "STUDY_CHAIR",
        StudyDirector = "STUDY_DIRECTOR",
        PrincipalInvestigator = "PRINCIPAL_INVESTIGATOR",
        SubInvestigator = "SUB_INVESTIGATOR",
        Contact = "CONTACT",
    }
}

ctgov_enum! {
    pub enum OfficialRole {
        StudyChair = "STUDY_CHAIR",
        StudyDirector = "STUDY_DIRECTOR",
        PrincipalInvestigator = "PRINCIPAL_INVESTIGATOR",
        SubInvestigator = "SUB_INVESTIGATOR",
    }
}

ctgov_enum! {
    /// A site's recruitment status.
    pub enum RecruitmentStatus {
        ActiveNotRecruiting = "ACTIVE_NOT_RECRUITING",
        Completed = "COMPLETED",
        EnrollingByInvitation = "ENROLLING_BY_INVITATION",
        NotYetRecruiting = "NOT_YET_RECRUITING",
        Recruiting = "RECRUITING",
        Suspended = "SUSPENDED",
        Terminated = "TERMINATED",
        Withdrawn = "WITHDRAWN",
        Available = "AVAILABLE",
    }
}

ctgov_enum! {
    pub enum ReferenceType {
        Background = "BACKGROUND",
        Result = "RESULT",
        Derived = "DERIVED",
    }
}

ctgov_enum! {
    pub enum MeasureParam {
        GeometricMean = "GEOMETRIC_MEAN",
        GeometricLeastSquaresMean = "GEOMETRIC_LEAST_SQUARES_MEAN",
        LeastSquaresMean = "LEAST_SQUARES_MEAN",
        LogMean = "LOG_MEAN",
        Mean = "MEAN",
        Median = "MEDIAN",
        Number = "NUMBER",
        CountOfParticipants = "COUNT_OF_PARTICIPANTS",
        CountOfUnits = "COUNT_OF_UNITS",
    }
}

ctgov_enum! {
    pub enum MeasureDispersionType {
        Na = "NA" ["Not Applicable"],
        StandardDeviation = "STANDARD_DEVIATION",
        StandardError = "STANDARD_ERROR",
        InterQuartileRange = "INTER_QUARTILE_RANGE",
        FullRange = "FULL_RANGE",
        Confidence80 = "CONFIDENCE_80" ["80% Confidence Interval"],
        Confidence90 = "CONFIDENCE_90" ["90% Confidence Interval"],
        Confidence95 = "CONFIDENCE_95" ["95% Confidence Interval"],
        Confidence975 = "CONFIDENCE_975" ["97.5% Confidence Interval"],
        Confidence99 = "CONFIDENCE_99" ["99% Confidence Interval"],
        ConfidenceOther = "CONFIDENCE_OTHER" ["Other Confidence Interval Level"],
        GeometricCoefficient = "GEOMETRIC_COEFFICIENT" ["Geometric Coefficient of Variation"],
    }
}

ctgov_enum! {
    pub enum OutcomeMeasureType {
        Primary = "PRIMARY",
        Secondary = "SECONDARY",
        OtherPreSpecified = "OTHER_PRE_SPECIFIED",
        PostHoc = "POST_HOC",
    }
}

ctgov_enum! {
    pub enum ReportingStatus {
        NotPosted = "NOT_POSTED",
        Posted = "POSTED",
    }
}

ctgov_enum! {
    pub enum EventAssessment {
        NonSystematicAssessment = "NON_SYSTEMATIC_ASSESSMENT",
        SystematicAssessment = "SYSTEMATIC_ASSESSMENT",
    }
}

ctgov_enum! {
    pub enum AgreementRestrictionType {
        Lte60 = "LTE60",
        Gt60 = "GT60",
        Other = "OTHER",
    }
}

ctgov_enum! {
    pub enum BrowseLeafRelevance {
        Low = "LOW",
        High = "HIGH",
    }
}

ctgov_enum! {
    pub enum DesignMasking {
        None = "NONE" ["None (Open Label)", "Open Label", "Open"],
        Single = "SINGLE",
        Double = "DOUBLE",
        Triple = "TRIPLE",
        Quadruple = "QUADRUPLE",
    }
}

ctgov_enum! {
    pub enum WhoMasked {
        Participant = "PARTICIPANT" ["Subject"],
        CareProvider = "CARE_PROVIDER" ["Caregiver"],
        Investigator = "INVESTIGATOR",
        OutcomesAssessor = "OUTCOMES_ASSESSOR",
    }
}

ctgov_enum! {
    pub enum AnalysisDispersionType {
        StandardDeviation = "STANDARD_DEVIATION",
        StandardErrorOfMean = "STANDARD_ERROR_OF_MEAN" ["Standard Error of the Mean"],
    }
}

ctgov_enum! {
    pub enum ConfidenceIntervalNumSides {
        OneSided = "ONE_SIDED" ["1-Sided"],
        TwoSided = "TWO_SIDED" ["2-Sided"],
    }
}

ctgov_enum! {
    pub enum NonInferiorityType {
        Superiority = "SUPERIORITY",
        NonInferiority = "NON_INFERIORITY",
        Equivalence = "EQUIVALENCE",
        Other = "OTHER",
        NonInferiorityOrEquivalence = "NON_INFERIORITY_OR_EQUIVALENCE",
        SuperiorityOrOther = "SUPERIORITY_OR_OTHER",
        NonInferiorityOrEquivalenceLegacy = "NON_INFERIORITY_OR_EQUIVALENCE_LEGACY",
        SuperiorityOrOtherLegacy = "SUPERIORITY_OR_OTHER_LEGACY",
    }
}

ctgov_enum! {
    pub enum UnpostedEventType {
        Reset = "RESET",
        Release = "RELEASE",
        Unrelease = "UNRELEASE",
    }
}

ctgov_enum! {
    pub enum ViolationEventType {
        ViolationIdentified = "VIOLATION_IDENTIFIED",
        CorrectionConfirmed = "CORRECTION_CONFIRMED",
        PenaltyImposed = "PENALTY_IMPOSED",
        IssuesInLetterAddressedConfirmed = "ISSUES_IN_LETTER_ADDRESSED_CONFIRMED",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_from_older_formats_map_to_wire_values() {
        assert_eq!(Status::from_label("Active, not recruiting"), Some(Status::ActiveNotRecruiting));
        assert_eq!(Status::from_label("Not yet recruiting"), Some(Status::NotYetRecruiting));
        assert_eq!(DateType::from_label("Anticipated"), Some(DateType::Estimated));
        assert_eq!(
            InterventionalAssignment::from_label("Parallel Assignment"),
            Some(InterventionalAssignment::Parallel)
        );
        assert_eq!(DesignMasking::from_label("None (Open Label)"), Some(DesignMasking::None));
        assert_eq!(Sex::from_label("Both"), Some(Sex::All));
        assert_eq!(StudyType::from_label("Interventional (Clinical Trial)"), Some(StudyType::Interventional));
        assert_eq!(Status::from_label(""), None);
        assert_eq!(Status::from_label("sort of recruiting"), None);
    }

    #[test]
    fn phase_labels_may_name_two_phases() {
        assert_eq!(Phase::parse_labels("Phase 2"), vec![Phase::Phase2]);
        assert_eq!(Phase::parse_labels("Phase 1/Phase 2"), vec![Phase::Phase1, Phase::Phase2]);
        assert_eq!(Phase::parse_labels("Phase 2/3"), vec![Phase::Phase2, Phase::Phase3]);
        assert_eq!(Phase::parse_labels("Phase II"), vec![Phase::Phase2]);
        assert_eq!(Phase::parse_labels("2"), vec![Phase::Phase2]);
        assert_eq!(Phase::parse_labels("N/A"), vec![Phase::Na]);
        assert_eq!(Phase::parse_labels("Not Applicable"), vec![Phase::Na]);
        assert!(Phase::parse_labels("").is_empty());
        assert!(Phase::parse_labels("whatever").is_empty());
    }

    #[test]
    fn unknown_wire_values_are_kept() {
        let status: Status = serde_json::from_str("\"SOMETHING_NEW\"").unwrap();
        assert_eq!(status, Status::Unlisted("SOMETHING_NEW".into()));
        assert_eq!(serde_json::to_string(&status).unwrap(), "\"SOMETHING_NEW\"");
    }
}
