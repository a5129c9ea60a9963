"""Generate a whole synthetic data set, chunk by chunk, optionally on several processes."""

import logging
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path

from scripts.demo_data.chunk import CHUNK_SIZE, ChunkOutput, RunSpec, generate_chunk
from scripts.demo_data.config import Rates
from scripts.demo_data.writer import RunWriter

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Summary:
    """What a run wrote, and how often each variation was applied."""

    people: int
    records: int
    serial_offenders: int
    seconds: float
    variations: dict[str, int]
    manifest: dict[str, object]


def _chunks(run: RunSpec, workers: int) -> Iterator[ChunkOutput]:
    if workers <= 1 or run.chunks == 1:
        yield from (generate_chunk(run, i) for i in range(run.chunks))
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(generate_chunk, repeat(run), range(run.chunks))


def generate(out: Path, people: int, seed: int = 1, workers: int = 1, rates: Rates | None = None,
             progress: Callable[[int], None] | None = None,
             chunk_size: int = CHUNK_SIZE) -> Summary:
    """Write the data set for `people` true people into `out`; deterministic for a seed."""
    if not 0 < chunk_size <= CHUNK_SIZE:
        raise ValueError(f"chunk_size must be 1..{CHUNK_SIZE}: ids have room for that many")
    started = time.perf_counter()
    run = RunSpec(seed=seed, people=people, rates=rates or Rates(), chunk_size=chunk_size)
    counts: Counter[str] = Counter()
    serial = 0
    out.mkdir(parents=True, exist_ok=True)
    with RunWriter(out) as writer:
        for chunk in _chunks(run, workers):
            writer.add(chunk)
            counts.update(chunk.counts)
            serial += chunk.serial.count("\n")
            if progress:
                progress(chunk.people)
        manifest = writer.close(seed, people)
    records = int(str(manifest["records"]))
    seconds = time.perf_counter() - started
    log.info("wrote %d records of %d people to %s in %.1f s", records, people, out, seconds)
    return Summary(people, records, serial, seconds, dict(counts), manifest)
