//! The fields of a ChiCTR record and the labels the registry prints for them.
//!
//! ChiCTR's bilingual detail page labels every field twice, in Chinese and in English
//! ("注册号:" / "Registration number:"), in the same words whether the page is read as
//! HTML or copied as text. `Field` is the pivot between a source and the model: a reader
//! (the text copy, the HTML page, the XML export) only has to say which `Field` a value
//! belongs to; building the record from fields is shared.
//!
//! Some fields repeat in blocks (secondary sponsors, intervention groups, research sites,
//! outcomes, samples) and some labels mean different things in different blocks:
//! "干预措施:" opens the interventions section and also labels each group's
//! intervention; "国家:" is a sponsor's country or a site's. So a label is looked up
//! in the block being read first.

use std::collections::HashMap;
use std::sync::LazyLock;

use trialdex_model::macros::fold_label;

/// Which language's label a value follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    Zh,
    En,
}

/// The part of the page a field belongs to: the record itself or one repeating block.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Block {
    #[default]
    Main,
    SecondarySponsor,
    Group,
    Site,
    Outcome,
    Sample,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    RegistrationNumber,
    LastRefreshed,
    RegistrationDate,
    RegistrationStatus,
    PublicTitle,
    Acronym,
    ScientificTitle,
    StudySubjectId,
    PartnerRegistryNumber,
    ApplicantName,
    LeaderName,
    ApplicantPhone,
    LeaderPhone,
    ApplicantFax,
    LeaderFax,
    ApplicantEmail,
    LeaderEmail,
    ApplicantWebsite,
    LeaderWebsite,
    ApplicantAddress,
    LeaderAddress,
    ApplicantPostcode,
    LeaderPostcode,
    ApplicantInstitution,
    LeaderInstitution,
    EthicsApproved,
    EthicsApprovalNumber,
    EthicsApprovalFile,
    EthicsCommittee,
    EthicsApprovalDate,
    EthicsContactName,
    EthicsContactAddress,
    EthicsContactPhone,
    EthicsContactEmail,
    PrimarySponsor,
    PrimarySponsorAddress,
    FundingSource,
    TargetDisease,
    TargetDiseaseCode,
    StudyType,
    StudyPhase,
    StudyDesign,
    Objectives,
    TreatmentDescription,
    InclusionCriteria,
    ExclusionCriteria,
    StudyExecuteTime,
    RecruitingTime,
    RecruitingStatus,
    ParticipantAge,
    Sex,
    RandomizationProcedure,
    ResultsPublicAccess,
    Blinding,
    ResultsUpload,
    IpdSharing,
    IpdSharingMethod,
    DataManagement,
    DataMonitoringCommittee,
    Registrant,
    // Section headings: they hold no value, they open a run of blocks.
    SecondarySponsors,
    Interventions,
    ResearchSites,
    Outcomes,
    Samples,
    // A place: a secondary sponsor or a research site.
    Country,
    Province,
    City,
    Institution,
    Address,
    InstitutionLevel,
    // An intervention group.
    Group,
    SampleSize,
    Intervention,
    InterventionCode,
    // An outcome.
    OutcomeName,
    OutcomeType,
    OutcomeTimePoint,
    OutcomeMethod,
    // A sample collected from participants.
    SampleName,
    Tissue,
    SampleFate,
    SampleNote,
}

use Field::*;

