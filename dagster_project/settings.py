"""Where Mizan reads and writes, and which deployment it serves.

Everything the program writes lives under MIZAN_HOME (default ./data). Every setting comes from
an environment variable so that Dagster, dbt, the CLI and the dashboards agree without passing
arguments around.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("meetings", "meeting_actions", "initiatives", "media_coverage", "complaints")

# The demo secret is for the demo only (documented in README): a real deployment sets its own
# MIZAN_SECRET so that hashed personal data cannot be re-identified by anyone holding this code.
DEMO_SECRET = "mizan-demo-secret-not-for-production"


@dataclass(frozen=True)
class Settings:
    home: Path
    profile: str = "party-eg"
    timezone: str | None = None  # None: the org profile's own time zone
    secret: str = DEMO_SECRET
    engine: str = "duckdb"
    users_file: Path | None = None  # None: MIZAN_HOME/users.json
    audit_file: Path | None = None  # None: MIZAN_HOME/audit/audit.jsonl
    extra: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        env = os.environ
        values: dict[str, object] = {
            "home": Path(env.get("MIZAN_HOME", REPO_ROOT / "data")).resolve(),
            "profile": env.get("MIZAN_PROFILE", "party-eg"),
            "timezone": env.get("MIZAN_TZ") or None,
            "secret": env.get("MIZAN_SECRET", DEMO_SECRET),
            "engine": env.get("MIZAN_ENGINE", "duckdb"),
            "users_file": Path(env["MIZAN_USERS"]) if env.get("MIZAN_USERS") else None,
            "audit_file": Path(env["MIZAN_AUDIT_LOG"]) if env.get("MIZAN_AUDIT_LOG") else None,
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        values["home"] = Path(values["home"]).resolve()  # type: ignore[arg-type]
        return cls(**values)  # type: ignore[arg-type]

    # --- paths -----------------------------------------------------------------------------
    @property
    def inbox(self) -> Path:
        return self.home / "inbox"

    def inbox_for(self, source: str) -> Path:
        return self.inbox / source

    @property
    def archive(self) -> Path:
        return self.home / "archive"

    @property
    def warehouse_path(self) -> Path:
        return self.home / "warehouse.duckdb"

    @property
    def serving_dir(self) -> Path:
        return self.home / "serving"

    @property
    def serving_path(self) -> Path:
        return self.serving_dir / "mizan.duckdb"

    @property
    def users_path(self) -> Path:
        """Who may sign in to the dashboards (see dagster_project.access.users)."""
        return self.users_file or self.home / "users.json"

    @property
    def audit_path(self) -> Path:
        """The append-only audit log (see dagster_project.access.audit)."""
        return self.audit_file or self.home / "audit" / "audit.jsonl"

    @property
    def runs_dir(self) -> Path:
        """Status files of builds (last publish outcome), read by the dashboards."""
        return self.home / "runs"

    def ensure_dirs(self) -> None:
        for path in (self.archive, self.serving_dir, self.runs_dir):
            path.mkdir(parents=True, exist_ok=True)
        for source in SOURCES:
            self.inbox_for(source).mkdir(parents=True, exist_ok=True)

    def export_env(self) -> dict[str, str]:
        """The environment a child process (dbt, streamlit, dagster) needs to see the same home."""
        env = {
            "MIZAN_HOME": str(self.home),
            "MIZAN_PROFILE": self.profile,
            "MIZAN_SECRET": self.secret,
            "MIZAN_ENGINE": self.engine,
            "MIZAN_WAREHOUSE": str(self.warehouse_path),
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
        }
        if self.timezone:
            env["MIZAN_TZ"] = self.timezone
        if self.users_file:
            env["MIZAN_USERS"] = str(self.users_file)
        if self.audit_file:
            env["MIZAN_AUDIT_LOG"] = str(self.audit_file)
        return env
