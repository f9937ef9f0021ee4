"""Existing, unmodified ClinicalTrials.gov API v2 clients from PyPI against a trialdex server.

Run by crates/cli/tests/api/clients.rs with the base URL of a server holding the seeds
and ../shared/corpus records, in a virtualenv that test makes from requirements.txt
beside this file. Each library is pointed at the server the way its users would: by
replacing the base URL it keeps.

    python ctgov_clients.py http://127.0.0.1:8080
"""

import json
import re
import sys
import urllib.parse
import urllib.request

import ctgov
import ctgov.client
import pyctrials
from pytrials.client import ClinicalTrials

NCT = re.compile(r"^NCT\d{8}$")
ITP_TRIAL = "NCT05281068"


def total(base, **params):
    """totalCount straight from the server, to compare the libraries' results with."""
    query = urllib.parse.urlencode({**params, "countTotal": "true", "pageSize": "1"})
    with urllib.request.urlopen(f"{base}/api/v2/studies?{query}") as response:
        return json.load(response)["totalCount"]


def check(name, condition, detail=""):
    print(("ok   " if condition else "FAIL ") + name + (f": {detail}" if detail else ""))
    if not condition:
        raise SystemExit(1)


def ctgov_client(base):
    ctgov.client.BASE_URL = f"{base}/api/v2/"
    client = ctgov.Client(delay=0, retries=1)
    check("ctgov: version", client.version()["apiVersion"] == "2.0.5")
    count = client.count("cancer")
    studies = client.studies("cancer")  # every page, 1000 at a time
    ids = [s["protocolSection"]["identificationModule"]["nctId"] for s in studies]
    check("ctgov: paging through a term search returns the total", len(ids) == count, f"{len(ids)} of {count}")
    check("ctgov: no study twice", len(set(ids)) == len(ids))
    check("ctgov: only NCT ids", all(NCT.match(i) for i in ids))
    recruiting = client.count("cancer", filters={"overallStatus": "RECRUITING"})
    check("ctgov: a status filter narrows", 0 < recruiting < count, f"{recruiting} of {count}")
    study = client.study(ITP_TRIAL)
    check("ctgov: one study by id", study["protocolSection"]["identificationModule"]["nctId"] == ITP_TRIAL)


def pytrials_client(base):
    ClinicalTrials._BASE_URL = f"{base}/api/v2/"
    ct = ClinicalTrials()
    check("pytrials: version", ct.api_info[0] == "2.0.5", str(ct.api_info))
    full = ct.get_full_studies(search_expr="immune thrombocytopenia", max_studies=50, fmt="json")
    ids = [s["protocolSection"]["identificationModule"]["nctId"] for s in full["studies"]]
    check("pytrials: a term search finds the ITP trial", ITP_TRIAL in ids[:3], str(ids[:5]))
    rows = ct.get_study_fields(
        search_expr="ITP", fields=["NCT Number", "Conditions", "Study Title"], max_studies=1000, fmt="csv"
    )
    check("pytrials: CSV header", rows[0] == ["NCT Number", "Conditions", "Study Title"], str(rows[0]))
    check("pytrials: CSV rows", any(row[0] == ITP_TRIAL for row in rows[1:]), f"{len(rows) - 1} rows")
    fields = ct.get_study_fields(search_expr="ITP", fields=["NCTId", "Condition"], max_studies=10, fmt="json")
    first = fields["studies"][0]["protocolSection"]
    check("pytrials: JSON fields", set(first) == {"identificationModule", "conditionsModule"}, str(list(first)))


def pyctrials_client(base):
    pyctrials.ClinicalTrialsAPI.BASE_URL = f"{base}/api/v2/studies"
    pyctrials.ClinicalTrialsAPI.VERSION_URL = f"{base}/api/v2/version"
    api = pyctrials.ClinicalTrialsAPI(max_retries=1, retry_delay=0)
    check("pyctrials: version", api.get_version()["apiVersion"] == "2.0.5")
    trials = api.fetch_trials(condition="cancer", status="RECRUITING", page_size=100)  # every page
    expected = total(base, **{"query.cond": "cancer", "filter.overallStatus": "RECRUITING"})
    check("pyctrials: a condition search with a status filter, all pages", len(trials) == expected, f"{len(trials)} of {expected}")
    check("pyctrials: only recruiting trials", set(trials["overall_status"]) == {"RECRUITING"})


if __name__ == "__main__":
    base = sys.argv[1].rstrip("/")
    ctgov_client(base)
    pytrials_client(base)
    pyctrials_client(base)
    print("all client checks passed")
