"""Wire models: request bodies validated at the boundary, answers, and the problem body.

They also generate the OpenAPI description (`api.openapi`), so what is checked and
what is documented cannot drift apart.
"""

from __future__ import annotations

from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from api.errors import ApiError
from registry.intake.rules import PERSONNEL, FieldError

M = TypeVar("M", bound=BaseModel)
Outcome = Literal["clear", "review", "hit"]
Band = Literal["link", "review"]

_CHECKS = {f.name: f for f in PERSONNEL.fields}
_NAME = PERSONNEL.names


class PersonnelFields(BaseModel):
    """The personnel interchange fields of DESIGN.md; unknown fields are refused."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    record_id: str | None = Field(None, max_length=100, description="your own id, if any")
    family_name: str | None = Field(None, max_length=300)
    given_names: str | None = Field(None, max_length=300)
    full_name: str | None = Field(None, max_length=300)
    aliases: str | None = Field(None, max_length=1200, description="separated by `;`")
    date_of_birth: str | None = Field(None, description="YYYY-MM-DD, YYYY-MM or YYYY")
    place_of_birth: str | None = Field(None, max_length=300)
    nationality: str | None = Field(None, description="ISO 3166-1 alpha-3")
    sex: str | None = Field(None, description="F, M or X")
    service_number: str | None = Field(None, max_length=64)
    passport_number: str | None = Field(None, max_length=64)
    national_id: str | None = Field(None, max_length=64)
    rank: str | None = Field(None, max_length=300)
    unit: str | None = Field(None, max_length=300)
    personnel_category: str | None = Field(
        None, description="military, police, civilian or contractor"
    )

    @field_validator("*")
    @classmethod
    def _no_nul(cls, value: str | None) -> str | None:
        # NUL is never part of a name or code, and PostgreSQL cannot store it in text.
        if value is not None and "\x00" in value:
            raise ValueError("contains a NUL character: remove it")
        return value

    @field_validator("date_of_birth", "nationality", "sex", "personnel_category")
    @classmethod
    def _intake_rule(cls, value: str | None, info: Any) -> str | None:
        """The same cell rules as intake, so a check accepts what a submission accepts."""
        check = _CHECKS[info.field_name].check
        if not value or check is None:
            return value or None
        try:
            return check(value, None)
        except FieldError as exc:
            raise ValueError(str(exc)) from exc

    @model_validator(mode="after")
    def _has_a_name(self) -> PersonnelFields:
        if not (self.family_name or self.given_names or self.full_name):
            raise ValueError("give at least one of family_name, given_names, full_name")
        return self


class CheckRequest(PersonnelFields):
    """`POST /v1/checks`: the candidate's personnel fields (`record_id` optional)."""


class MatchedOnResponse(BaseModel):
    """One compared field: the query's value, the record's (masked unless yours), agreement."""

    field: str
    query: str | None
    record: str | None = Field(
        description="the record's value when your organisation submitted it; otherwise "
        "initials for a name, the year for a date of birth, else null"
    )
    similarity: float | None = Field(description="1.0 is full agreement")
    weight: float = Field(description="evidence in bits (log2 Bayes factor); negative is against")


class AllegationResponse(BaseModel):
    """What is disclosed of an allegation: nothing about victims."""

    case_number: str
    status: str
    category: str
    mission: str | None


class CandidateResponse(BaseModel):
    """A registry person the query may be."""

    person_id: str | None = Field(description="the registry's person id (null: not linked yet)")
    score: float = Field(ge=0, le=1, description="match probability")
    band: Band
    matched_on: list[MatchedOnResponse]
    allegations: list[AllegationResponse]


class CheckResponse(BaseModel):
    """The answer to a check: outcome, the query as parsed, at most 5 candidates."""

    check_id: str
    outcome: Outcome
    query: dict[str, str]
    candidates: list[CandidateResponse]


class ProgressResponse(BaseModel):
    """How far a job has got."""

    done: int
    total: int
    seconds_left: float | None = None


class ScreeningAcceptedResponse(BaseModel):
    """A roster accepted for screening: poll `status_url`, then fetch `results_url`."""

    screening_id: str
    status: str
    rows: int
    status_url: str
    results_url: str


class ScreeningStatusResponse(BaseModel):
    """A screening's state and progress (rows done, estimate of the time left)."""

    screening_id: str
    status: Literal["queued", "running", "succeeded", "failed"]
    rows: int
    progress: ProgressResponse
    registry_version: int
    skip_cleared: bool
    outcomes: dict[str, int] | None = None
    error: str | None = None
    results_url: str


class ScreeningResultResponse(BaseModel):
    """One roster row × candidate (a clear row without candidates has one, empty)."""

    roster_record_id: str
    person_id: str | None
    record_id: str | None = Field(description="set only for records your organisation submitted")
    score: float | None
    band: str | None
    outcome: Outcome


class ScreeningResultsResponse(BaseModel):
    """All results of a finished screening, best first per roster row."""

    screening_id: str
    results: list[ScreeningResultResponse]


class ProblemResponse(BaseModel):
    """An RFC 9457 problem: what went wrong and what to fix."""

    model_config = ConfigDict(extra="allow")

    type: str = "about:blank"
    title: str
    status: int
    detail: str


def parse(model: type[M], data: Any) -> M:
    """`data` as `model`, or a 422 problem naming each offending field."""
    if not isinstance(data, dict):
        raise ApiError(422, "Invalid input", "the body must be a JSON object")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = [_problem(error) for error in exc.errors()]
        detail = "; ".join(f"{p['field']}: {p['message']}" for p in problems)
        raise ApiError(422, "Invalid input", detail, problems=problems) from None


def _problem(error: Any) -> dict[str, str]:
    field = ".".join(str(part) for part in error["loc"]) or "body"
    message = str(error["msg"]).removeprefix("Value error, ")
    if error["type"] == "extra_forbidden":
        message = f"unknown field; allowed fields: {', '.join(_NAME)}"
    return {"field": field, "message": message}
