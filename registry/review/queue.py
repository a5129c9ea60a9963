"""The analysts' queue: which pairs wait for a decision, in which order, with filters."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    and_,
    case,
    cast,
    exists,
    func,
    or_,
    select,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.functions import FunctionElement

from registry.models import (
    Allegation,
    Deployment,
    MatchCandidate,
    Organisation,
    PersonnelRecord,
)

OPEN_STATUSES = ("pending", "awaiting_second")
STATUSES = ("pending", "awaiting_second", "unsure", "confirmed", "rejected")
BANDS = ("review", "link")
HISTOGRAM_BINS = 20

# First-letter code point ranges per script (ISO 15924): names are filtered in SQL,
# so the script is read from the first character, which is what a reader sees first.
SCRIPT_RANGES: dict[str, tuple[tuple[int, int], ...]] = {
    "Latn": ((0x41, 0x24F), (0x1E00, 0x1EFF)),
    "Cyrl": ((0x400, 0x52F),),
    "Arab": ((0x600, 0x6FF), (0x750, 0x77F), (0xFB50, 0xFEFF)),
    "Deva": ((0x900, 0x97F),),
    "Beng": ((0x980, 0x9FF),),
    "Ethi": ((0x1200, 0x139F),),
    "Hani": ((0x3400, 0x4DBF), (0x4E00, 0x9FFF)),
}


class _codepoint(FunctionElement[int]):
    """The Unicode code point of the first character of a string."""

    type = Integer()
    inherit_cache = True


@compiles(_codepoint)
def _codepoint_default(element: _codepoint, compiler: Any, **kw: Any) -> str:
    return f"ascii({compiler.process(element.clauses, **kw)})"


@compiles(_codepoint, "sqlite")
def _codepoint_sqlite(element: _codepoint, compiler: Any, **kw: Any) -> str:
    return f"unicode({compiler.process(element.clauses, **kw)})"


@dataclass(frozen=True)
class QueueFilters:
    """What the analyst narrowed the queue to; empty means no restriction."""

    status: str = "open"
    band: str = "review"
    state: str = ""
    mission: str = ""
    script: str = ""

    def as_query(self) -> dict[str, str]:
        """The filters as URL query parameters (empty ones left out)."""
        values = {
            "status": self.status,
            "band": self.band,
            "state": self.state,
            "mission": self.mission,
            "script": self.script,
        }
        return {k: v for k, v in values.items() if v}


@dataclass(frozen=True)
class QueueRow:
    """One line of the queue."""

    candidate: MatchCandidate
    left: PersonnelRecord
    right: PersonnelRecord
    left_org: str
    right_org: str


@dataclass(frozen=True)
class QueuePage:
    """A page of the queue with the total that matches the filters."""

    rows: list[QueueRow]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        """Number of pages (at least one)."""
        return max(1, -(-self.total // self.per_page))


def closeness(threshold: float) -> ColumnElement[float]:
    """Distance of a pair's score from `threshold`; smaller is more uncertain."""
    return func.abs(MatchCandidate.score - threshold)


def _order(threshold: float) -> list[ColumnElement[Any]]:
    # Allegation pairs first: a missed link there lets an offender redeploy.
    return [
        MatchCandidate.involves_allegation.desc(),
        closeness(threshold).asc(),
        MatchCandidate.id.asc(),
    ]


def priority_of(score: float, involves_allegation: bool, threshold: float) -> float:
    """A sortable priority (higher first) matching the queue order, for stored `priority`."""
    return (1.0 if involves_allegation else 0.0) + 1.0 - min(1.0, abs(score - threshold))


def _name_script(record: Any, script: str) -> ColumnElement[bool]:
    name = func.substr(
        func.coalesce(record.full_name, record.family_name, record.given_names, ""), 1, 1
    )
    point = _codepoint(name)
    return or_(*(point.between(lo, hi) for lo, hi in SCRIPT_RANGES.get(script, ())))


_LEFT = aliased(PersonnelRecord, name="left_record")
_RIGHT = aliased(PersonnelRecord, name="right_record")


def _either_side(predicate: Any) -> ColumnElement[bool]:
    """`predicate(record)` holds for the left or the right record of the candidate."""
    return or_(predicate(_LEFT), predicate(_RIGHT))


def _in_state(code: str) -> Any:
    org = select(Organisation.id).where(Organisation.code == code).scalar_subquery()
    return lambda record: record.organisation_id == org


def _in_mission(mission: str) -> Any:
    def predicate(record: Any) -> ColumnElement[bool]:
        deployed = exists().where(
            Deployment.organisation_id == record.organisation_id,
            Deployment.record_id == record.record_id,
            Deployment.mission == mission,
        )
        alleged = exists().where(
            Allegation.organisation_id == record.organisation_id,
            Allegation.subject_record_id == record.record_id,
            Allegation.mission == mission,
        )
        return or_(deployed, alleged)

    return predicate


