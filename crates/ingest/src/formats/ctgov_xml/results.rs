//! `<clinical_results>` → v2 `resultsSection`: participant flow, baseline, outcome
//! measures with their analyses, and the "more information" part; adverse events are
//! in `adverse_events.rs`.
//!
//! Group ids are renamed the way v2 numbers the same groups (P1 → FG000, B2 → BG001,
//! O3 → OG002, E1 → EG000).

use serde_json::Value;
use trialdex_model::*;

use super::{adverse_events, flag, label, read_date, tree::Element};

pub(super) fn read(results: &Element, w: &mut Vec<Warning>) -> ResultsSection {
    ResultsSection {
        participant_flow_module: results.child("participant_flow").map(flow),
        baseline_characteristics_module: results.child("baseline").map(|b| baseline(b, w)),
        outcome_measures_module: results.child("outcome_list").map(|o| OutcomeMeasuresModule {
            outcome_measures: o.all("outcome").map(|m| outcome(m, w)).collect(),
            ..OutcomeMeasuresModule::default()
        }),
        adverse_events_module: results.child("reported_events").map(|e| adverse_events::read(e, w)),
        more_info_module: more_info(results),
        ..ResultsSection::default()
    }
}

/// "P1" → "FG000" and so on; an id of another shape is kept as written.
fn group_id(raw: &str) -> String {
    let mut chars = raw.chars();
    let prefix = match chars.next() {
        Some('P') => "FG",
        Some('B') => "BG",
        Some('O') => "OG",
        Some('E') => "EG",
        _ => return raw.to_owned(),
    };
    match chars.as_str().parse::<u32>() {
        Ok(n) if n >= 1 => format!("{prefix}{:03}", n - 1),
        _ => raw.to_owned(),
    }
}

pub(super) fn group_attr(e: &Element) -> Option<String> {
    e.attr("group_id").map(group_id)
}

/// The children of `<{list}>` called `item`: `<group_list><group/>…</group_list>`.
pub(super) fn items<'a>(parent: &'a Element, list: &'a str, item: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
    parent.all(list).flat_map(move |l| l.all(item))
}

fn flow(flow: &Element) -> ParticipantFlowModule {
    let stats = |e: &Element| -> Vec<FlowStats> {
        items(e, "participants_list", "participants")
            .map(|p| FlowStats {
                group_id: group_attr(p),
                comment: p.inline(),
                num_subjects: p.attr("count").map(str::to_owned),
                ..FlowStats::default()
            })
            .collect()
    };
    ParticipantFlowModule {
        recruitment_details: flow.block_of("recruitment_details"),
        pre_assignment_details: flow.block_of("pre_assignment_details"),
        groups: items(flow, "group_list", "group")
            .map(|g| FlowGroup {
                id: group_attr(g),
                title: g.text_of("title"),
                description: g.block_of("description"),
                ..FlowGroup::default()
            })
            .collect(),
        periods: items(flow, "period_list", "period")
            .map(|p| FlowPeriod {
                title: p.text_of("title"),
                milestones: items(p, "milestone_list", "milestone")
                    .map(|m| FlowMilestone {
                        kind: m.text_of("title"),
                        achievements: stats(m),
                        ..FlowMilestone::default()
                    })
                    .collect(),
                drop_withdraws: items(p, "drop_withdraw_reason_list", "drop_withdraw_reason")
                    .map(|d| DropWithdraw { kind: d.text_of("title"), reasons: stats(d), ..DropWithdraw::default() })
                    .collect(),
                ..FlowPeriod::default()
            })
            .collect(),
        ..ParticipantFlowModule::default()
    }
}

fn measure_groups(parent: &Element) -> Vec<MeasureGroup> {
    items(parent, "group_list", "group")
        .map(|g| MeasureGroup {
            id: group_attr(g),
            title: g.text_of("title"),
            description: g.block_of("description"),
            ..MeasureGroup::default()
        })
        .collect()
}

/// `<analyzed_list>`: how many participants (or other units) each group analyzed.
/// Its `<scope>` (Overall, Measure, Class) only repeats where the list sits.
fn denoms(parent: &Element) -> Vec<Denom> {
    items(parent, "analyzed_list", "analyzed")
        .map(|a| {
            let _ = a.child("scope");
            Denom {
                units: a.text_of("units"),
                counts: items(a, "count_list", "count")
                    .map(|c| DenomCount {
                        group_id: group_attr(c),
                        value: c.attr("value").map(str::to_owned),
                        ..DenomCount::default()
                    })
                    .collect(),
                ..Denom::default()
            }
        })
        .collect()
}

