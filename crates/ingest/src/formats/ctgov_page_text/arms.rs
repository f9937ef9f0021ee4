//! The arms table and the outcome list of the classic page.

use super::*;

impl<'a> Page<'a> {
    /// The "Arm | Intervention/treatment |" (or "Group/Cohort | …") table. Each row is
    /// the arm's heading and description, a lone "|", then its interventions. Returns
    /// the line after the table.
    pub(super) fn arms(&mut self, study: &mut Study) -> Option<usize> {
        let header = self.lines.iter().position(|l| {
            let c = row_cells(l);
            c.len() == 2 && matches!(c[0], "Arm" | "Group/Cohort") && c[1].starts_with("Intervention")
        })?;
        let arms_module = module(&mut module(&mut study.protocol_section).arms_interventions_module);
        let known: Vec<(trialdex_model::InterventionType, String)> =
            arms_module.interventions.iter().filter_map(|i| Some((i.kind.clone()?, i.name.clone()?))).collect();
        let mut at = header + 1;
        let (mut first_cell, mut second_cell, mut in_second) = (Vec::new(), Vec::new(), false);
        while let Some(line) = self.lines.get(at) {
            if line.is_empty() || is_outcome_start(line) {
                break;
            }
            at += 1;
            match *line {
                l if l.starts_with("---") => {}
                "|" => in_second = true,
                l if l.ends_with('|') => {
                    let text = strip_border(l);
                    if in_second {
                        second_cell.push(text)
                    } else {
                        first_cell.push(text)
                    }
                    let arm = read_arm(&first_cell, &second_cell.join("\n"), &known, &mut arms_module.interventions);
                    arms_module.arm_groups.push(arm);
                    (first_cell, second_cell, in_second) = (Vec::new(), Vec::new(), false);
                }
                l if in_second => second_cell.push(l),
                l => first_cell.push(l),
            }
        }
        if !first_cell.is_empty() {
            let arm = read_arm(&first_cell, &second_cell.join("\n"), &known, &mut arms_module.interventions);
            arms_module.arm_groups.push(arm);
        }
        Some(at)
    }

    /// "- Measure [ Time Frame: … ]Description" items. The copy lost the "Primary/Secondary
    /// Outcome Measures" headings; when they are there they are honoured.
    pub(super) fn outcomes(&mut self, study: &mut Study, from: Option<usize>) {
        let from = from.unwrap_or_else(|| {
            self.rows.iter().rev().find(|r| r.folded.contains("completiondate")).map_or(0, |r| r.at + 1)
        });
        let mut kinds_shown = false;
        let mut items: Vec<(Option<&str>, String)> = Vec::new();
        let mut kind: Option<&str> = None;
        let lines = &self.lines[from.min(self.lines.len())..];
        for (i, line) in lines.iter().enumerate() {
            let heading = ["Primary", "Secondary", "Other"]
                .into_iter()
                .find(|k| fold_label(line) == fold_label(&format!("{k} Outcome Measures:")));
            // A blank line ends the list unless more outcomes follow it.
            let list_goes_on = || lines[i..].iter().find(|l| !l.is_empty()).is_some_and(|l| is_outcome_start(l));
            if heading.is_some() {
                (kind, kinds_shown) = (heading, true);
            } else if let Some(item) = line.strip_prefix("- ") {
                items.push((kind, item.to_owned()));
            } else if is_row(line) || (line.is_empty() && !items.is_empty() && !list_goes_on()) {
                break;
            } else if let Some((_, text)) = items.last_mut().filter(|_| !line.is_empty()) {
                text.push('\n');
                text.push_str(line);
            }
        }
        if items.is_empty() {
            return;
        }
        let count = items.len();
        let m = module(&mut module(&mut study.protocol_section).outcomes_module);
        for (i, (kind, text)) in items.into_iter().enumerate() {
            let outcome = outcome(&text);
            // Without headings: CT.gov lists primary outcomes first and every record has one.
            match kind.unwrap_or(if i == 0 { "Primary" } else { "Secondary" }) {
                "Primary" => m.primary_outcomes.push(outcome),
                "Secondary" => m.secondary_outcomes.push(outcome),
                _ => m.other_outcomes.push(outcome),
            }
        }
        if !kinds_shown && count > 1 {
            self.warnings.push(Warning::new(
                "protocolSection.outcomesModule",
                format!(
                    "the page copy lost the primary/secondary headings of its {count} outcomes; the first is taken \
                     as primary (CT.gov lists primary outcomes first), the other {} as secondary, though some may be primary",
                    count - 1
                ),
            ));
        }
    }
}

