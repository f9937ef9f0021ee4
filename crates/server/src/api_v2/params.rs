//! `GET /studies` parameters, read and checked as CT.gov reads them: comma- or
//! pipe-separated lists, a 400 with the parameter's name for anything wrong, unknown
//! parameters refused (a misspelt filter must not silently return everything).

use trialdex_index::request::{DEFAULT_PAGE_SIZE, Filter, GeoFilter, MAX_PAGE_SIZE, SearchRequest, Sort};
use trialdex_model::enums::Status;

use super::Scope;
use crate::ApiError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Csv,
}

#[derive(Debug)]
pub struct StudiesParams {
    pub request: SearchRequest,
    pub format: Format,
    /// `fields`, as given; None returns every field.
    pub fields: Option<Vec<String>>,
    /// The areas the queries searched (`fields=@query`).
    pub queried_areas: Vec<String>,
    pub count_total: bool,
}

/// The `query.*` parameters and the area each one searches.
const QUERY_AREAS: [&str; 10] = ["cond", "term", "locn", "titles", "intr", "outc", "spons", "lead", "id", "patient"];

/// Values of a comma- or pipe-separated list parameter.
pub fn list(value: &str) -> impl Iterator<Item = &str> {
    value.split([',', '|']).map(str::trim).filter(|v| !v.is_empty())
}

/// CT.gov's NCT id pattern (`NCT0*[1-9]\d{0,7}`), written back with its 8 digits.
pub fn nct_id(text: &str) -> Option<String> {
    let digits = text.get(..3).filter(|p| p.eq_ignore_ascii_case("NCT")).map(|_| &text[3..])?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let number: u64 = digits.parse().ok()?;
    (number > 0 && number <= 99_999_999).then(|| format!("NCT{number:08}"))
}

pub fn boolean(name: &str, value: &str) -> Result<bool, ApiError> {
    match value.to_ascii_lowercase().as_str() {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(ApiError::bad_request(format!("{name}: expected true or false, found {value:?}"))),
    }
}

pub fn format(value: &str, allowed: &[&str]) -> Result<(), ApiError> {
    if allowed.contains(&value) {
        return Ok(());
    }
    let known = ["csv", "json", "json.zip", "fhir.json", "ris"];
    if known.contains(&value) {
        Err(ApiError::bad_request(format!(
            "format: {value} is not available from this server; use {}",
            allowed.join(" or ")
        )))
    } else {
        Err(ApiError::bad_request(format!("format: expected one of {}, found {value:?}", allowed.join(", "))))
    }
}

pub fn markup_format(value: &str) -> Result<(), ApiError> {
    // Records keep the text their registry gave; both formats return it as it is.
    match value {
        "markdown" | "legacy" => Ok(()),
        _ => Err(ApiError::bad_request(format!("markupFormat: expected markdown or legacy, found {value:?}"))),
    }
}

