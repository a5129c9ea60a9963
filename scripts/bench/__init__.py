"""`make bench`: the linkage engine against Splink 5 (DuckDB) and recordlinkage on the same data.

Every tool runs as its own subprocess over the same input files; wall time and peak
memory are measured per subprocess and every output is scored by one shared evaluation
(`scripts.bench.metrics`).
"""

__all__: list[str] = []
