use crate::{PartialDate, enums::*};

json_object! {
    pub struct IdentificationModule {
        nct_id: Option<String> = "nctId",
        nct_id_aliases: Vec<String> = "nctIdAliases",
        org_study_id_info: Option<OrgStudyIdInfo> = "orgStudyIdInfo",
        secondary_id_infos: Vec<SecondaryIdInfo> = "secondaryIdInfos",
        brief_title: Option<String> = "briefTitle",
        official_title: Option<String> = "officialTitle",
        acronym: Option<String> = "acronym",
        organization: Option<Organization> = "organization",
    }
}

json_object! {
    pub struct StatusModule {
        status_verified_date: Option<PartialDate> = "statusVerifiedDate",
        overall_status: Option<Status> = "overallStatus",
        last_known_status: Option<Status> = "lastKnownStatus",
        delayed_posting: Option<bool> = "delayedPosting",
        why_stopped: Option<String> = "whyStopped",
        expanded_access_info: Option<ExpandedAccessInfo> = "expandedAccessInfo",
        start_date_struct: Option<DateStruct> = "startDateStruct",
        primary_completion_date_struct: Option<DateStruct> = "primaryCompletionDateStruct",
        completion_date_struct: Option<DateStruct> = "completionDateStruct",
        study_first_submit_date: Option<PartialDate> = "studyFirstSubmitDate",
        study_first_submit_qc_date: Option<PartialDate> = "studyFirstSubmitQcDate",
        study_first_post_date_struct: Option<DateStruct> = "studyFirstPostDateStruct",
        results_waived: Option<bool> = "resultsWaived",
        results_first_submit_date: Option<PartialDate> = "resultsFirstSubmitDate",
        results_first_submit_qc_date: Option<PartialDate> = "resultsFirstSubmitQcDate",
        results_first_post_date_struct: Option<DateStruct> = "resultsFirstPostDateStruct",
        disp_first_submit_date: Option<PartialDate> = "dispFirstSubmitDate",
        disp_first_submit_qc_date: Option<PartialDate> = "dispFirstSubmitQcDate",
        disp_first_post_date_struct: Option<DateStruct> = "dispFirstPostDateStruct",
        last_update_submit_date: Option<PartialDate> = "lastUpdateSubmitDate",
        last_update_post_date_struct: Option<DateStruct> = "lastUpdatePostDateStruct",
    }
}

json_object! {
    pub struct SponsorCollaboratorsModule {
        responsible_party: Option<ResponsibleParty> = "responsibleParty",
        lead_sponsor: Option<Sponsor> = "leadSponsor",
        collaborators: Vec<Sponsor> = "collaborators",
    }
}

json_object! {
    pub struct OversightModule {
        oversight_has_dmc: Option<bool> = "oversightHasDmc",
        is_fda_regulated_drug: Option<bool> = "isFdaRegulatedDrug",
        is_fda_regulated_device: Option<bool> = "isFdaRegulatedDevice",
        is_unapproved_device: Option<bool> = "isUnapprovedDevice",
        is_ppsd: Option<bool> = "isPpsd",
        is_us_export: Option<bool> = "isUsExport",
        fdaaa801_violation: Option<bool> = "fdaaa801Violation",
    }
}

json_object! {
    pub struct DescriptionModule {
        brief_summary: Option<String> = "briefSummary",
        detailed_description: Option<String> = "detailedDescription",
    }
}

json_object! {
    pub struct ConditionsModule {
        conditions: Vec<String> = "conditions",
        keywords: Vec<String> = "keywords",
    }
}

json_object! {
    pub struct DesignModule {
        study_type: Option<StudyType> = "studyType",
        n_ptrs_to_this_exp_acc_nct_id: Option<i64> = "nPtrsToThisExpAccNctId",
        expanded_access_types: Option<ExpandedAccessTypes> = "expandedAccessTypes",
        patient_registry: Option<bool> = "patientRegistry",
        target_duration: Option<String> = "targetDuration",
        phases: Vec<Phase> = "phases",
        design_info: Option<DesignInfo> = "designInfo",
        bio_spec: Option<BioSpec> = "bioSpec",
        enrollment_info: Option<EnrollmentInfo> = "enrollmentInfo",
    }
}

json_object! {
    pub struct ArmsInterventionsModule {
        arm_groups: Vec<ArmGroup> = "armGroups",
        interventions: Vec<Intervention> = "interventions",
    }
}

json_object! {
    pub struct OutcomesModule {
        primary_outcomes: Vec<Outcome> = "primaryOutcomes",
        secondary_outcomes: Vec<Outcome> = "secondaryOutcomes",
        other_outcomes: Vec<Outcome> = "otherOutcomes",
    }
}

json_object! {
    pub struct EligibilityModule {
        eligibility_criteria: Option<String> = "eligibilityCriteria",
        healthy_volunteers: Option<bool> = "healthyVolunteers",
        sex: Option<Sex> = "sex",
        gender_based: Option<bool> = "genderBased",
        gender_description: Option<String> = "genderDescription",
        minimum_age: Option<String> = "minimumAge",
        maximum_age: Option<String> = "maximumAge",
        std_ages: Vec<StandardAge> = "stdAges",
        study_population: Option<String> = "studyPopulation",
        sampling_method: Option<SamplingMethod> = "samplingMethod",
    }
}

json_object! {
    pub struct ContactsLocationsModule {
        central_contacts: Vec<Contact> = "centralContacts",
        overall_officials: Vec<Official> = "overallOfficials",
        locations: Vec<Location> = "locations",
    }
}

json_object! {
    pub struct ReferencesModule {
        references: Vec<Reference> = "references",
        see_also_links: Vec<SeeAlsoLink> = "seeAlsoLinks",
        avail_ipds: Vec<AvailIpd> = "availIpds",
    }
}

