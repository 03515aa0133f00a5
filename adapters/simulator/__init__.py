"""`gigwatch simulate`: the live engine, storage and dispatcher on a virtual clock, fed by a script."""
