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
# The engines the dbt project runs on (README, "Outgrowing one machine"): DuckDB, the embedded
# default, and Spark through dbt-spark.
ENGINES = ("duckdb", "spark")

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
    # dbt target (profiles.yml); empty: the engine's own target (`duckdb`, `spark`). A cluster is
    # reached through engine spark and target spark_thrift or spark_http.
    dbt_target: str = ""
    # Spark's state and hand-off folders (default MIZAN_HOME/spark); on a cluster, a path that
    # both this machine and the cluster can read and write.
    spark_dir: Path | None = None
    extra: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.engine not in ENGINES:
            raise ValueError(f"unknown engine {self.engine!r}: choose one of {', '.join(ENGINES)}")
        if self.dbt_target and not self.dbt_target.startswith(self.engine):
            raise ValueError(f"dbt target {self.dbt_target!r} is not a target of {self.engine}")

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        env = os.environ
        values: dict[str, object] = {
            "home": Path(env.get("MIZAN_HOME", REPO_ROOT / "data")).resolve(),
            "profile": env.get("MIZAN_PROFILE", "party-eg"),
            "timezone": env.get("MIZAN_TZ") or None,
            "secret": env.get("MIZAN_SECRET", DEMO_SECRET),
            "engine": env.get("MIZAN_ENGINE") or "duckdb",
            "users_file": Path(env["MIZAN_USERS"]) if env.get("MIZAN_USERS") else None,
            "audit_file": Path(env["MIZAN_AUDIT_LOG"]) if env.get("MIZAN_AUDIT_LOG") else None,
            "dbt_target": env.get("MIZAN_DBT_TARGET", ""),
            "spark_dir": env.get("MIZAN_SPARK_DIR") or None,
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        values["home"] = Path(values["home"]).resolve()  # type: ignore[arg-type]
        if values.get("spark_dir"):
            values["spark_dir"] = Path(values["spark_dir"]).resolve()  # type: ignore[arg-type]
        # MIZAN_DBT_TARGET counts only when it names one of the engine's targets (spark,
        # spark_thrift, spark_http for spark): an engine chosen on the command line or in a run's
        # config brings its own target, whatever an earlier run left in the environment.
        if not str(values["dbt_target"]).startswith(str(values["engine"])):
            values["dbt_target"] = ""
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
        """Who may sign in to the dashboards (see mizan.access.users)."""
        return self.users_file or self.home / "users.json"

    @property
    def audit_path(self) -> Path:
        """The append-only audit log (see mizan.access.audit)."""
        return self.audit_file or self.home / "audit" / "audit.jsonl"

    @property
    def target(self) -> str:
        """The dbt target (profiles.yml) of this engine."""
        return self.dbt_target or self.engine

    @property
    def spark_home(self) -> Path:
        """Spark's tables, metastore and logs (session mode), and the hand-off folders."""
        return self.spark_dir or self.home / "spark"

    @property
    def spark_raw_dir(self) -> Path:
        """The validated raw tables as parquet, one folder per source (the Spark sources)."""
        return self.spark_home / "raw"

    @property
    def spark_marts_dir(self) -> Path:
        """The published tables as Spark built them, as parquet, to be read back into DuckDB."""
        return self.spark_home / "marts"

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
            "MIZAN_DBT_TARGET": self.target,
            "MIZAN_WAREHOUSE": str(self.warehouse_path),
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
        }
        # Only when set: by default profiles.yml and the hand-off macros derive it from
        # MIZAN_HOME, so a process that changes homes never carries another home's Spark folder.
        if self.spark_dir:
            env["MIZAN_SPARK_DIR"] = str(self.spark_dir)
        if self.timezone:
            env["MIZAN_TZ"] = self.timezone
        if self.users_file:
            env["MIZAN_USERS"] = str(self.users_file)
        if self.audit_file:
            env["MIZAN_AUDIT_LOG"] = str(self.audit_file)
        return env
