"""Synthetic interchange-format data with known truth, for the demo, the tests and benchmarks."""

from scripts.demo_data.config import Rates
from scripts.demo_data.generator import Summary, generate

__all__ = ["Rates", "Summary", "generate"]
