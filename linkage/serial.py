"""Serial-offender detection over linked people.

A person (cluster) is flagged when their allegations come from two or more
missions or two or more submitters, or when a deployment starts after an
allegation against them.
"""

from __future__ import annotations

import pandas as pd

from linkage import columns as c

REASON_MISSIONS = "allegations in several missions"
REASON_SUBMITTERS = "allegations from several submitters"
REASON_REDEPLOYED = "deployed after an allegation"


def _earliest_date(*values: pd.Series) -> pd.Series:
    """Earliest of several partial ISO dates per row (YYYY or YYYY-MM read as their start)."""
    parsed = [pd.to_datetime(v.astype("string").str.slice(0, 10), format="mixed",
                             errors="coerce") for v in values]
    return pd.concat(parsed, axis=1).min(axis=1)


def _with_person(frame: pd.DataFrame, key: str, clusters: pd.DataFrame) -> pd.DataFrame:
    person = clusters.set_index(c.RECORD_ID)[c.CLUSTER_ID]
    out = frame.assign(**{c.CLUSTER_ID: frame[key].astype(str).map(person)})
    return out.dropna(subset=[c.CLUSTER_ID])


def serial_offenders(clusters: pd.DataFrame, allegations: pd.DataFrame,
                     deployments: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per flagged person: counts and the reasons, sorted by cluster id.

    `clusters` has RECORD_ID and CLUSTER_ID; `allegations` has SUBJECT_RECORD_ID,
    SOURCE (submitter), MISSION, INCIDENT_DATE and REPORTED_DATE; `deployments` has
    RECORD_ID, MISSION and START_DATE. Record ids must be the keys used in `clusters`.
    """
    cases = _with_person(allegations, c.SUBJECT_RECORD_ID, clusters)
    cases = cases.assign(date=_earliest_date(cases[c.INCIDENT_DATE], cases[c.REPORTED_DATE]))
    people = cases.groupby(c.CLUSTER_ID).agg(
        allegations=(c.SUBJECT_RECORD_ID, "size"), missions=(c.MISSION, "nunique"),
        submitters=(c.SOURCE, "nunique"), first_allegation=("date", "min"))
    people["later_deployments"] = _later_deployments(people, deployments, clusters)
    reasons = pd.DataFrame({REASON_MISSIONS: people["missions"] >= 2,
                            REASON_SUBMITTERS: people["submitters"] >= 2,
                            REASON_REDEPLOYED: people["later_deployments"] > 0})
    text = pd.Series("", index=people.index, dtype=object)
    for reason, applies in reasons.items():
        text = text.where(~applies, text + "; " + str(reason))
    people["reasons"] = text.str.removeprefix("; ")
    flagged = people[reasons.any(axis=1)]
    return flagged.reset_index().sort_values(c.CLUSTER_ID, ignore_index=True)


def _later_deployments(people: pd.DataFrame, deployments: pd.DataFrame | None,
                       clusters: pd.DataFrame) -> pd.Series:
    """Per person, how many deployments start after their first allegation."""
    if deployments is None or deployments.empty:
        return pd.Series(0, index=people.index)
    posts = _with_person(deployments, c.RECORD_ID, clusters)
    start = _earliest_date(posts[c.START_DATE])
    after = start > posts[c.CLUSTER_ID].map(people["first_allegation"])
    return after.groupby(posts[c.CLUSTER_ID]).sum().reindex(people.index, fill_value=0)
