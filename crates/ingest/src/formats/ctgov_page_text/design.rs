//! The classic page's summary table (conditions, interventions, phase) and its study
//! design rows.

use super::*;

impl<'a> Page<'a> {
    /// "Condition or disease | Intervention/treatment | Phase |" and its one row.
    pub(super) fn summary_table(&mut self, study: &mut Study) {
        let Some(at) = self.summary_table else { return };
        let header = row_cells(self.lines[at]);
        let body: Vec<&str> = self.lines[at + 1..]
            .iter()
            .skip_while(|l| l.starts_with("---"))
            .take_while(|l| !l.is_empty() && !is_row(l))
            .copied()
            .collect();
        let row = row_cells(&body.join(" ")).into_iter().map(str::to_owned).collect::<Vec<_>>();
        let column = |name: &str| {
            header.iter().position(|h| h.starts_with(name)).and_then(|i| row.get(i)).and_then(|c| non_empty(c))
        };
        let protocol = module(&mut study.protocol_section);
        if let Some(conditions) = column("Condition") {
            // The page joins its conditions with spaces ("ITP Immune Thrombocytopenia"),
            // and nothing on it tells where one ends: kept as one text, as shown.
            if conditions.contains(' ') {
                self.warnings.push(Warning::new(
                    "protocolSection.conditionsModule.conditions",
                    "the page copy runs its conditions together with spaces, so where one ends cannot be told; \
                     kept as one condition, as shown",
                ));
            }
            module(&mut protocol.conditions_module).conditions = vec![conditions];
        }
        if let Some(cell) = column("Intervention") {
            let arms = module(&mut protocol.arms_interventions_module);
            for (kind, _, name, _) in typed_runs(&cell, &[]) {
                merge_intervention(&mut arms.interventions, kind, name, None, Vec::new(), None);
            }
        }
        if let Some(cell) = column("Phase") {
            let phases = phases(&cell);
            if phases.is_empty() {
                self.warnings.push(Warning::new(
                    "protocolSection.designModule.phases",
                    format!("{cell:?} names no phase CT.gov knows"),
                ));
            }
            module(&mut protocol.design_module).phases = phases;
        }
    }

    pub(super) fn design(&mut self, study: &mut Study) {
        let w = &mut Vec::new();
        let value = |label: &str| self.rows.iter().find(|r| r.folded == fold_label(label)).map(|r| r.values.join(" "));
        let protocol = module(&mut study.protocol_section);
        let mut d = protocol.design_module.take().unwrap_or_default();
        let field = |name: &str| format!("protocolSection.designModule.{name}");
        d.study_type = value("Study Type")
            .and_then(|v| mapped(&v, StudyType::from_label, StudyType::Unlisted, &field("studyType"), w));
        if let Some(row) = self.rows.iter().find(|r| r.folded.ends_with("enrollment")) {
            let count = leading_count(&row.values.join(" "));
            if count.is_none() {
                w.push(Warning::new(
                    field("enrollmentInfo.count"),
                    format!("{:?} is no participant count", row.values.join(" ")),
                ));
            }
            let kind = date_kind(row.label).map(|k| match k {
                DateType::Actual => EnrollmentType::Actual,
                _ => EnrollmentType::Estimated,
            });
            d.enrollment_info = Some(EnrollmentInfo { count, kind, ..Default::default() });
        }
        let mut info = d.design_info.take().unwrap_or_default();
        let info_field = |name: &str| format!("protocolSection.designModule.designInfo.{name}");
        info.allocation = value("Allocation").and_then(|v| {
            mapped(&v, DesignAllocation::from_label, DesignAllocation::Unlisted, &info_field("allocation"), w)
        });
        info.intervention_model = value("Intervention Model").and_then(|v| {
            mapped(
                &v,
                InterventionalAssignment::from_label,
                InterventionalAssignment::Unlisted,
                &info_field("interventionModel"),
                w,
            )
        });
        info.intervention_model_description = value("Intervention Model Description").and_then(|v| non_empty(&v));
        info.masking_info = value("Masking").and_then(|v| masking(&v, &info_field("maskingInfo.masking"), w));
        if let Some(description) = value("Masking Description").and_then(|v| non_empty(&v)) {
            module(&mut info.masking_info).masking_description = Some(description);
        }
        info.primary_purpose = value("Primary Purpose").and_then(|v| {
            mapped(&v, PrimaryPurpose::from_label, PrimaryPurpose::Unlisted, &info_field("primaryPurpose"), w)
        });
        info.observational_model = value("Observational Model").and_then(|v| {
            mapped(
                &v,
                ObservationalModel::from_label,
                ObservationalModel::Unlisted,
                &info_field("observationalModel"),
                w,
            )
        });
        info.time_perspective = value("Time Perspective").and_then(|v| {
            mapped(
                &v,
                DesignTimePerspective::from_label,
                DesignTimePerspective::Unlisted,
                &info_field("timePerspective"),
                w,
            )
        });
        put(&mut d.design_info, info);
        put(&mut protocol.design_module, d);
        self.warnings.append(w);
    }
}

/// "Phase 2", "Phase 1/Phase 2", or two phases the copy joined: "Phase 1 Phase 2".
fn phases(cell: &str) -> Vec<Phase> {
    let whole = Phase::parse_labels(cell);
    if !whole.is_empty() {
        return whole;
    }
    let starts: Vec<usize> =
        cell.match_indices("Phase").map(|(i, _)| if cell[..i].ends_with("Early ") { i - 6 } else { i }).collect();
    starts
        .iter()
        .enumerate()
        .flat_map(|(k, &start)| Phase::parse_labels(&cell[start..starts.get(k + 1).copied().unwrap_or(cell.len())]))
        .collect()
}