impl StudiesParams {
    pub fn parse(pairs: &[(String, String)], scope: Scope) -> Result<StudiesParams, ApiError> {
        let mut request = SearchRequest { page_size: DEFAULT_PAGE_SIZE, ..SearchRequest::default() };
        let mut params = StudiesParams {
            request: SearchRequest::default(),
            format: Format::Json,
            fields: None,
            queried_areas: Vec::new(),
            count_total: false,
        };
        let mut sorts = Vec::new();
        for (name, value) in pairs {
            let filter = &mut request.filter;
            match name.as_str() {
                "format" => {
                    format(value, &["json", "csv"])?;
                    params.format = if value == "csv" { Format::Csv } else { Format::Json };
                }
                "markupFormat" => markup_format(value)?,
                "filter.overallStatus" | "postFilter.overallStatus" => statuses(name, value, filter)?,
                "filter.geo" | "postFilter.geo" => {
                    filter.geo =
                        Some(GeoFilter::parse(value).map_err(|e| ApiError::bad_request(format!("{name}: {e}")))?)
                }
                "filter.ids" | "postFilter.ids" => ids(name, value, scope, filter)?,
                "filter.advanced" | "postFilter.advanced" => and_advanced(filter, value),
                "filter.synonyms" | "postFilter.synonyms" => {
                    return Err(ApiError::bad_request(format!(
                        "{name}: trialdex has no CT.gov synonym ids; search the words instead (synonyms are applied to every query)"
                    )));
                }
                "aggFilters" => agg_filters(value, filter)?,
                "geoDecay" => geo_decay(value)?,
                "fields" => {
                    let fields: Vec<String> = list(value).map(str::to_owned).collect();
                    if fields.is_empty() {
                        return Err(ApiError::bad_request("fields: must name at least one field"));
                    }
                    params.fields = Some(fields);
                }
                "sort" => sorts.extend(list(value).map(str::to_owned)),
                "countTotal" => params.count_total = boolean(name, value)?,
                "pageSize" => request.page_size = page_size(value)?,
                "pageToken" => request.page_token = Some(value.clone()),
                _ => match name.strip_prefix("query.").filter(|area| QUERY_AREAS.contains(area)) {
                    Some(area) => {
                        if !value.trim().is_empty() {
                            request.queries.push((area.to_owned(), value.clone()));
                            params.queried_areas.push(area.to_owned());
                        }
                    }
                    None => return Err(ApiError::bad_request(format!("unknown parameter {name:?}"))),
                },
            }
        }
        request.sort = sort(&sorts)?;
        if scope == Scope::CtGov {
            request.filter.registries = vec!["ctgov".to_owned()];
        }
        params.request = request;
        Ok(params)
    }
}

fn statuses(name: &str, value: &str, filter: &mut Filter) -> Result<(), ApiError> {
    for status in list(value) {
        if !Status::ALL.iter().any(|s| s.as_str() == status) {
            return Err(ApiError::bad_request(format!(
                "{name}: unknown status {status:?}; expected one of {}",
                Status::ALL.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
            )));
        }
        filter.statuses.push(status.to_owned());
    }
    Ok(())
}

fn ids(name: &str, value: &str, scope: Scope, filter: &mut Filter) -> Result<(), ApiError> {
    for id in list(value) {
        match (nct_id(id), scope) {
            (Some(nct), _) => filter.ids.push(nct),
            (None, Scope::AllRegistries) => filter.ids.push(id.to_owned()),
            (None, Scope::CtGov) => {
                return Err(ApiError::bad_request(format!(
                    "{name}: {id:?} is not an NCT number (NCT and up to 8 digits)"
                )));
            }
        }
    }
    Ok(())
}

/// `filter.advanced` and `postFilter.advanced` both narrow: both must hold.
fn and_advanced(filter: &mut Filter, value: &str) {
    if value.trim().is_empty() {
        return;
    }
    filter.advanced = Some(match filter.advanced.take() {
        Some(first) => format!("({first}) AND ({value})"),
        None => value.to_owned(),
    });
}

fn page_size(value: &str) -> Result<usize, ApiError> {
    let size: i64 = value
        .parse()
        .map_err(|_| ApiError::bad_request(format!("pageSize: expected a whole number, found {value:?}")))?;
    match size {
        ..0 => Err(ApiError::bad_request(format!("pageSize: must not be negative, found {size}"))),
        0 => Ok(DEFAULT_PAGE_SIZE),
        _ => Ok((size as usize).min(MAX_PAGE_SIZE)),
    }
}

fn sort(items: &[String]) -> Result<Option<Sort>, ApiError> {
    match items {
        [] => Ok(None),
        [one] => Sort::parse(one).map(Some).map_err(|e| ApiError::bad_request(format!("sort: {e}"))),
        [_, _] => Err(ApiError::bad_request("sort: trialdex sorts by one field; give one")),
        _ => Err(ApiError::bad_request(format!("sort: at most 2 items, found {}", items.len()))),
    }
}

