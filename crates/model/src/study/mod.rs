//! The `Study` object: CT.gov API v2 shape (../shared/reference/ctg-oas-v2.yaml) plus
//! `registrySection`. Field order follows the spec; every struct keeps unknown keys.

mod derived;
mod protocol;
mod results;

pub use derived::*;
pub use protocol::*;
pub use results::*;

use crate::registry::RegistrySection;

json_object! {
    /// One trial record in one registry, as one version of its source said it.
    pub struct Study {
        protocol_section: Option<ProtocolSection> = "protocolSection",
        results_section: Option<ResultsSection> = "resultsSection",
        annotation_section: Option<AnnotationSection> = "annotationSection",
        document_section: Option<DocumentSection> = "documentSection",
        derived_section: Option<DerivedSection> = "derivedSection",
        has_results: Option<bool> = "hasResults",
        /// trialdex's own section: where the record came from and what CT.gov has no home for.
        registry_section: Option<RegistrySection> = "registrySection",
    }
}

/// What a result list shows of a record, read through the optional sections.
impl Study {
    /// The brief title, else the official one.
    pub fn title(&self) -> Option<&str> {
        let ident = self.protocol_section.as_ref()?.identification_module.as_ref()?;
        ident.brief_title.as_deref().or(ident.official_title.as_deref())
    }

    pub fn overall_status(&self) -> Option<&crate::Status> {
        self.protocol_section.as_ref()?.status_module.as_ref()?.overall_status.as_ref()
    }

    pub fn phases(&self) -> &[crate::Phase] {
        let design = self.protocol_section.as_ref().and_then(|p| p.design_module.as_ref());
        design.map_or(&[], |d| d.phases.as_slice())
    }

    pub fn conditions(&self) -> &[String] {
        let conditions = self.protocol_section.as_ref().and_then(|p| p.conditions_module.as_ref());
        conditions.map_or(&[], |c| c.conditions.as_slice())
    }
}

json_object! {
    pub struct ProtocolSection {
        identification_module: Option<IdentificationModule> = "identificationModule",
        status_module: Option<StatusModule> = "statusModule",
        sponsor_collaborators_module: Option<SponsorCollaboratorsModule> = "sponsorCollaboratorsModule",
        oversight_module: Option<OversightModule> = "oversightModule",
        description_module: Option<DescriptionModule> = "descriptionModule",
        conditions_module: Option<ConditionsModule> = "conditionsModule",
        design_module: Option<DesignModule> = "designModule",
        arms_interventions_module: Option<ArmsInterventionsModule> = "armsInterventionsModule",
        outcomes_module: Option<OutcomesModule> = "outcomesModule",
        eligibility_module: Option<EligibilityModule> = "eligibilityModule",
        contacts_locations_module: Option<ContactsLocationsModule> = "contactsLocationsModule",
        references_module: Option<ReferencesModule> = "referencesModule",
        ipd_sharing_statement_module: Option<IpdSharingStatementModule> = "ipdSharingStatementModule",
    }
}

json_object! {
    pub struct ResultsSection {
        participant_flow_module: Option<ParticipantFlowModule> = "participantFlowModule",
        baseline_characteristics_module: Option<BaselineCharacteristicsModule> = "baselineCharacteristicsModule",
        outcome_measures_module: Option<OutcomeMeasuresModule> = "outcomeMeasuresModule",
        adverse_events_module: Option<AdverseEventsModule> = "adverseEventsModule",
        more_info_module: Option<MoreInfoModule> = "moreInfoModule",
    }
}

json_object! {
    pub struct AnnotationSection {
        annotation_module: Option<AnnotationModule> = "annotationModule",
    }
}

json_object! {
    pub struct DocumentSection {
        large_document_module: Option<LargeDocumentModule> = "largeDocumentModule",
    }
}

json_object! {
    pub struct DerivedSection {
        misc_info_module: Option<MiscInfoModule> = "miscInfoModule",
        condition_browse_module: Option<BrowseModule> = "conditionBrowseModule",
        intervention_browse_module: Option<BrowseModule> = "interventionBrowseModule",
    }
}
