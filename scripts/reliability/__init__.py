"""Reliability suites that need real servers: load (`make load`) and faults (`make faults`).

Each run starts its own PostgreSQL cluster, Redis server and gunicorn on loopback ports,
so it never disturbs the servers that other test runs share.
"""

__all__: list[str] = []