/// `func:exp,scale:300mi,offset:0mi,decay:0.5`: checked, then not applied (results
/// within `filter.geo` keep their order).
fn geo_decay(value: &str) -> Result<(), ApiError> {
    let bad = || {
        ApiError::bad_request(format!(
            "geoDecay: expected func:gauss|exp|linear,scale:D,offset:D,decay:X, found {value:?}"
        ))
    };
    let parts: Vec<&str> = value.split(',').collect();
    let [func, scale, offset, decay] = parts.as_slice() else { return Err(bad()) };
    let distance = |text: &str| {
        let number = text.strip_suffix("mi").or_else(|| text.strip_suffix("km"))?;
        number.parse::<f64>().ok().filter(|n| *n >= 0.0)
    };
    let ok = matches!(func.strip_prefix("func:"), Some("gauss" | "exp" | "linear"))
        && scale.strip_prefix("scale:").and_then(distance).is_some()
        && offset.strip_prefix("offset:").and_then(distance).is_some()
        && decay.strip_prefix("decay:").and_then(|d| d.parse::<f64>().ok()).is_some();
    if ok { Ok(()) } else { Err(bad()) }
}

/// CT.gov's search-page checkboxes: `status:not rec,sex:f,healthy:y,results:with`.
fn agg_filters(value: &str, filter: &mut Filter) -> Result<(), ApiError> {
    for pair in list(value) {
        let (id, options) = pair
            .split_once(':')
            .ok_or_else(|| ApiError::bad_request(format!("aggFilters: {pair:?} is not filter:options")))?;
        for option in options.split_whitespace() {
            let unknown = || ApiError::bad_request(format!("aggFilters: unknown option {option:?} of {id:?}"));
            match id {
                "status" => filter.statuses.push(agg_status(option).ok_or_else(unknown)?.to_owned()),
                "phase" => filter.phases.push(agg_phase(option).ok_or_else(unknown)?.to_owned()),
                "studyType" => filter.study_types.push(agg_study_type(option).ok_or_else(unknown)?.to_owned()),
                "sex" => filter.sexes.push(match option {
                    "f" => "FEMALE".to_owned(),
                    "m" => "MALE".to_owned(),
                    _ => return Err(unknown()),
                }),
                "healthy" if option == "y" => filter.healthy_volunteers = Some(true),
                "results" if option == "with" => filter.has_results = Some(true),
                "results" if option == "without" => filter.has_results = Some(false),
                "healthy" | "results" => return Err(unknown()),
                _ => {
                    return Err(ApiError::bad_request(format!(
                        "aggFilters: unknown filter {id:?}; trialdex knows status, phase, studyType, sex, healthy, results"
                    )));
                }
            }
        }
    }
    Ok(())
}

fn agg_status(option: &str) -> Option<&'static str> {
    Some(match option {
        "not" => "NOT_YET_RECRUITING",
        "rec" => "RECRUITING",
        "act" => "ACTIVE_NOT_RECRUITING",
        "com" => "COMPLETED",
        "sus" => "SUSPENDED",
        "ter" => "TERMINATED",
        "wit" => "WITHDRAWN",
        "enr" => "ENROLLING_BY_INVITATION",
        "unk" => "UNKNOWN",
        "ava" => "AVAILABLE",
        "nla" => "NO_LONGER_AVAILABLE",
        "tna" => "TEMPORARILY_NOT_AVAILABLE",
        "afm" => "APPROVED_FOR_MARKETING",
        "withheld" => "WITHHELD",
        _ => return None,
    })
}

fn agg_phase(option: &str) -> Option<&'static str> {
    Some(match option {
        "0" => "EARLY_PHASE1",
        "1" => "PHASE1",
        "2" => "PHASE2",
        "3" => "PHASE3",
        "4" => "PHASE4",
        "na" => "NA",
        _ => return None,
    })
}

