"""The intake report: what was detected, what was counted, and every problem found."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from registry.errors import Problem

MAX_PROBLEMS = 100


@dataclass
class IntakeReport:
    """The outcome of one import: status, detection, counts and the first problems."""

    kind: str
    organisation: str
    file_name: str
    status: str = "pending"  # valid (dry run) | accepted | unchanged | rejected
    file_format: str | None = None
    encoding: str | None = None
    sha256: str | None = None
    dry_run: bool = False
    date_format: str | None = None
    rows_total: int = 0
    rows_created: int = 0
    rows_updated: int = 0
    rows_unchanged: int = 0
    problem_count: int = 0
    problems: list[Problem] = field(default_factory=list)
    submission_id: int | None = None
    submission_uid: str | None = None
    same_file_as: str | None = None

    def add(self, problem: Problem) -> None:
        """Count `problem`, keeping the first MAX_PROBLEMS of them."""
        self.problem_count += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(problem)

    @property
    def changed(self) -> int:
        """Rows that created or changed something."""
        return self.rows_created + self.rows_updated

    def as_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data (problems limited to the first MAX_PROBLEMS)."""
        data = {k: v for k, v in vars(self).items() if k not in ("problems", "submission_id")}
        data["problems"] = [p.as_dict() for p in self.problems]
        return data

    def lines(self) -> list[str]:
        """The report as human-readable lines, problems first."""
        out = [_problem_line(p) for p in self.problems]
        if self.problem_count > len(self.problems):
            out.append(f"... and {self.problem_count - len(self.problems)} more problems")
        detected = f"{self.file_format}, encoding {self.encoding or 'n/a'}"
        out.append(f"{self.kind} from {self.organisation}: {self.file_name} ({detected})")
        out.append(
            f"{self.status}: {self.rows_total} rows, {self.rows_created} new, "
            f"{self.rows_updated} changed, {self.rows_unchanged} unchanged, "
            f"{self.problem_count} problems"
        )
        if self.status == "unchanged":
            out.append("nothing changed: every row is already in the registry as sent")
        if self.submission_uid:
            out.append(f"submission {self.submission_uid}")
        return out


def _problem_line(problem: Problem) -> str:
    where = f"row {problem.row}" if problem.row is not None else "file"
    column = f", column {problem.column}" if problem.column else ""
    value = f", value {problem.value!r}" if problem.value is not None else ""
    return f"{where}{column}{value}: {problem.message}"
