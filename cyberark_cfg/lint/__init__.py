"""`cfgtool lint` as a library: find files (:mod:`.discovery`), resolve the configuration
(:mod:`.config`), lint each file with a pure function (:mod:`.engine`), filter through
suppressions and a baseline, and stream findings to a writer (:mod:`.output`).

Nothing is imported here, so that `cfgtool lint --format json` loads only what it uses.
"""
