"""Who may do what with the published snapshot: untrusted SQL, users and roles, the audit log.

No Dagster imports: the CLI and the dashboards both call these modules.
"""