/// `<class_list>`, or the older `<category_list>` straight under the measure (one
/// class with no title). A category's title was once called `<sub_title>`.
fn classes(measure: &Element) -> Vec<MeasureClass> {
    let categories = |parent: &Element| -> Vec<MeasureCategory> {
        items(parent, "category_list", "category")
            .map(|c| MeasureCategory {
                title: c.text_of("title").or_else(|| c.text_of("sub_title")),
                measurements: items(c, "measurement_list", "measurement")
                    .map(|m| Measurement {
                        group_id: group_attr(m),
                        value: m.attr("value").map(str::to_owned),
                        spread: m.attr("spread").map(str::to_owned),
                        lower_limit: m.attr("lower_limit").map(str::to_owned),
                        upper_limit: m.attr("upper_limit").map(str::to_owned),
                        comment: m.inline(),
                        ..Measurement::default()
                    })
                    .collect(),
                ..MeasureCategory::default()
            })
            .collect()
    };
    let mut out: Vec<MeasureClass> = items(measure, "class_list", "class")
        .map(|c| MeasureClass {
            title: c.text_of("title"),
            denoms: denoms(c),
            categories: categories(c),
            ..MeasureClass::default()
        })
        .collect();
    let loose = categories(measure);
    if !loose.is_empty() {
        out.push(MeasureClass { categories: loose, ..MeasureClass::default() });
    }
    out
}

fn baseline(b: &Element, w: &mut Vec<Warning>) -> BaselineCharacteristicsModule {
    let field = "resultsSection.baselineCharacteristicsModule.measures";
    let mut denoms_read = denoms(b);
    let mut listed: Vec<&Element> = items(b, "measure_list", "measure").collect();
    // Before 2017 the first measure counted the participants; v2 holds that as denoms.
    if denoms_read.is_empty() && listed.first().is_some_and(|m| counts_participants(m)) {
        denoms_read.push(participant_count(listed.remove(0)));
    }
    let measures = listed
        .into_iter()
        .map(|m| BaselineMeasure {
            title: m.text_of("title"),
            description: m.block_of("description"),
            population_description: m.block_of("population"),
            param_type: label(
                m.text_of("param"),
                MeasureParam::from_label,
                MeasureParam::Unlisted,
                &format!("{field}.paramType"),
                w,
            ),
            dispersion_type: label(
                m.text_of("dispersion"),
                MeasureDispersionType::from_label,
                MeasureDispersionType::Unlisted,
                &format!("{field}.dispersionType"),
                w,
            ),
            unit_of_measure: m.text_of("units"),
            denom_units_selected: m.text_of("units_analyzed"),
            denoms: denoms(m),
            classes: classes(m),
            ..BaselineMeasure::default()
        })
        .collect();
    BaselineCharacteristicsModule {
        population_description: b.block_of("population"),
        groups: measure_groups(b),
        denoms: denoms_read,
        measures,
        ..BaselineCharacteristicsModule::default()
    }
}

