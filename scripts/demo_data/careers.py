"""Each person's deployments: which missions, when, in which contingent."""

from dataclasses import dataclass

import numpy as np

from scripts.demo_data.people import People
from scripts.demo_data.states import Mission

MAX_DEPLOYMENTS = 3
FIRST_MONTH = 2006 * 12  # months since year 0
LAST_START = 2025 * 12 + 2  # no deployment starts after March 2025
TODAY = 2025 * 12 + 5  # deployments ending after June 2025 are still running


@dataclass
class Careers:
    """Deployments as (n, MAX_DEPLOYMENTS) arrays; columns at or beyond `count` are unused."""

    count: np.ndarray
    mission: np.ndarray  # index into load_missions()
    start: np.ndarray  # month number (year * 12 + month - 1)
    end: np.ndarray  # month number; > TODAY means still running
    start_day: np.ndarray
    end_day: np.ndarray
    unit: np.ndarray  # contingent number of that rotation

    def ongoing(self, row: int, k: int) -> bool:
        """True when the person's k-th deployment has not ended."""
        return bool(self.end[row, k] > TODAY)


def make_careers(people: People, missions: tuple[Mission, ...], p_count: tuple[float, ...],
                 rng: np.random.Generator) -> Careers:
    """Draw 1-3 consecutive deployments per person, the first at age 20 or later."""
    n, k = len(people), MAX_DEPLOYMENTS
    weights = np.array([m.weight for m in missions], dtype=float)
    first = np.maximum(FIRST_MONTH, (people.birth[:, 0] + 20) * 12)
    first = first + (rng.random(n) * np.maximum(LAST_START - first, 1) * 0.7).astype(np.int64)
    length = rng.integers(6, 13, (n, k))
    gap = rng.integers(3, 37, (n, k))
    start = np.zeros((n, k), dtype=np.int64)
    start[:, 0] = first
    for j in range(1, k):
        start[:, j] = start[:, j - 1] + length[:, j - 1] + gap[:, j - 1]
    wanted = rng.choice(np.arange(1, k + 1), size=n, p=list(p_count))
    fits = (start <= LAST_START).sum(axis=1)
    return Careers(
        count=np.maximum(np.minimum(wanted, fits), 1),
        mission=rng.choice(len(missions), size=(n, k), p=weights / weights.sum()),
        start=start,
        end=start + length,
        start_day=rng.integers(1, 29, (n, k)),
        end_day=rng.integers(1, 29, (n, k)),
        unit=people.unit[:, None] + np.arange(k)[None, :],
    )