json_object! {
    pub struct EnrollmentInfo {
        count: Option<i64> = "count",
        kind: Option<EnrollmentType> = "type",
    }
}

json_object! {
    pub struct BioSpec {
        retention: Option<BioSpecRetention> = "retention",
        description: Option<String> = "description",
    }
}

json_object! {
    pub struct SeeAlsoLink {
        label: Option<String> = "label",
        url: Option<String> = "url",
    }
}

json_object! {
    pub struct ExpandedAccessTypes {
        individual: Option<bool> = "individual",
        intermediate: Option<bool> = "intermediate",
        treatment: Option<bool> = "treatment",
    }
}

json_object! {
    pub struct Intervention {
        kind: Option<InterventionType> = "type",
        name: Option<String> = "name",
        description: Option<String> = "description",
        arm_group_labels: Vec<String> = "armGroupLabels",
        other_names: Vec<String> = "otherNames",
    }
}

json_object! {
    pub struct SecondaryIdInfo {
        id: Option<String> = "id",
        kind: Option<SecondaryIdType> = "type",
        domain: Option<String> = "domain",
        link: Option<String> = "link",
    }
}

json_object! {
    pub struct AvailIpd {
        id: Option<String> = "id",
        kind: Option<String> = "type",
        url: Option<String> = "url",
        comment: Option<String> = "comment",
    }
}

json_object! {
    /// A date and whether it already happened (ACTUAL) or is planned (ESTIMATED).
    pub struct DateStruct {
        date: Option<PartialDate> = "date",
        kind: Option<DateType> = "type",
    }
}

json_object! {
    pub struct ExpandedAccessInfo {
        has_expanded_access: Option<bool> = "hasExpandedAccess",
        nct_id: Option<String> = "nctId",
        status_for_nct_id: Option<ExpandedAccessStatus> = "statusForNctId",
    }
}

json_object! {
    pub struct ArmGroup {
        label: Option<String> = "label",
        kind: Option<ArmGroupType> = "type",
        description: Option<String> = "description",
        intervention_names: Vec<String> = "interventionNames",
    }
}

json_object! {
    pub struct DesignInfo {
        allocation: Option<DesignAllocation> = "allocation",
        intervention_model: Option<InterventionalAssignment> = "interventionModel",
        intervention_model_description: Option<String> = "interventionModelDescription",
        primary_purpose: Option<PrimaryPurpose> = "primaryPurpose",
        observational_model: Option<ObservationalModel> = "observationalModel",
        time_perspective: Option<DesignTimePerspective> = "timePerspective",
        masking_info: Option<MaskingBlock> = "maskingInfo",
    }
}

json_object! {
    pub struct Organization {
        full_name: Option<String> = "fullName",
        class: Option<AgencyClass> = "class",
    }
}

json_object! {
    pub struct IpdSharingStatementModule {
        ipd_sharing: Option<IpdSharing> = "ipdSharing",
        description: Option<String> = "description",
        info_types: Vec<IpdSharingInfoType> = "infoTypes",
        time_frame: Option<String> = "timeFrame",
        access_criteria: Option<String> = "accessCriteria",
        url: Option<String> = "url",
    }
}

json_object! {
    pub struct OrgStudyIdInfo {
        id: Option<String> = "id",
        kind: Option<OrgStudyIdType> = "type",
        link: Option<String> = "link",
    }
}

json_object! {
    pub struct ResponsibleParty {
        kind: Option<ResponsiblePartyType> = "type",
        investigator_full_name: Option<String> = "investigatorFullName",
        investigator_title: Option<String> = "investigatorTitle",
        investigator_affiliation: Option<String> = "investigatorAffiliation",
        old_name_title: Option<String> = "oldNameTitle",
        old_organization: Option<String> = "oldOrganization",
    }
}

json_object! {
    pub struct Contact {
        name: Option<String> = "name",
        role: Option<ContactRole> = "role",
        phone: Option<String> = "phone",
        phone_ext: Option<String> = "phoneExt",
        email: Option<String> = "email",
    }
}

json_object! {
    pub struct Outcome {
        measure: Option<String> = "measure",
        description: Option<String> = "description",
        time_frame: Option<String> = "timeFrame",
    }
}

json_object! {
    pub struct Reference {
        pmid: Option<String> = "pmid",
        kind: Option<ReferenceType> = "type",
        citation: Option<String> = "citation",
        retractions: Vec<Retraction> = "retractions",
    }
}

json_object! {
    pub struct Location {
        facility: Option<String> = "facility",
        status: Option<RecruitmentStatus> = "status",
        city: Option<String> = "city",
        state: Option<String> = "state",
        zip: Option<String> = "zip",
        country: Option<String> = "country",
        contacts: Vec<Contact> = "contacts",
        geo_point: Option<GeoPoint> = "geoPoint",
    }
}

json_object! {
    pub struct Sponsor {
        name: Option<String> = "name",
        class: Option<AgencyClass> = "class",
    }
}

json_object! {
    pub struct Official {
        name: Option<String> = "name",
        affiliation: Option<String> = "affiliation",
        role: Option<OfficialRole> = "role",
    }
}

json_object! {
    pub struct MaskingBlock {
        masking: Option<DesignMasking> = "masking",
        masking_description: Option<String> = "maskingDescription",
        who_masked: Vec<WhoMasked> = "whoMasked",
    }
}

json_object! {
    pub struct Retraction {
        pmid: Option<String> = "pmid",
        source: Option<String> = "source",
    }
}

json_object! {
    pub struct GeoPoint {
        lat: Option<f64> = "lat",
        lon: Option<f64> = "lon",
    }
}
