"""How the running bot has Python's cyclic garbage collector work, set once start-up is done.

An engine batch keeps thousands of container objects alive until it is written (each due gig's record,
its owner, its steps, the rows written), then frees them all by reference counting. With Python's
default threshold (a young-generation collection every 700 containers allocated and not yet freed) a
tick of 10,000 due steps ran over two hundred collections, each scanning objects still in use and
moving them to older generations, whose collections then scanned them again: about 8 % of the
tick's CPU time, spent finding no garbage. Cyclic garbage is rare here, so waiting longer before
collecting it costs a few megabytes at most."""

from __future__ import annotations

import gc

# Containers allocated, less those freed, before a young-generation collection: above what one engine
# batch keeps alive, so that a batch's objects are freed before a collection would scan them.
YOUNG_THRESHOLD = 50_000


def settle_collector() -> None:
    """Once start-up is done: what it made (modules, catalogs, adapters) lives as long as the process, so
    it leaves the collections for good (gc.freeze); and young objects are collected past YOUNG_THRESHOLD
    instead of 700. The older generations keep their thresholds. Benchmarks of the engine call this too,
    as the runtime does."""
    gc.freeze()
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, older, oldest)