fn outcome(o: &Element, w: &mut Vec<Warning>) -> OutcomeMeasure {
    let field = "resultsSection.outcomeMeasuresModule.outcomeMeasures";
    let (measure, counted) = match o.child("measure") {
        Some(measure) => (Some(measure), Vec::new()),
        None => old_measure(o),
    };
    let from_measure = |name: &str| measure.and_then(|m| m.text_of(name));
    let block_from_measure = |name: &str| measure.and_then(|m| m.block_of(name));
    // The measure repeats the outcome's title, description and population.
    let (title, description, population) =
        (from_measure("title"), block_from_measure("description"), block_from_measure("population"));
    let mut denoms_read = measure.map(denoms).unwrap_or_default();
    denoms_read.extend(counted);
    let mut out = OutcomeMeasure {
        kind: label(
            o.text_of("type"),
            OutcomeMeasureType::from_label,
            OutcomeMeasureType::Unlisted,
            &format!("{field}.type"),
            w,
        ),
        title: o.text_of("title").or(title),
        description: o.block_of("description").or(description),
        population_description: o.block_of("population").or(population),
        // An outcome without data is one whose results are not posted yet.
        reporting_status: Some(if measure.is_some() { ReportingStatus::Posted } else { ReportingStatus::NotPosted }),
        anticipated_posting_date: o.text_of("posting_date").and_then(|d| read_date(&d)),
        param_type: label(
            from_measure("param"),
            MeasureParam::from_label,
            MeasureParam::Unlisted,
            &format!("{field}.paramType"),
            w,
        ),
        // v2 writes this one as the label ("95% Confidence Interval"), as the XML does.
        dispersion_type: from_measure("dispersion"),
        unit_of_measure: from_measure("units"),
        time_frame: o.text_of("time_frame"),
        type_units_analyzed: from_measure("units_analyzed"),
        groups: measure_groups(o),
        denoms: denoms_read,
        classes: measure.map(classes).unwrap_or_default(),
        analyses: items(o, "analysis_list", "analysis").map(|a| analysis(a, w)).collect(),
        ..OutcomeMeasure::default()
    };
    if let Some(safety) = flag(o, "safety_issue", &format!("{field}.safetyIssue"), w) {
        out.extra.insert("safetyIssue".into(), Value::Bool(safety));
    }
    out
}

/// Results posted before 2017 gave an outcome a `<measure_list>` whose first measure,
/// "Number of Participants", counts who was analyzed (v2's denoms) and whose second is
/// the measure itself. Any other shape is left unread, and so reported.
fn old_measure(o: &Element) -> (Option<&Element>, Vec<Denom>) {
    let Some(list) = o.peek("measure_list").next() else {
        return (None, Vec::new());
    };
    let measures: Vec<&Element> = list.peek("measure").collect();
    match measures.as_slice() {
        [count, measure] if counts_participants(count) => {
            list.mark_read();
            measure.mark_read();
            (Some(*measure), vec![participant_count(count)])
        }
        [measure] => {
            list.mark_read();
            measure.mark_read();
            (Some(*measure), Vec::new())
        }
        _ => (None, Vec::new()),
    }
}

/// Whether a pre-2017 measure is the "Number of Participants" row that counts who was analyzed.
fn counts_participants(measure: &Element) -> bool {
    measure.peek("title").next().is_some_and(|t| t.text.trim().starts_with("Number of Participants"))
}

/// The "Number of Participants" measure of pre-2017 results as v2's denoms.
fn participant_count(count: &Element) -> Denom {
    count.mark_read();
    let _ = (count.child("title"), count.child("param"), count.child("description"));
    let counts = classes(count)
        .into_iter()
        .flat_map(|c| c.categories)
        .flat_map(|c| c.measurements)
        .map(|m| DenomCount { group_id: m.group_id, value: m.value, ..DenomCount::default() })
        .collect();
    let units = count.text_of("units").map(|u| if u == "participants" { "Participants".to_owned() } else { u });
    Denom { units, counts, ..Denom::default() }
}