fn is_outcome_start(line: &str) -> bool {
    (line.starts_with("- ") && line.contains("Time Frame:")) || line.ends_with("Outcome Measures:")
}

/// "Sustained response [ Time Frame: 6 months ]The maintenance of …".
fn outcome(text: &str) -> Outcome {
    let mut out = Outcome::default();
    match text.split_once("[ Time Frame:").or_else(|| text.split_once("[Time Frame:")) {
        Some((measure, rest)) => {
            let (time_frame, description) = rest.split_once(']').unwrap_or((rest, ""));
            out.measure = non_empty(measure);
            out.time_frame = non_empty(time_frame);
            out.description = non_empty_block(description);
        }
        None => out.measure = non_empty(text),
    }
    out
}

/// The interventions in a run of text, each as (type, type label, name, the text after
/// the name). The name is the longest `known` name of that type the item starts with,
/// else the item's first line: the copy may run a name into its description.
pub(super) fn typed_runs<'t>(
    text: &'t str,
    known: &[(trialdex_model::InterventionType, String)],
) -> Vec<(trialdex_model::InterventionType, &'t str, String, &'t str)> {
    let items = typed_items(text);
    let mut out = Vec::new();
    for (i, (_, name_start, kind, label)) in items.iter().enumerate() {
        let end = items.get(i + 1).map_or(text.len(), |next| next.0);
        let item = text.get(*name_start..end).unwrap_or_default().trim();
        let name = known
            .iter()
            .filter(|(k, n)| {
                k == kind
                    && item.starts_with(n.as_str())
                    && item[n.len()..].chars().next().is_none_or(char::is_whitespace)
            })
            .map(|(_, n)| n.as_str())
            .max_by_key(|n| n.len())
            .unwrap_or_else(|| item.lines().next().unwrap_or(item));
        out.push((kind.clone(), *label, clean_inline(name), item[name.len().min(item.len())..].trim()));
    }
    out
}

pub(super) fn merge_intervention(
    list: &mut Vec<Intervention>,
    kind: trialdex_model::InterventionType,
    name: String,
    description: Option<String>,
    other_names: Vec<String>,
    arm: Option<&str>,
) {
    let at = match list.iter().position(|i| i.kind.as_ref() == Some(&kind) && i.name.as_deref() == Some(&name)) {
        Some(at) => at,
        None => {
            list.push(Intervention { kind: Some(kind), name: Some(name), ..Default::default() });
            list.len() - 1
        }
    };
    let i = &mut list[at];
    i.description = i.description.take().or(description);
    for other in other_names {
        if !i.other_names.contains(&other) {
            i.other_names.push(other);
        }
    }
    if let Some(arm) = arm.filter(|a| !i.arm_group_labels.iter().any(|l| l == a)) {
        i.arm_group_labels.push(arm.to_owned());
    }
}

/// One arms-table row: "Experimental: Iguratimod and Danazol", its description, and its
/// interventions ("Drug: Iguratimod\nOral …\nOther Name: Iremod Drug: Danazol Oral …").
fn read_arm(
    first: &[&str],
    second: &str,
    known: &[(trialdex_model::InterventionType, String)],
    interventions: &mut Vec<Intervention>,
) -> ArmGroup {
    let heading = first.first().copied().unwrap_or("");
    let mut arm = ArmGroup::default();
    // The arm type is written before the label; the label may itself hold a colon
    // ("Active Comparator: Experimental: hrIL-2 active").
    match heading.split_once(':').and_then(|(t, l)| Some((ArmGroupType::from_label(t)?, l))) {
        Some((kind, label)) => (arm.kind, arm.label) = (Some(kind), non_empty(label)),
        None => arm.label = non_empty(heading),
    }
    arm.description = non_empty_block(&first.get(1..).unwrap_or_default().join("\n"));
    for (kind, type_label, name, rest) in typed_runs(second, known) {
        let mut description = Vec::new();
        let mut other_names = Vec::new();
        let mut in_other_names = false;
        for line in rest.lines().map(str::trim) {
            if let Some(other) = line.strip_prefix("Other Name:").or(line.strip_prefix("Other Names:")) {
                other_names.extend(other.split(';').filter_map(non_empty));
                in_other_names = true;
            } else if let Some(other) = line.strip_prefix("- ").filter(|_| in_other_names) {
                other_names.extend(non_empty(other));
            } else {
                in_other_names = false;
                description.push(line);
            }
        }
        arm.intervention_names.push(format!("{type_label}: {name}"));
        let description = non_empty_block(&description.join("\n"));
        merge_intervention(interventions, kind, name, description, other_names, arm.label.as_deref());
    }
    arm
}
