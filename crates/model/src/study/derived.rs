use crate::{enums::*, study::DateStruct};

json_object! {
    pub struct AnnotationModule {
        unposted_annotation: Option<UnpostedAnnotation> = "unpostedAnnotation",
        violation_annotation: Option<ViolationAnnotation> = "violationAnnotation",
    }
}

json_object! {
    pub struct UnpostedAnnotation {
        unposted_responsible_party: Option<String> = "unpostedResponsibleParty",
        unposted_events: Vec<UnpostedEvent> = "unpostedEvents",
    }
}

json_object! {
    pub struct UnpostedEvent {
        kind: Option<UnpostedEventType> = "type",
        date: Option<String> = "date",
        date_unknown: Option<bool> = "dateUnknown",
    }
}

json_object! {
    pub struct ViolationAnnotation {
        violation_events: Vec<ViolationEvent> = "violationEvents",
    }
}

json_object! {
    pub struct ViolationEvent {
        kind: Option<ViolationEventType> = "type",
        description: Option<String> = "description",
        creation_date: Option<String> = "creationDate",
        issued_date: Option<String> = "issuedDate",
        release_date: Option<String> = "releaseDate",
        posted_date: Option<String> = "postedDate",
    }
}

json_object! {
    pub struct LargeDocumentModule {
        no_sap: Option<bool> = "noSap",
        large_docs: Vec<LargeDoc> = "largeDocs",
    }
}

json_object! {
    pub struct LargeDoc {
        type_abbrev: Option<String> = "typeAbbrev",
        has_protocol: Option<bool> = "hasProtocol",
        has_sap: Option<bool> = "hasSap",
        has_icf: Option<bool> = "hasIcf",
        label: Option<String> = "label",
        date: Option<String> = "date",
        upload_date: Option<String> = "uploadDate",
        filename: Option<String> = "filename",
        size: Option<i64> = "size",
    }
}

json_object! {
    pub struct MiscInfoModule {
        version_holder: Option<String> = "versionHolder",
        removed_countries: Vec<String> = "removedCountries",
        submission_tracking: Option<SubmissionTracking> = "submissionTracking",
    }
}

json_object! {
    pub struct SubmissionTracking {
        estimated_results_first_submit_date: Option<String> = "estimatedResultsFirstSubmitDate",
        first_mcp_info: Option<FirstMcpInfo> = "firstMcpInfo",
        submission_infos: Vec<SubmissionInfo> = "submissionInfos",
    }
}

json_object! {
    pub struct FirstMcpInfo {
        post_date_struct: Option<DateStruct> = "postDateStruct",
    }
}

json_object! {
    pub struct SubmissionInfo {
        release_date: Option<String> = "releaseDate",
        unrelease_date: Option<String> = "unreleaseDate",
        unrelease_date_unknown: Option<bool> = "unreleaseDateUnknown",
        reset_date: Option<String> = "resetDate",
        mcp_release_n: Option<i64> = "mcpReleaseN",
    }
}

json_object! {
    pub struct BrowseModule {
        meshes: Vec<Mesh> = "meshes",
        ancestors: Vec<Mesh> = "ancestors",
        browse_leaves: Vec<BrowseLeaf> = "browseLeaves",
        browse_branches: Vec<BrowseBranch> = "browseBranches",
    }
}

json_object! {
    pub struct Mesh {
        id: Option<String> = "id",
        term: Option<String> = "term",
    }
}

json_object! {
    pub struct BrowseLeaf {
        id: Option<String> = "id",
        name: Option<String> = "name",
        as_found: Option<String> = "asFound",
        relevance: Option<BrowseLeafRelevance> = "relevance",
    }
}

json_object! {
    pub struct BrowseBranch {
        abbrev: Option<String> = "abbrev",
        name: Option<String> = "name",
    }
}
