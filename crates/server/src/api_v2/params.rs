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

pub fn fields(value: &str) -> Result<Vec<String>, ApiError> {
    let fields: Vec<String> = list(value).map(str::to_owned).collect();
    if fields.is_empty() {
        return Err(ApiError::bad_request("fields: must name at least one field"));
    }
    Ok(fields)
}

/// What the parameters ask for before they become one request: CT.gov applies each
/// filter parameter in turn, so two of a kind (`filter.overallStatus` and
/// `postFilter.overallStatus`, or `aggFilters=status:…`) must both hold.
#[derive(Default)]
struct Filters {
    statuses: Vec<Vec<String>>,
    ids: Vec<Vec<String>>,
    geos: Vec<GeoFilter>,
    advanced: Vec<String>,
    rest: Filter,
}

impl StudiesParams {
    pub fn parse(pairs: &[(String, String)], scope: Scope) -> Result<StudiesParams, ApiError> {
        let mut request = SearchRequest { page_size: DEFAULT_PAGE_SIZE, ..SearchRequest::default() };
        let (mut format, mut fields, mut count_total) = (Format::Json, None, false);
        let mut queried_areas = Vec::new();
        let mut filters = Filters::default();
        let mut sorts = Vec::new();
        // An empty value is an absent parameter, as clients send `pageToken=` on page one.
        for (name, value) in pairs.iter().filter(|(_, v)| !v.trim().is_empty()) {
            match name.as_str() {
                "format" => {
                    self::format(value, &["json", "csv"])?;
                    format = if value == "csv" { Format::Csv } else { Format::Json };
                }
                "markupFormat" => markup_format(value)?,
                "filter.overallStatus" | "postFilter.overallStatus" => filters.statuses.push(statuses(name, value)?),
                "filter.geo" | "postFilter.geo" => filters
                    .geos
                    .push(GeoFilter::parse(value).map_err(|e| ApiError::bad_request(format!("{name}: {e}")))?),
                "filter.ids" | "postFilter.ids" => filters.ids.push(ids(name, value, scope)?),
                "filter.advanced" | "postFilter.advanced" => {
                    check_query(name, value)?;
                    filters.advanced.push(value.clone());
                }
                "filter.synonyms" | "postFilter.synonyms" => {
                    return Err(ApiError::bad_request(format!(
                        "{name}: trialdex has no CT.gov synonym ids; search the words instead (synonyms are applied to every query)"
                    )));
                }
                "aggFilters" => agg_filters(value, &mut filters)?,
                "geoDecay" => geo_decay(value)?,
                "fields" => fields = Some(self::fields(value)?),
                "sort" => sorts.extend(list(value).map(str::to_owned)),
                "countTotal" => count_total = boolean(name, value)?,
                "pageSize" => request.page_size = page_size(value)?,
                "pageToken" => request.page_token = Some(value.clone()),
                _ => match name.strip_prefix("query.").filter(|area| QUERY_AREAS.contains(area)) {
                    Some(area) => {
                        check_query(name, value)?;
                        request.queries.push((area.to_owned(), value.clone()));
                        queried_areas.push(area.to_owned());
                    }
                    None => return Err(ApiError::bad_request(format!("unknown parameter {name:?}"))),
                },
            }
        }
        request.sort = sort(&sorts)?;
        // CT.gov: a query of NCT ids alone returns those studies, whatever the filters say.
        let only_ids = request.queries.iter().any(|(_, q)| nct_ids_only(q).is_some());
        for (_, query) in &mut request.queries {
            if let Some(ids) = nct_ids_only(query) {
                *query = any_id(&ids, scope);
            }
        }
        request.filter = if only_ids { Filter::default() } else { filters.into_filter(scope) };
        if scope == Scope::CtGov {
            request.filter.registries = vec!["ctgov".to_owned()];
        }
        Ok(StudiesParams { request, format, fields, queried_areas, count_total })
    }
}

impl Filters {
    fn into_filter(self, scope: Scope) -> Filter {
        let mut filter = self.rest;
        let mut advanced = self.advanced;
        let mut statuses = self.statuses.into_iter();
        filter.statuses = statuses.next().unwrap_or_default();
        advanced.extend(statuses.map(|group| format!("AREA[OverallStatus]({})", group.join(" OR "))));
        advanced.extend(self.ids.iter().map(|group| any_id(group, scope)));
        let mut geos = self.geos.into_iter();
        filter.geo = geos.next();
        advanced
            .extend(geos.map(|g| format!("AREA[LocationGeoPoint]DISTANCE[{}, {}, {}km]", g.lat, g.lon, g.radius_km)));
        filter.advanced =
            (!advanced.is_empty()).then(|| advanced.iter().map(|a| format!("({a})")).collect::<Vec<_>>().join(" AND "));
        filter
    }
}

