//! Matching records counted by the year of their start date, for the charts of a
//! result set: read from the date's fast field, one pass beside the facets.

use std::collections::BTreeMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use crate::values::year_of_days;

/// The date piece counted.
pub(crate) const START_DATE: &str = "StartDate";

pub(crate) struct YearCounts;

impl Collector for YearCounts {
    type Fruit = BTreeMap<i32, u64>;
    type Child = SegmentYearCounts;

    fn for_segment(&self, _: SegmentOrdinal, reader: &SegmentReader) -> tantivy::Result<SegmentYearCounts> {
        Ok(SegmentYearCounts { days: reader.fast_fields().i64(START_DATE)?, counts: BTreeMap::new() })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<BTreeMap<i32, u64>>) -> tantivy::Result<BTreeMap<i32, u64>> {
        let mut all = BTreeMap::new();
        for (year, count) in fruits.into_iter().flatten() {
            *all.entry(year).or_default() += count;
        }
        Ok(all)
    }
}

pub(crate) struct SegmentYearCounts {
    days: Column<i64>,
    counts: BTreeMap<i32, u64>,
}

impl SegmentCollector for SegmentYearCounts {
    type Fruit = BTreeMap<i32, u64>;

    fn collect(&mut self, doc: DocId, _: Score) {
        if let Some(days) = self.days.first(doc) {
            *self.counts.entry(year_of_days(days)).or_default() += 1;
        }
    }

    fn harvest(self) -> BTreeMap<i32, u64> {
        self.counts
    }
}