/// Every field with its Chinese and English labels as the page prints them (colons
/// left out). A label ending in "…" is a prefix: the registry's long explanatory
/// labels are matched by their start, and only on a line that ends with a colon.
const LABELS: &[(Field, &[&str], &[&str])] = &[
    (RegistrationNumber, &["注册号"], &["Registration number"]),
    (LastRefreshed, &["最近更新日期"], &["Date of Last Refreshed on"]),
    (RegistrationDate, &["注册时间"], &["Date of Registration"]),
    (RegistrationStatus, &["注册号状态"], &["Registration Status"]),
    (PublicTitle, &["注册题目"], &["Public title"]),
    (Acronym, &["注册题目简写"], &["English Acronym"]),
    (ScientificTitle, &["研究课题的正式科学名称"], &["Scientific title"]),
    (StudySubjectId, &["研究课题代号(代码)"], &["Study subject ID"]),
    (
        PartnerRegistryNumber,
        &["在二级注册机构或其它机构的注册号"],
        &["The registration number of the Partner Registry or other register"],
    ),
    (ApplicantName, &["申请注册联系人"], &["Applicant"]),
    (LeaderName, &["研究负责人"], &["Study leader"]),
    (ApplicantPhone, &["申请注册联系人电话"], &["Applicant telephone"]),
    (LeaderPhone, &["研究负责人电话"], &["Study leader's telephone"]),
    (ApplicantFax, &["申请注册联系人传真"], &["Applicant Fax"]),
    (LeaderFax, &["研究负责人传真"], &["Study leader's fax"]),
    (ApplicantEmail, &["申请注册联系人电子邮件"], &["Applicant E-mail"]),
    (LeaderEmail, &["研究负责人电子邮件"], &["Study leader's E-mail"]),
    (ApplicantWebsite, &["申请单位网址(自愿提供)"], &["Applicant website(voluntary supply)"]),
    (LeaderWebsite, &["研究负责人网址(自愿提供)"], &["Study leader's website(voluntary supply)"]),
    (ApplicantAddress, &["申请注册联系人通讯地址"], &["Applicant address"]),
    (LeaderAddress, &["研究负责人通讯地址"], &["Study leader's address"]),
    (ApplicantPostcode, &["申请注册联系人邮政编码"], &["Applicant postcode"]),
    (LeaderPostcode, &["研究负责人邮政编码"], &["Study leader's postcode"]),
    (ApplicantInstitution, &["申请人所在单位"], &["Applicant's institution"]),
    (LeaderInstitution, &["研究负责人所在单位"], &["Affiliation of the Leader"]),
    (EthicsApproved, &["是否获伦理委员会批准"], &["Approved by ethic committee"]),
    (EthicsApprovalNumber, &["伦理委员会批件文号"], &["Approved No. of ethic committee"]),
    (EthicsApprovalFile, &["伦理委员会批件附件"], &["Approved file of Ethical Committee"]),
    (EthicsCommittee, &["批准本研究的伦理委员会名称"], &["Name of the ethic committee"]),
    (EthicsApprovalDate, &["伦理委员会批准日期"], &["Date of approved by ethic committee"]),
    (EthicsContactName, &["伦理委员会联系人"], &["Contact Name of the ethic committee"]),
    (EthicsContactAddress, &["伦理委员会联系地址"], &["Contact Address of the ethic committee"]),
    (EthicsContactPhone, &["伦理委员会联系人电话"], &["Contact phone of the ethic committee"]),
    (EthicsContactEmail, &["伦理委员会联系人邮箱"], &["Contact email of the ethic committee"]),
    (PrimarySponsor, &["研究实施负责(组长)单位"], &["Primary sponsor"]),
    (PrimarySponsorAddress, &["研究实施负责(组长)单位地址"], &["Primary sponsor's address"]),
    (FundingSource, &["经费或物资来源"], &["Source(s) of funding"]),
    (TargetDisease, &["研究疾病"], &["Target disease"]),
    (TargetDiseaseCode, &["研究疾病代码"], &["Target disease code"]),
    (StudyType, &["研究类型"], &["Study type"]),
    (StudyPhase, &["研究所处阶段"], &["Study phase"]),
    (StudyDesign, &["研究设计"], &["Study design"]),
    (Objectives, &["研究目的"], &["Objectives of Study"]),
    (
        TreatmentDescription,
        &["药物成份或治疗方案详述"],
        &["Description for medicine or protocol of treatment in detail"],
    ),
    (InclusionCriteria, &["纳入标准"], &["Inclusion criteria"]),
    (ExclusionCriteria, &["排除标准"], &["Exclusion criteria"]),
    (StudyExecuteTime, &["研究实施时间"], &["Study execute time"]),
    (RecruitingTime, &["征募观察对象时间"], &["Recruiting time"]),
    (RecruitingStatus, &["征募研究对象情况"], &["Recruiting status"]),
    (ParticipantAge, &["年龄范围"], &["Participant age"]),
    (Sex, &["性别"], &["Gender"]),
    (RandomizationProcedure, &["随机方法…"], &["Randomization Procedure…"]),
    (
        ResultsPublicAccess,
        &["是否公开试验完成后的统计结果"],
        &["Calculated Results after the Study Completed public access"],
    ),
    (Blinding, &["盲法"], &["Blinding"]),
    (
        ResultsUpload,
        &["试验完成后的统计结果(上传文件)"],
        &["Calculated Results after the Study Completed(upload file)"],
    ),
    (IpdSharing, &["是否共享原始数据"], &["IPD sharing"]),
    (IpdSharingMethod, &["共享原始数据的方式…"], &["The way of sharing IPD…"]),
    (DataManagement, &["数据采集和管理…"], &["Data collection and Management…"]),
    (DataMonitoringCommittee, &["数据与安全监察委员会"], &["Data and Safety Monitoring Committee"]),
    (Registrant, &["注册人"], &["Name of Registration"]),
    (SecondarySponsors, &["试验主办单位(项目批准或申办者)"], &["Secondary sponsor"]),
    (Interventions, &["干预措施"], &["Interventions"]),
    (ResearchSites, &["研究实施地点"], &["Countries of recruitment and research settings"]),
    (Outcomes, &["测量指标"], &["Outcomes"]),
    (Samples, &["采集人体标本"], &["Collecting sample(s) from participants"]),
    (Country, &["国家"], &["Country"]),
    (Province, &["省(直辖市)"], &["Province"]),
    (City, &["市(区县)"], &["City"]),
    (Institution, &["单位(医院)"], &["Institution hospital"]),
    (Address, &["具体地址"], &["Address"]),
    (InstitutionLevel, &["单位级别"], &["Level of the institution"]),
    (Group, &["组别"], &["Group"]),
    (SampleSize, &["样本量"], &["Sample size"]),
    (Intervention, &["干预措施"], &["Intervention"]),
    (InterventionCode, &["干预措施代码"], &["Intervention code"]),
    (OutcomeName, &["指标中文名"], &["Outcome"]),
    (OutcomeType, &["指标类型"], &["Type"]),
    (OutcomeTimePoint, &["测量时间点"], &["Measure time point of outcome"]),
    (OutcomeMethod, &["测量方法"], &["Measure method"]),
    (SampleName, &["标本中文名"], &["Sample Name"]),
    (Tissue, &["组织"], &["Tissue"]),
    (SampleFate, &["人体标本去向"], &["Fate of sample"]),
    (SampleNote, &["说明"], &["Note"]),
];