fn analysis(a: &Element, w: &mut Vec<Warning>) -> MeasureAnalysis {
    let field = "resultsSection.outcomeMeasuresModule.outcomeMeasures.analyses";
    let dispersion_type = a.text_of("dispersion_type").map(|text| match text.as_str() {
        "Standard Error of the Mean" => AnalysisDispersionType::StandardErrorOfMean,
        _ => AnalysisDispersionType::from_label(&text).unwrap_or_else(|| {
            w.push(Warning::new(
                format!("{field}.dispersionType"),
                format!("{text:?} is no CT.gov value; kept as written"),
            ));
            AnalysisDispersionType::Unlisted(text)
        }),
    });
    let ci_num_sides = a.text_of("ci_n_sides").map(|text| match text.as_str() {
        "1-Sided" => ConfidenceIntervalNumSides::OneSided,
        "2-Sided" => ConfidenceIntervalNumSides::TwoSided,
        _ => ConfidenceIntervalNumSides::from_label(&text).unwrap_or_else(|| {
            w.push(Warning::new(
                format!("{field}.ciNumSides"),
                format!("{text:?} is no CT.gov value; kept as written"),
            ));
            ConfidenceIntervalNumSides::Unlisted(text)
        }),
    });
    MeasureAnalysis {
        group_ids: a
            .all("group_id_list")
            .flat_map(|l| l.all("group_id"))
            .filter_map(Element::inline)
            .map(|g| group_id(&g))
            .collect(),
        group_description: a.block_of("groups_desc"),
        tested_non_inferiority: flag(a, "non_inferiority", &format!("{field}.testedNonInferiority"), w),
        non_inferiority_type: label(
            a.text_of("non_inferiority_type"),
            NonInferiorityType::from_label,
            NonInferiorityType::Unlisted,
            &format!("{field}.nonInferiorityType"),
            w,
        ),
        non_inferiority_comment: a.block_of("non_inferiority_desc"),
        p_value: a.text_of("p_value"),
        p_value_comment: a.block_of("p_value_desc"),
        statistical_method: a.text_of("method"),
        statistical_comment: a.block_of("method_desc"),
        param_type: a.text_of("param_type"),
        param_value: a.text_of("param_value"),
        dispersion_type,
        dispersion_value: a.text_of("dispersion_value"),
        ci_pct_value: a.text_of("ci_percent"),
        ci_num_sides,
        ci_lower_limit: a.text_of("ci_lower_limit"),
        ci_upper_limit: a.text_of("ci_upper_limit"),
        ci_lower_limit_comment: a.block_of("ci_lower_limit_na_comment"),
        ci_upper_limit_comment: a.block_of("ci_upper_limit_na_comment"),
        estimate_comment: a.block_of("estimate_desc"),
        other_analysis_description: a.block_of("other_analysis_desc"),
        ..MeasureAnalysis::default()
    }
}

fn more_info(results: &Element) -> Option<MoreInfoModule> {
    let module = MoreInfoModule {
        limitations_and_caveats: results
            .block_of("limitations_and_caveats")
            .map(|d| LimitationsAndCaveats { description: Some(d), ..LimitationsAndCaveats::default() }),
        certain_agreement: results.child("certain_agreements").map(certain_agreement),
        point_of_contact: results.child("point_of_contact").map(|p| PointOfContact {
            title: p.text_of("name_or_title"),
            organization: p.text_of("organization"),
            email: p.text_of("email"),
            phone: p.text_of("phone"),
            phone_ext: p.text_of("phone_ext"),
            ..PointOfContact::default()
        }),
        ..MoreInfoModule::default()
    };
    (module != MoreInfoModule::default()).then_some(module)
}

/// The legacy format writes the agreement as the sentences CT.gov's entry form
/// shows; v2 stores the choice behind them. A sponsor's own wording is OTHER, kept.
fn certain_agreement(c: &Element) -> CertainAgreement {
    let pi = c.text_of("pi_employee");
    let mut out = CertainAgreement {
        pi_sponsor_employee: pi.as_deref().and_then(|t| {
            if t.contains("ARE employed") {
                Some(true)
            } else if t.contains("NOT employed") {
                Some(false)
            } else {
                None
            }
        }),
        ..CertainAgreement::default()
    };
    if out.pi_sponsor_employee.is_none()
        && let Some(text) = pi
    {
        out.extra.insert("piEmployeeText".into(), Value::String(text));
    }
    if let Some(text) = c.block_of("restrictive_agreement") {
        if text.starts_with("There is NOT an agreement") {
            out.restrictive_agreement = Some(false);
        } else {
            out.restrictive_agreement = Some(true);
            let canned = text.starts_with("The only disclosure restriction on the PI is that the sponsor can review");
            out.restriction_type = Some(if canned && text.contains("less than or equal to 60 days") {
                AgreementRestrictionType::Lte60
            } else if canned && text.contains("more than 60 days but less than or equal to 180 days") {
                AgreementRestrictionType::Gt60
            } else {
                out.other_details = Some(text);
                AgreementRestrictionType::Other
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legacy_group_ids_take_v2_numbering() {
        assert_eq!(group_id("P1"), "FG000");
        assert_eq!(group_id("B12"), "BG011");
        assert_eq!(group_id("O3"), "OG002");
        assert_eq!(group_id("E1"), "EG000");
        assert_eq!(group_id("X1"), "X1");
        assert_eq!(group_id("P0"), "P0");
        assert_eq!(group_id("Pé"), "Pé");
    }
}