def _conditions(filters: QueueFilters) -> list[ColumnElement[bool]]:
    statuses = OPEN_STATUSES if filters.status in ("", "open") else (filters.status,)
    conditions: list[ColumnElement[bool]] = [MatchCandidate.status.in_(statuses)]
    if filters.band:
        conditions.append(MatchCandidate.band == filters.band)
    if filters.state:
        conditions.append(_either_side(_in_state(filters.state.upper())))
    if filters.mission:
        conditions.append(_either_side(_in_mission(filters.mission.upper())))
    if filters.script:
        conditions.append(_either_side(lambda r: _name_script(r, filters.script)))
    return conditions


def _filtered(query: Select[Any], filters: QueueFilters) -> Select[Any]:
    """`query` over candidates narrowed by `filters` (joining the records only when needed)."""
    if filters.state or filters.mission or filters.script:
        query = query.join(_LEFT, _LEFT.id == MatchCandidate.left_record_id).join(
            _RIGHT, _RIGHT.id == MatchCandidate.right_record_id
        )
    return query.where(*_conditions(filters))


def queue_ids(session: Session, filters: QueueFilters, threshold: float) -> list[int]:
    """Every candidate id in the queue, in queue order."""
    query = _filtered(select(MatchCandidate.id), filters).order_by(*_order(threshold))
    return list(session.scalars(query))


def _after(candidate: MatchCandidate, threshold: float, forward: bool) -> ColumnElement[bool]:
    """Candidates after (or before) `candidate` in queue order."""
    alleged, near = int(candidate.involves_allegation), abs(candidate.score - threshold)
    # Same IEEE arithmetic in SQL and Python, so the equality tests below are exact.
    flag = cast(MatchCandidate.involves_allegation, Integer)
    key = (flag, closeness(threshold), MatchCandidate.id)
    if forward:
        return or_(
            key[0] < alleged,
            and_(key[0] == alleged, key[1] > near),
            and_(key[0] == alleged, key[1] == near, key[2] > candidate.id),
        )
    return or_(
        key[0] > alleged,
        and_(key[0] == alleged, key[1] < near),
        and_(key[0] == alleged, key[1] == near, key[2] < candidate.id),
    )


def neighbours(
    session: Session, candidate: MatchCandidate, filters: QueueFilters, threshold: float
) -> tuple[int | None, int | None]:
    """The pairs just before and just after `candidate` in the filtered queue."""
    order = _order(threshold)
    reverse: list[ColumnElement[Any]] = [
        MatchCandidate.involves_allegation.asc(),
        closeness(threshold).desc(),
        MatchCandidate.id.desc(),
    ]
    base = _filtered(select(MatchCandidate.id), filters)
    previous = base.where(_after(candidate, threshold, False)).order_by(*reverse).limit(1)
    following = base.where(_after(candidate, threshold, True)).order_by(*order).limit(1)
    return session.scalar(previous), session.scalar(following)


def queue_page(
    session: Session, filters: QueueFilters, threshold: float, *, page: int = 1, per_page: int = 50
) -> QueuePage:
    """One page of the queue, best first."""
    page = max(1, page)
    total = session.scalar(_filtered(select(func.count(MatchCandidate.id)), filters)) or 0
    # Page over bare ids first: sorting the filtered set is cheap, joining it all is not.
    ids_query = (
        _filtered(select(MatchCandidate.id), filters)
        .order_by(*_order(threshold))
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    ids = list(session.scalars(ids_query))
    return QueuePage(_rows(session, ids), total, page, per_page)


def _rows(session: Session, ids: list[int]) -> list[QueueRow]:
    """Queue rows for candidate `ids`, in the order given."""
    left_org, right_org = aliased(Organisation), aliased(Organisation)
    query = (
        select(MatchCandidate, _LEFT, _RIGHT, left_org.code, right_org.code)
        .join(_LEFT, _LEFT.id == MatchCandidate.left_record_id)
        .join(_RIGHT, _RIGHT.id == MatchCandidate.right_record_id)
        .join(left_org, left_org.id == _LEFT.organisation_id)
        .join(right_org, right_org.id == _RIGHT.organisation_id)
        .where(MatchCandidate.id.in_(ids))
    )
    found = {row[0].id: QueueRow(*row) for row in session.execute(query)}
    return [found[i] for i in ids if i in found]


def status_counts(session: Session, band: str = "review") -> dict[str, int]:
    """How many candidates of `band` are in each review status."""
    query = select(MatchCandidate.status, func.count()).group_by(MatchCandidate.status)
    if band:
        query = query.where(MatchCandidate.band == band)
    found: dict[str, int] = {str(s): int(n) for s, n in session.execute(query)}
    return {status: found.get(status, 0) for status in STATUSES}


def score_histogram(session: Session, band: str = "review") -> list[int]:
    """Counts of pending pairs' scores in HISTOGRAM_BINS equal bins over [0, 1]."""
    bin_index = cast(MatchCandidate.score * HISTOGRAM_BINS, Integer)
    capped = case((bin_index >= HISTOGRAM_BINS, HISTOGRAM_BINS - 1), else_=bin_index)
    query = select(capped, func.count()).where(MatchCandidate.status == "pending").group_by(capped)
    if band:
        query = query.where(MatchCandidate.band == band)
    counts = [0] * HISTOGRAM_BINS
    for index, count in session.execute(query):
        counts[max(0, min(HISTOGRAM_BINS - 1, int(index)))] += int(count)
    return counts