/// A query of NCT ids alone (comma- or space-separated), written back with 8 digits.
fn nct_ids_only(query: &str) -> Option<Vec<String>> {
    let ids: Vec<Option<String>> = query.split([',', ' ', '|']).filter(|t| !t.is_empty()).map(nct_id).collect();
    (!ids.is_empty() && ids.iter().all(Option::is_some)).then(|| ids.into_iter().flatten().collect())
}

/// Records whose NCT id or NCT id alias (on every registry's mount: also own id) is one of `ids`.
fn any_id(ids: &[String], scope: Scope) -> String {
    let quoted: Vec<String> = ids.iter().map(|id| format!("\"{}\"", id.replace('"', ""))).collect();
    let any = quoted.join(" OR ");
    let mut areas = vec![format!("AREA[NCTId]({any})"), format!("AREA[NCTIdAlias]({any})")];
    if scope == Scope::AllRegistries {
        areas.push(format!("AREA[RegistryId]({any})"));
    }
    areas.join(" OR ")
}

/// A query that does not parse is refused naming its parameter.
fn check_query(name: &str, value: &str) -> Result<(), ApiError> {
    trialdex_index::query::parse(value).map(|_| ()).map_err(|e| ApiError::bad_request(format!("{name}: {e}")))
}

fn statuses(name: &str, value: &str) -> Result<Vec<String>, ApiError> {
    list(value)
        .map(|status| {
            if Status::ALL.iter().any(|s| s.as_str() == status) {
                Ok(status.to_owned())
            } else {
                Err(ApiError::bad_request(format!(
                    "{name}: unknown status {status:?}; expected one of {}",
                    Status::ALL.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
                )))
            }
        })
        .collect()
}

fn ids(name: &str, value: &str, scope: Scope) -> Result<Vec<String>, ApiError> {
    list(value)
        .map(|id| match (nct_id(id), scope) {
            (Some(nct), _) => Ok(nct),
            (None, Scope::AllRegistries) => Ok(id.to_owned()),
            (None, Scope::CtGov) => {
                Err(ApiError::bad_request(format!("{name}: {id:?} is not an NCT number (NCT and up to 8 digits)")))
            }
        })
        .collect()
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
fn agg_filters(value: &str, filters: &mut Filters) -> Result<(), ApiError> {
    let filter = &mut filters.rest;
    let mut statuses = Vec::new();
    for pair in list(value) {
        let (id, options) = pair
            .split_once(':')
            .ok_or_else(|| ApiError::bad_request(format!("aggFilters: {pair:?} is not filter:options")))?;
        for option in options.split_whitespace() {
            let unknown = || ApiError::bad_request(format!("aggFilters: unknown option {option:?} of {id:?}"));
            match id {
                "status" => statuses.push(agg_status(option).ok_or_else(unknown)?.to_owned()),
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
    if !statuses.is_empty() {
        filters.statuses.push(statuses);
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
        let advanced = params.request.filter.advanced.unwrap();
        assert!(advanced.contains("AREA[RegistryId](\"ChiCTR2600117810\" OR \"NCT05281068\")"), "{advanced}");
        assert!(params.request.filter.registries.is_empty());
    }

    #[test]
    fn two_filters_of_a_kind_must_both_hold() {
        let params = StudiesParams::parse(
            &pairs(&[("filter.overallStatus", "COMPLETED"), ("aggFilters", "status:rec")]),
            Scope::CtGov,
        )
        .unwrap();
        assert_eq!(params.request.filter.statuses, ["COMPLETED"]);
        assert_eq!(params.request.filter.advanced.as_deref(), Some("(AREA[OverallStatus](RECRUITING))"));
    }

    #[test]
    fn a_query_of_nct_ids_alone_finds_them_whatever_the_filters() {
        let params = StudiesParams::parse(
            &pairs(&[("query.term", "NCT00003649 nct496769"), ("filter.overallStatus", "RECRUITING")]),
            Scope::CtGov,
        )
        .unwrap();
        assert!(params.request.filter.statuses.is_empty());
        assert_eq!(
            params.request.queries[0].1,
            "AREA[NCTId](\"NCT00003649\" OR \"NCT00496769\") OR AREA[NCTIdAlias](\"NCT00003649\" OR \"NCT00496769\")"
        );
    }

    #[test]
    fn empty_values_are_absent_and_bad_queries_name_their_parameter() {
        let params =
            StudiesParams::parse(&pairs(&[("pageToken", ""), ("pageSize", ""), ("countTotal", "")]), Scope::CtGov)
                .unwrap();
        assert!(params.request.page_token.is_none());
        let err = StudiesParams::parse(&pairs(&[("query.intr", "(aspirin")]), Scope::CtGov).unwrap_err();
        assert!(err.message.starts_with("query.intr: "), "{}", err.message);
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
