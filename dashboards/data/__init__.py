"""The data-access layer: every query the pages issue, against the published snapshot only.

Every public function takes a `Scope` first and applies it in SQL (see `dashboards.scope`).
Pages import the modules: `from dashboards.data import scores` etc.
"""

from dashboards.data.core import NoSnapshot, snapshot_version

__all__ = ["NoSnapshot", "snapshot_version"]
