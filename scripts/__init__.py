"""Command-line tools: the `vetreg` CLI, the demo-data generator and benchmarks."""
