"""Linking the registry's records into persons with the linkage engine."""

from registry.linking.model_store import active_model, store_model
from registry.linking.run import link_job, relink_registry
from registry.linking.schedule import LINK_JOB, link_after_change, schedule_linking

__all__ = [
    "LINK_JOB",
    "active_model",
    "link_after_change",
    "link_job",
    "relink_registry",
    "schedule_linking",
    "store_model",
]
