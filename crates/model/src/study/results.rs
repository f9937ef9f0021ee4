use crate::{PartialDate, enums::*};

json_object! {
    pub struct ParticipantFlowModule {
        pre_assignment_details: Option<String> = "preAssignmentDetails",
        recruitment_details: Option<String> = "recruitmentDetails",
        type_units_analyzed: Option<String> = "typeUnitsAnalyzed",
        groups: Vec<FlowGroup> = "groups",
        periods: Vec<FlowPeriod> = "periods",
    }
}

json_object! {
    pub struct FlowGroup {
        id: Option<String> = "id",
        title: Option<String> = "title",
        description: Option<String> = "description",
    }
}

json_object! {
    pub struct FlowPeriod {
        title: Option<String> = "title",
        milestones: Vec<FlowMilestone> = "milestones",
        drop_withdraws: Vec<DropWithdraw> = "dropWithdraws",
    }
}

json_object! {
    pub struct FlowMilestone {
        kind: Option<String> = "type",
        comment: Option<String> = "comment",
        achievements: Vec<FlowStats> = "achievements",
    }
}

json_object! {
    pub struct DropWithdraw {
        kind: Option<String> = "type",
        comment: Option<String> = "comment",
        reasons: Vec<FlowStats> = "reasons",
    }
}

json_object! {
    pub struct FlowStats {
        group_id: Option<String> = "groupId",
        comment: Option<String> = "comment",
        num_subjects: Option<String> = "numSubjects",
        num_units: Option<String> = "numUnits",
    }
}

json_object! {
    pub struct BaselineCharacteristicsModule {
        population_description: Option<String> = "populationDescription",
        type_units_analyzed: Option<String> = "typeUnitsAnalyzed",
        groups: Vec<MeasureGroup> = "groups",
        denoms: Vec<Denom> = "denoms",
        measures: Vec<BaselineMeasure> = "measures",
    }
}

json_object! {
    pub struct BaselineMeasure {
        title: Option<String> = "title",
        description: Option<String> = "description",
        population_description: Option<String> = "populationDescription",
        param_type: Option<MeasureParam> = "paramType",
        dispersion_type: Option<MeasureDispersionType> = "dispersionType",
        unit_of_measure: Option<String> = "unitOfMeasure",
        calculate_pct: Option<bool> = "calculatePct",
        denom_units_selected: Option<String> = "denomUnitsSelected",
        denoms: Vec<Denom> = "denoms",
        classes: Vec<MeasureClass> = "classes",
    }
}

json_object! {
    pub struct MeasureGroup {
        id: Option<String> = "id",
        title: Option<String> = "title",
        description: Option<String> = "description",
    }
}

json_object! {
    pub struct Denom {
        units: Option<String> = "units",
        counts: Vec<DenomCount> = "counts",
    }
}

json_object! {
    pub struct DenomCount {
        group_id: Option<String> = "groupId",
        value: Option<String> = "value",
    }
}

json_object! {
    pub struct MeasureClass {
        title: Option<String> = "title",
        denoms: Vec<Denom> = "denoms",
        categories: Vec<MeasureCategory> = "categories",
    }
}

json_object! {
    pub struct MeasureCategory {
        title: Option<String> = "title",
        measurements: Vec<Measurement> = "measurements",
    }
}

json_object! {
    pub struct Measurement {
        group_id: Option<String> = "groupId",
        value: Option<String> = "value",
        spread: Option<String> = "spread",
        lower_limit: Option<String> = "lowerLimit",
        upper_limit: Option<String> = "upperLimit",
        comment: Option<String> = "comment",
    }
}

json_object! {
    pub struct OutcomeMeasuresModule {
        outcome_measures: Vec<OutcomeMeasure> = "outcomeMeasures",
    }
}

json_object! {
    pub struct OutcomeMeasure {
        kind: Option<OutcomeMeasureType> = "type",
        title: Option<String> = "title",
        description: Option<String> = "description",
        population_description: Option<String> = "populationDescription",
        reporting_status: Option<ReportingStatus> = "reportingStatus",
        anticipated_posting_date: Option<PartialDate> = "anticipatedPostingDate",
        param_type: Option<MeasureParam> = "paramType",
        dispersion_type: Option<String> = "dispersionType",
        unit_of_measure: Option<String> = "unitOfMeasure",
        calculate_pct: Option<bool> = "calculatePct",
        time_frame: Option<String> = "timeFrame",
        type_units_analyzed: Option<String> = "typeUnitsAnalyzed",
        denom_units_selected: Option<String> = "denomUnitsSelected",
        groups: Vec<MeasureGroup> = "groups",
        denoms: Vec<Denom> = "denoms",
        classes: Vec<MeasureClass> = "classes",
        analyses: Vec<MeasureAnalysis> = "analyses",
    }
}