fn agg_study_type(option: &str) -> Option<&'static str> {
    Some(match option {
        "int" => "INTERVENTIONAL",
        "obs" | "obs_patreg" => "OBSERVATIONAL",
        "exp" => "EXPANDED_ACCESS",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn nct_ids_take_ct_govs_pattern_and_come_back_with_eight_digits() {
        assert_eq!(nct_id("nct00841061").as_deref(), Some("NCT00841061"));
        assert_eq!(nct_id("NCT123").as_deref(), Some("NCT00000123"));
        assert_eq!(nct_id("NCT0"), None);
        assert_eq!(nct_id("NCT123456789"), None);
        assert_eq!(nct_id("ChiCTR2600117810"), None);
        assert_eq!(nct_id("NCT"), None);
    }

    #[test]
    fn lists_split_on_commas_and_pipes() {
        let params =
            StudiesParams::parse(&pairs(&[("filter.overallStatus", "RECRUITING|COMPLETED, WITHDRAWN")]), Scope::CtGov)
                .unwrap();
        assert_eq!(params.request.filter.statuses, ["RECRUITING", "COMPLETED", "WITHDRAWN"]);
        assert_eq!(params.request.filter.registries, ["ctgov"]);
    }

    #[test]
    fn page_size_zero_is_the_default_and_large_sizes_are_capped() {
        let size =
            |v: &str| StudiesParams::parse(&pairs(&[("pageSize", v)]), Scope::CtGov).map(|p| p.request.page_size);
        assert_eq!(size("0").unwrap(), DEFAULT_PAGE_SIZE);
        assert_eq!(size("5000").unwrap(), MAX_PAGE_SIZE);
        assert!(size("-1").unwrap_err().message.contains("pageSize"));
        assert!(size("ten").unwrap_err().message.contains("pageSize"));
    }

    #[test]
    fn wrong_parameters_are_named_in_the_error() {
        let err = |list: &[(&str, &str)]| StudiesParams::parse(&pairs(list), Scope::CtGov).unwrap_err().message;
        assert!(err(&[("query.condition", "x")]).contains("unknown parameter \"query.condition\""));
        assert!(err(&[("filter.overallStatus", "RECRUITNG")]).contains("unknown status \"RECRUITNG\""));
        assert!(err(&[("filter.ids", "ChiCTR2600117810")]).contains("not an NCT number"));
        assert!(err(&[("format", "xml")]).contains("format"));
        assert!(err(&[("sort", "BriefTitle")]).contains("sort"));
        assert!(err(&[("countTotal", "yes")]).contains("countTotal"));
        assert!(err(&[("geoDecay", "func:exp")]).contains("geoDecay"));
        assert!(err(&[("filter.geo", "distance(1,2)")]).contains("filter.geo"));
        assert!(err(&[("aggFilters", "status:xyz")]).contains("aggFilters"));
    }

    #[test]
    fn every_registry_mount_takes_any_id_and_no_registry_filter() {
        let params =
            StudiesParams::parse(&pairs(&[("filter.ids", "ChiCTR2600117810,nct5281068")]), Scope::AllRegistries)
                .unwrap();
        assert_eq!(params.request.filter.ids, ["ChiCTR2600117810", "NCT05281068"]);
        assert!(params.request.filter.registries.is_empty());
    }

    #[test]
    fn agg_filters_become_filters() {
        let params = StudiesParams::parse(
            &pairs(&[("aggFilters", "status:not rec,sex:f,healthy:y,results:with")]),
            Scope::CtGov,
        )
        .unwrap();
        let filter = &params.request.filter;
        assert_eq!(filter.statuses, ["NOT_YET_RECRUITING", "RECRUITING"]);
        assert_eq!(filter.sexes, ["FEMALE"]);
        assert_eq!(filter.healthy_volunteers, Some(true));
        assert_eq!(filter.has_results, Some(true));
    }
}