impl Field {
    /// The blocks this field is read in.
    pub fn blocks(self) -> &'static [Block] {
        match self {
            Country | Province | City | Institution | Address => &[Block::SecondarySponsor, Block::Site],
            InstitutionLevel => &[Block::Site],
            Group | SampleSize | Intervention | InterventionCode => &[Block::Group],
            OutcomeName | OutcomeType | OutcomeTimePoint | OutcomeMethod => &[Block::Outcome],
            SampleName | Tissue | SampleFate | SampleNote => &[Block::Sample],
            _ => &[Block::Main],
        }
    }

    /// The blocks a section heading opens.
    pub fn opens(self) -> Option<Block> {
        match self {
            SecondarySponsors => Some(Block::SecondarySponsor),
            Interventions => Some(Block::Group),
            ResearchSites => Some(Block::Site),
            Outcomes => Some(Block::Outcome),
            Samples => Some(Block::Sample),
            _ => None,
        }
    }
}

/// A label's reading: which field, in which language.
pub type Label = (Field, Side);

struct Table {
    exact: HashMap<String, Vec<Label>>,
    prefixes: Vec<(String, Label)>,
}

static TABLE: LazyLock<Table> = LazyLock::new(|| {
    let mut table = Table { exact: HashMap::new(), prefixes: Vec::new() };
    for &(field, zh, en) in LABELS {
        let sides = zh.iter().map(|l| (*l, Side::Zh)).chain(en.iter().map(|l| (*l, Side::En)));
        for (label, side) in sides {
            match label.strip_suffix('…') {
                Some(prefix) => table.prefixes.push((fold_label(prefix), (field, side))),
                None => table.exact.entry(fold_label(label)).or_default().push((field, side)),
            }
        }
    }
    table
});