json_object! {
    pub struct MeasureAnalysis {
        param_type: Option<String> = "paramType",
        param_value: Option<String> = "paramValue",
        dispersion_type: Option<AnalysisDispersionType> = "dispersionType",
        dispersion_value: Option<String> = "dispersionValue",
        statistical_method: Option<String> = "statisticalMethod",
        statistical_comment: Option<String> = "statisticalComment",
        p_value: Option<String> = "pValue",
        p_value_comment: Option<String> = "pValueComment",
        ci_num_sides: Option<ConfidenceIntervalNumSides> = "ciNumSides",
        ci_pct_value: Option<String> = "ciPctValue",
        ci_lower_limit: Option<String> = "ciLowerLimit",
        ci_upper_limit: Option<String> = "ciUpperLimit",
        ci_lower_limit_comment: Option<String> = "ciLowerLimitComment",
        ci_upper_limit_comment: Option<String> = "ciUpperLimitComment",
        estimate_comment: Option<String> = "estimateComment",
        tested_non_inferiority: Option<bool> = "testedNonInferiority",
        non_inferiority_type: Option<NonInferiorityType> = "nonInferiorityType",
        non_inferiority_comment: Option<String> = "nonInferiorityComment",
        other_analysis_description: Option<String> = "otherAnalysisDescription",
        group_description: Option<String> = "groupDescription",
        group_ids: Vec<String> = "groupIds",
    }
}

json_object! {
    pub struct AdverseEventsModule {
        frequency_threshold: Option<String> = "frequencyThreshold",
        time_frame: Option<String> = "timeFrame",
        description: Option<String> = "description",
        all_cause_mortality_comment: Option<String> = "allCauseMortalityComment",
        event_groups: Vec<EventGroup> = "eventGroups",
        serious_events: Vec<AdverseEvent> = "seriousEvents",
        other_events: Vec<AdverseEvent> = "otherEvents",
    }
}

json_object! {
    pub struct EventGroup {
        id: Option<String> = "id",
        title: Option<String> = "title",
        description: Option<String> = "description",
        deaths_num_affected: Option<i64> = "deathsNumAffected",
        deaths_num_at_risk: Option<i64> = "deathsNumAtRisk",
        serious_num_affected: Option<i64> = "seriousNumAffected",
        serious_num_at_risk: Option<i64> = "seriousNumAtRisk",
        other_num_affected: Option<i64> = "otherNumAffected",
        other_num_at_risk: Option<i64> = "otherNumAtRisk",
    }
}

json_object! {
    pub struct AdverseEvent {
        term: Option<String> = "term",
        organ_system: Option<String> = "organSystem",
        source_vocabulary: Option<String> = "sourceVocabulary",
        assessment_type: Option<EventAssessment> = "assessmentType",
        notes: Option<String> = "notes",
        stats: Vec<EventStats> = "stats",
    }
}

json_object! {
    pub struct EventStats {
        group_id: Option<String> = "groupId",
        num_events: Option<i64> = "numEvents",
        num_affected: Option<i64> = "numAffected",
        num_at_risk: Option<i64> = "numAtRisk",
    }
}

json_object! {
    pub struct MoreInfoModule {
        limitations_and_caveats: Option<LimitationsAndCaveats> = "limitationsAndCaveats",
        certain_agreement: Option<CertainAgreement> = "certainAgreement",
        point_of_contact: Option<PointOfContact> = "pointOfContact",
    }
}

json_object! {
    pub struct LimitationsAndCaveats {
        description: Option<String> = "description",
    }
}

json_object! {
    pub struct CertainAgreement {
        pi_sponsor_employee: Option<bool> = "piSponsorEmployee",
        restriction_type: Option<AgreementRestrictionType> = "restrictionType",
        restrictive_agreement: Option<bool> = "restrictiveAgreement",
        other_details: Option<String> = "otherDetails",
    }
}

json_object! {
    pub struct PointOfContact {
        title: Option<String> = "title",
        organization: Option<String> = "organization",
        email: Option<String> = "email",
        phone: Option<String> = "phone",
        phone_ext: Option<String> = "phoneExt",
    }
}
