"""The registry's tables, as SQLAlchemy 2.0 typed models."""

from registry.models.allegations import Allegation, AllegationEvent, CaseNumberCounter
from registry.models.audit import AuditEntry, AuditHead
from registry.models.base import Base
from registry.models.jobs import Job
from registry.models.matching import (
    LinkageModel,
    MatchCandidate,
    ReviewDecision,
    SerialOffenderAlert,
)
from registry.models.organisations import Organisation
from registry.models.personnel import (
    Deployment,
    PersonnelRecord,
    RecordForm,
    RecordKey,
    RecordKeyChange,
)
from registry.models.persons import Person, RecordLink
from registry.models.submissions import Submission
from registry.models.vetting import Screening, ScreeningResult, VettingCheck

__all__ = [
    "Allegation",
    "AllegationEvent",
    "AuditEntry",
    "AuditHead",
    "Base",
    "CaseNumberCounter",
    "Deployment",
    "Job",
    "LinkageModel",
    "MatchCandidate",
    "Organisation",
    "Person",
    "PersonnelRecord",
    "RecordForm",
    "RecordKey",
    "RecordKeyChange",
    "RecordLink",
    "ReviewDecision",
    "Screening",
    "ScreeningResult",
    "SerialOffenderAlert",
    "Submission",
    "VettingCheck",
]