/// Labels are never this long; longer lines are values and are not folded.
const MAX_LABEL_BYTES: usize = 1200;

/// Reads `line` as a label while reading `block`. Labels compare by their letters
/// and digits only, so colons (":" or "："), full-width brackets and spacing differ freely.
/// A label of the block being read wins, then a section heading, then a field of the
/// record itself; a block's label met outside its section still opens that block.
pub fn lookup(block: Block, line: &str) -> Option<Label> {
    if line.len() > MAX_LABEL_BYTES {
        return None;
    }
    let folded = fold_label(line);
    if folded.is_empty() {
        return None;
    }
    let ends_with_colon = line.trim_end().ends_with([':', '：']);
    let mut candidates: Vec<Label> = TABLE.exact.get(&folded).cloned().unwrap_or_default();
    if ends_with_colon {
        let prefixed = TABLE.prefixes.iter().filter(|(prefix, _)| folded.starts_with(prefix.as_str()));
        candidates.extend(prefixed.map(|(_, label)| *label));
    }
    let in_block = |l: &&Label| block != Block::Main && l.0.blocks().contains(&block);
    let heading = |l: &&Label| l.0.opens().is_some();
    let main = |l: &&Label| l.0.blocks() == [Block::Main] && l.0.opens().is_none();
    let found = candidates.iter().find(in_block);
    let found = found.or_else(|| candidates.iter().find(heading));
    let found = found.or_else(|| candidates.iter().find(main));
    found.or_else(|| candidates.first()).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_read_in_either_language_with_any_colon() {
        assert_eq!(lookup(Block::Main, "注册号:"), Some((RegistrationNumber, Side::Zh)));
        assert_eq!(lookup(Block::Main, "Registration number："), Some((RegistrationNumber, Side::En)));
        assert_eq!(lookup(Block::Main, "申请注册联系人传真 :"), Some((ApplicantFax, Side::Zh)));
        assert_eq!(lookup(Block::Main, "研究实施负责（组长）单位："), Some((PrimarySponsor, Side::Zh)));
        assert_eq!(lookup(Block::Main, "IPD sharing"), Some((IpdSharing, Side::En)));
        assert_eq!(lookup(Block::Main, "Sever aplastic anemia"), None);
    }

    #[test]
    fn the_block_being_read_decides_what_a_label_means() {
        assert_eq!(lookup(Block::Main, "干预措施:"), Some((Interventions, Side::Zh)));
        assert_eq!(lookup(Block::Group, "干预措施:"), Some((Intervention, Side::Zh)));
        assert_eq!(lookup(Block::Site, "国家:"), Some((Country, Side::Zh)));
        assert_eq!(lookup(Block::Group, "研究实施地点:"), Some((ResearchSites, Side::Zh)));
        assert_eq!(lookup(Block::Sample, "征募研究对象情况:"), Some((RecruitingStatus, Side::Zh)));
    }

    #[test]
    fn long_labels_match_by_their_start_only_before_a_colon() {
        let label =
            "Randomization Procedure (please state who generates the random number sequence and by what method):";
        assert_eq!(lookup(Block::Main, label), Some((RandomizationProcedure, Side::En)));
        assert_eq!(lookup(Block::Main, "Randomization procedure by computer"), None);
    }
}
