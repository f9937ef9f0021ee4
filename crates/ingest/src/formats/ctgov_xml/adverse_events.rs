//! `<reported_events>` → v2 `adverseEventsModule`. The legacy format lists each
//! group's totals as events of a "Total" organ system ("Total, serious adverse
//! events"); v2 keeps them on the group (seriousNumAffected, …), and so does this.

use trialdex_model::*;

use super::{
    label,
    results::{group_attr, items},
    tree::Element,
};

/// Which per-group total a "Total, …" row of the legacy format is.
#[derive(Clone, Copy)]
enum Total {
    Serious,
    Other,
    Deaths,
}

pub(super) fn read(e: &Element, w: &mut Vec<Warning>) -> AdverseEventsModule {
    let mut module = AdverseEventsModule {
        time_frame: e.block_of("time_frame"),
        description: e.block_of("desc"),
        event_groups: items(e, "group_list", "group")
            .map(|g| EventGroup {
                id: group_attr(g),
                title: g.text_of("title"),
                description: g.block_of("description"),
                ..EventGroup::default()
            })
            .collect(),
        ..AdverseEventsModule::default()
    };
    if let Some(serious) = e.child("serious_events") {
        module.serious_events = events(serious, Total::Serious, &mut module.event_groups, w);
    }
    if let Some(other) = e.child("other_events") {
        module.frequency_threshold = other.text_of("frequency_threshold");
        module.other_events = events(other, Total::Other, &mut module.event_groups, w);
    }
    module
}

fn events(list: &Element, total: Total, groups: &mut [EventGroup], w: &mut Vec<Warning>) -> Vec<AdverseEvent> {
    let field = match total {
        Total::Other => "resultsSection.adverseEventsModule.otherEvents",
        _ => "resultsSection.adverseEventsModule.seriousEvents",
    };
    let default_vocab = list.text_of("default_vocab");
    let default_assessment = list.text_of("default_assessment");
    let mut out = Vec::new();
    for category in items(list, "category_list", "category") {
        let organ_system = category.text_of("title");
        for event in items(category, "event_list", "event") {
            let term = event.text_of("sub_title");
            let stats: Vec<EventStats> = event.all("counts").map(|c| counts(c, field, w)).collect();
            if organ_system.as_deref() == Some("Total") {
                let which = match term.as_deref() {
                    Some(t) if t.ends_with("all-cause mortality") => Some(Total::Deaths),
                    Some(t) if t.starts_with("Total") => Some(total),
                    _ => None,
                };
                if let Some(which) = which {
                    add_totals(groups, which, &stats);
                    continue;
                }
            }
            let vocab = event.child("sub_title").and_then(|s| s.attr("vocab")).and_then(crate::text::non_empty);
            let assessment = event.text_of("assessment").or_else(|| default_assessment.clone());
            out.push(AdverseEvent {
                term,
                organ_system: organ_system.clone(),
                source_vocabulary: vocab.or_else(|| default_vocab.clone()),
                assessment_type: label(
                    assessment,
                    EventAssessment::from_label,
                    EventAssessment::Unlisted,
                    &format!("{field}.assessmentType"),
                    w,
                ),
                notes: event.block_of("description"),
                stats,
                ..AdverseEvent::default()
            });
        }
    }
    out
}

fn counts(c: &Element, field: &str, w: &mut Vec<Warning>) -> EventStats {
    let mut number = |name: &str| {
        let value = c.attr(name)?;
        let read = value.trim().parse::<i64>().ok();
        if read.is_none() {
            w.push(Warning::new(format!("{field}.stats"), format!("{name} {value:?} is not a whole number; left out")));
        }
        read
    };
    EventStats {
        group_id: group_attr(c),
        num_events: number("events"),
        num_affected: number("subjects_affected"),
        num_at_risk: number("subjects_at_risk"),
        ..EventStats::default()
    }
}

fn add_totals(groups: &mut [EventGroup], which: Total, stats: &[EventStats]) {
    for stat in stats {
        let Some(group) = groups.iter_mut().find(|g| g.id.is_some() && g.id == stat.group_id) else {
            continue;
        };
        let (affected, at_risk) = match which {
            Total::Serious => (&mut group.serious_num_affected, &mut group.serious_num_at_risk),
            Total::Other => (&mut group.other_num_affected, &mut group.other_num_at_risk),
            Total::Deaths => (&mut group.deaths_num_affected, &mut group.deaths_num_at_risk),
        };
        *affected = stat.num_affected;
        *at_risk = stat.num_at_risk;
    }
}
