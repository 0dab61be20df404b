"""Mizan (ميزان): settings, organisation profiles, ingestion, demo data, publishing, exports,
access control and the `mizan` command. None of it imports Dagster: the orchestration layer
(`dagster_project/`) and the dashboards (`dashboards/`) call into it.
"""
