"""Write a run's files: one folder per organisation, the truth files and the manifest."""

import csv
import json
from collections import Counter
from pathlib import Path
from types import TracebackType
from typing import IO

from scripts.demo_data.allegations import ALLEGATION_COLUMNS
from scripts.demo_data.chunk import ChunkOutput
from scripts.demo_data.deployment_rows import DEPLOYMENT_COLUMNS
from scripts.demo_data.personnel import PERSONNEL_COLUMNS
from scripts.demo_data.states import load_missions, load_states

COLUMNS = {
    "personnel": PERSONNEL_COLUMNS,
    "deployments": DEPLOYMENT_COLUMNS,
    "allegations": ALLEGATION_COLUMNS,
}
TRUTH_COLUMNS = ("record_id", "person_id", "org", "script")
SERIAL_COLUMNS = ("person_id", "allegation_count", "missions", "submitters",
                  "redeployed_after_allegation")
HARD_NEGATIVE_COLUMNS = ("person_id_a", "person_id_b", "kind")


def organisations() -> list[tuple[str, str, str]]:
    """(code, name, kind) of every organisation that submits files."""
    return [(s.code, s.name, "state") for s in load_states()] + [
        (m.code, m.name, "mission") for m in load_missions()
    ]


def submissions() -> list[tuple[str, str]]:
    """(org, kind) of every possible file, each organisation's personnel first."""
    out = []
    for code, _, kind in organisations():
        kinds = ("personnel", "deployments", "allegations") if kind == "state" else (
            "personnel", "allegations")
        out += [(code, k) for k in kinds]
    return out


class RunWriter:
    """Appends chunk outputs to the run's files in chunk order.

    A submission file is created on its first row: intake rejects a file with no data rows, so
    an organisation with nothing to report gets no file and no manifest entry.
    """

    def __init__(self, out: Path) -> None:
        self.out = out
        self.files: dict[tuple[str, str], IO[str]] = {}
        self.rows: Counter[tuple[str, str]] = Counter()
        self.truth = self._open(Path("truth.csv"), TRUTH_COLUMNS)
        self.serial = self._open(Path("serial_offenders.csv"), SERIAL_COLUMNS)
        self.hard = self._open(Path("hard_negatives.csv"), HARD_NEGATIVE_COLUMNS)

    def _open(self, relative: Path, header: tuple[str, ...]) -> IO[str]:
        path = self.out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = path.open("w", encoding="utf-8", newline="")
        csv.writer(handle, lineterminator="\n").writerow(header)
        return handle

    def add(self, chunk: ChunkOutput) -> None:
        """Append one chunk's rows."""
        for key, text in chunk.bodies.items():
            if key not in self.files:
                org, kind = key
                self.files[key] = self._open(Path(org) / f"{kind}.csv", COLUMNS[kind])
            self.files[key].write(text)
        self.rows.update(chunk.rows)
        self.truth.write(chunk.truth)
        self.serial.write(chunk.serial)
        self.hard.write(chunk.hard_negatives)

    def manifest(self, seed: int, people: int) -> dict[str, object]:
        """The manifest of everything written so far."""
        return {
            "seed": seed,
            "people": people,
            "records": sum(n for (_, kind), n in self.rows.items() if kind == "personnel"),
            "organisations": [
                {"code": code, "name": name, "kind": kind} for code, name, kind in organisations()
            ],
            "submissions": [
                {"org": org, "kind": kind, "path": f"{org}/{kind}.csv",
                 "rows": self.rows[(org, kind)]}
                for org, kind in submissions()
                if self.rows[(org, kind)]
            ],
        }

    def close(self, seed: int, people: int) -> dict[str, object]:
        """Close every file and write manifest.json; returns the manifest."""
        for handle in [*self.files.values(), self.truth, self.serial, self.hard]:
            handle.close()
        manifest = self.manifest(seed, people)
        text = json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
        (self.out / "manifest.json").write_text(text, encoding="utf-8")
        return manifest

    def __enter__(self) -> "RunWriter":
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        for handle in self.files.values():
            handle.close()
