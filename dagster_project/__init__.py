"""The Dagster project: definitions, assets, checks, sensors, schedules, partitions, resources and
the runner that `mizan build` hands a run to. Everything else — settings, org profiles, ingestion,
scoring inputs, publishing, access — is in the `mizan` package and imports no Dagster.
"""
