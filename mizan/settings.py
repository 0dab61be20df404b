"""Where Mizan reads and writes, and which deployment it serves: every setting, in one place.

Every setting is an environment variable, so that Dagster, dbt, the CLI and the dashboards agree
without passing arguments around. `SETTINGS` below is the one list of them — name, default and
meaning — and the only place a `MIZAN_*` variable is read; the README's table is generated from
it (`python -m mizan.settings --markdown`) and a test keeps the two equal. Everything the program
writes lives under MIZAN_HOME (default ./data).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("meetings", "meeting_actions", "initiatives", "media_coverage", "complaints")
# The engines the dbt project runs on (README, "Outgrowing one machine"): DuckDB, the embedded
# default, and Spark through dbt-spark.
ENGINES = ("duckdb", "spark")

# Personal data is hashed with a secret of the deployment's own: MIZAN_SECRET, or else one
# generated at random into the home on first use (SECRET_FILE, owner-only). There is no built-in
# default any more: a public value would let anyone holding this code re-identify the hashes.
SECRET_FILE = ".secret"


def _month(value: str) -> str:
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", value):
        raise ValueError("write the month as YYYY-MM")
    return value


def _time_of_day(value: str) -> str:
    if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", value):
        raise ValueError("write the time as HH:MM (24-hour clock)")
    return value


def _day_of_month(value: str) -> int:
    day = int(value)
    if not 1 <= day <= 28:
        raise ValueError("the day must be 1–28, a day every month has")
    return day


def _share(value: str) -> float:
    share = float(value)
    if not 0 <= share <= 1:
        raise ValueError("a share is a number from 0 to 1 (0.5 is half)")
    return share


def _count(value: str) -> int:
    count = int(value)
    if count < 0:
        raise ValueError("a count cannot be negative")
    return count


def _positive(value: str) -> int:
    count = int(value)
    if count < 1:
        raise ValueError("write a whole number of at least 1")
    return count


def _smtp_security(value: str) -> str:
    answer = value.strip().lower()
    if answer not in ("starttls", "ssl", "none"):
        raise ValueError("write starttls, ssl or none")
    return answer


def _report_languages(value: str) -> str:
    words = [w.strip().lower() for w in value.split(",") if w.strip()]
    if words in (["off"], ["none"], ["0"]):
        return "off"
    if not words or any(w not in ("ar", "en") for w in words):
        raise ValueError("write ar, en, ar,en or off")
    return ",".join(dict.fromkeys(words))


def _switch(value: str) -> bool:
    answer = value.strip().lower()
    if answer in ("1", "true", "yes", "on"):
        return True
    if answer in ("0", "false", "no", "off"):
        return False
    raise ValueError("write 1 (on) or 0 (off)")


@dataclass(frozen=True)
class Setting:
    """One environment variable of a deployment.

    `field` is the attribute of `Settings` it fills; None for the variables only dbt reads (in
    profiles.yml), which reach dbt through the environment. `default` is the value when the
    variable is unset or empty (None: derived, as `shown` says); `shown` is the default as the
    README shows it, when that is not the value itself; `parse` turns the text into the value and
    raises ValueError, with the accepted form, on anything else.
    """

    name: str
    field: str | None
    default: object
    meaning: str
    shown: str = ""
    parse: Callable[[str], object] = str

    @property
    def shown_default(self) -> str:
        if self.shown:
            return self.shown
        if isinstance(self.default, bool):
            return f"`{int(self.default)}`"
        return f"`{self.default}`"


SETTINGS: tuple[Setting, ...] = (
    # --- the deployment ---------------------------------------------------------------------
    Setting(
        "MIZAN_HOME",
        "home",
        REPO_ROOT / "data",
        "everything Mizan writes: `inbox/`, `archive/`, `warehouse.duckdb`, `serving/`, "
        "`dagster/` (`--home`)",
        shown="`./data`",
        parse=Path,
    ),
    Setting(
        "MIZAN_PROFILE",
        "profile",
        "party-eg",
        "organisation profile: a folder under `seeds/profiles/` (or a path) with `profile.yml`, "
        "`regions.csv`, `secretariats.csv` (`--profile`)",
    ),
    Setting(
        "MIZAN_TZ",
        "timezone",
        None,
        "time zone that defines calendar months",
        shown="the profile's",
    ),
    Setting(
        "MIZAN_SECRET",
        "secret",
        None,
        "secret used to hash personal data at ingest. Unset: a random one is generated on first "
        "use into `MIZAN_HOME/.secret` (owner-only) and read from there after; back that file up "
        "with the warehouse (another secret hashes the same person differently)",
        shown="generated into `MIZAN_HOME/.secret`",
    ),
    Setting(
        "MIZAN_USERS",
        "users_file",
        None,
        "who may sign in to the dashboards (managed with `mizan users`)",
        shown="`MIZAN_HOME/users.json`",
        parse=Path,
    ),
    Setting(
        "MIZAN_AUDIT_LOG",
        "audit_file",
        None,
        "the append-only audit log",
        shown="`MIZAN_HOME/audit/audit.jsonl`",
        parse=Path,
    ),
    Setting(
        "MIZAN_OIDC_TRUST_EMAIL",
        "oidc_trust_email",
        False,
        "`1`: trust the e-mail of an OIDC sign-in that carries no `email_verified` claim (only "
        "for a provider that issues verified addresses alone)",
        parse=_switch,
    ),
    # --- builds -----------------------------------------------------------------------------
    Setting(
        "MIZAN_FIRST_MONTH",
        "first_month",
        "2020-01",
        "first month of the calendar (YYYY-MM): records dated earlier block the build until it "
        "reaches back to them; also the first monthly partition the Dagster UI offers (the last "
        "is the last complete month)",
        parse=_month,
    ),
    Setting(
        "MIZAN_CLOSE_DAY",
        "close_day",
        3,
        "day of the month (1–28) on which the monthly close rebuilds and publishes the month "
        "that ended",
        parse=_day_of_month,
    ),
    Setting(
        "MIZAN_CLOSE_TIME",
        "close_time",
        "06:00",
        "time of day (HH:MM, the deployment's time zone) of the monthly close",
        parse=_time_of_day,
    ),
    Setting(
        "MIZAN_BLOCK_FILE_REJECT_SHARE",
        "block_file_reject_share",
        0.5,
        "a build is blocked when one file had more than this share of its rows refused",
        parse=_share,
    ),
    Setting(
        "MIZAN_BLOCK_RUN_REJECT_SHARE",
        "block_run_reject_share",
        0.2,
        "a build is blocked when more than this share of a source's rows in the run were refused",
        parse=_share,
    ),
    Setting(
        "MIZAN_BLOCK_MIN_ROWS",
        "block_min_rows",
        10,
        "files with fewer rows never block a build on their share of refused rows",
        parse=_count,
    ),
    # --- alerts by e-mail ---------------------------------------------------------------------
    Setting(
        "MIZAN_SMTP_HOST",
        "smtp_host",
        "",
        "mail server that sends alerts; empty: alerts are shown on the Alerts page only",
        shown="none: no e-mail",
    ),
    Setting(
        "MIZAN_SMTP_PORT",
        "smtp_port",
        None,
        "port of the mail server",
        shown="`587` (`starttls`, `none`), `465` (`ssl`)",
        parse=int,
    ),
    Setting(
        "MIZAN_SMTP_SECURITY",
        "smtp_security",
        "starttls",
        "`starttls` (upgrade the connection, refuse a server that cannot), `ssl` (TLS from the "
        "first byte) or `none` (a relay on this machine only)",
        parse=_smtp_security,
    ),
    Setting(
        "MIZAN_SMTP_USER",
        "smtp_user",
        "",
        "user to authenticate as (AUTH, only over TLS); empty: no authentication",
        shown="none",
    ),
    Setting(
        "MIZAN_SMTP_PASSWORD",
        "smtp_password",
        "",
        "password of `MIZAN_SMTP_USER` (a secret of the deployment: an environment variable, "
        "never a file in the repository)",
        shown="none",
    ),
    Setting(
        "MIZAN_SMTP_FROM",
        "smtp_from",
        "",
        "sender address of alert e-mails",
        shown="`MIZAN_SMTP_USER`, else `mizan@<host name>`",
    ),
    Setting(
        "MIZAN_SMTP_CA_FILE",
        "smtp_ca_file",
        None,
        "certificates (PEM) to trust for the mail server, e.g. an internal CA; the server's "
        "certificate and name are always checked",
        shown="the system's",
        parse=Path,
    ),
    Setting(
        "MIZAN_ALERT_MONTHS",
        "alert_months",
        2,
        "alerts are raised for the last this many months of the snapshot (earlier months stay "
        "on the Alerts page's history, never mailed)",
        parse=_positive,
    ),
    Setting(
        "MIZAN_REPORT_PACK",
        "report_pack",
        "ar",
        "languages of the report pack written after each publish for the last complete month "
        "(MIZAN_HOME/reports): `ar`, `en`, `ar,en`, or `off` (`mizan report` writes it on demand)",
        parse=_report_languages,
    ),
    # --- the engine -------------------------------------------------------------------------
    Setting(
        "MIZAN_ENGINE",
        "engine",
        "duckdb",
        "engine that runs the dbt models: `duckdb` or `spark` (`--engine`)",
    ),
    Setting(
        "MIZAN_DUCKDB_MEMORY_LIMIT",
        "duckdb_memory_limit",
        "80%",
        "memory DuckDB may use in each Mizan process that writes the warehouse (ingest, publish) "
        "and in dbt, before it spills to disk: `3GB`, `60%` of the machine's RAM (DuckDB's own "
        "default, 80 %, lets a build take most of a large machine)",
    ),
    Setting(
        "MIZAN_DBT_TARGET",
        "dbt_target",
        "",
        "dbt target in `profiles.yml`: `spark_thrift` or `spark_http` for a Spark cluster",
        shown="the engine's",
    ),
    Setting(
        "MIZAN_SPARK_DIR",
        "spark_dir",
        None,
        "Spark's hand-off folders (raw parquet, marts parquet) and, in session mode, its tables "
        "and metastore; on a cluster, a path both this machine and the cluster can read and write",
        shown="`MIZAN_HOME/spark`",
        parse=Path,
    ),
    # Read by dbt alone (profiles.yml): Mizan passes them on in the environment.
    Setting(
        "MIZAN_SPARK_MASTER", None, "local[2]", "Spark master of session mode (target `spark`)"
    ),
    Setting(
        "MIZAN_SPARK_DRIVER_MEMORY", None, "2g", "driver memory of session mode (target `spark`)"
    ),
    Setting(
        "MIZAN_SPARK_SHUFFLE_PARTITIONS",
        None,
        "2",
        "`spark.sql.shuffle.partitions` of session mode (target `spark`)",
    ),
    Setting(
        "MIZAN_SPARK_THREADS",
        None,
        None,
        "models dbt runs at once on Spark",
        shown="`1` (`spark`), `4` (a cluster)",
    ),
    Setting(
        "MIZAN_SPARK_HOST",
        None,
        None,
        "address of the Spark cluster (targets `spark_thrift`, `spark_http`)",
        shown="none: required for a cluster",
    ),
    Setting(
        "MIZAN_SPARK_PORT",
        None,
        None,
        "port of the Spark cluster",
        shown="`10000` (`spark_thrift`), `443` (`spark_http`)",
    ),
    Setting("MIZAN_SPARK_USER", None, "mizan", "user on the Thrift server (`spark_thrift`)"),
    Setting(
        "MIZAN_SPARK_CLUSTER",
        None,
        None,
        "cluster id behind the HTTP endpoint (`spark_http`, e.g. Databricks)",
        shown="none: required for `spark_http`",
    ),
    Setting(
        "MIZAN_SPARK_TOKEN",
        None,
        None,
        "access token of the HTTP endpoint (`spark_http`)",
        shown="none: required for `spark_http`",
    ),
    Setting(
        "MIZAN_SPARK_ORGANIZATION",
        None,
        "0",
        "organisation id of the HTTP endpoint (`spark_http`, Databricks on Azure)",
    ),
)

# Variables Mizan sets itself for its child processes (dbt, Dagster); not settings of a
# deployment, so not in the README's table, but declared here so that nothing reads a variable
# nobody owns.
SET_FOR_CHILD_PROCESSES: tuple[Setting, ...] = (
    Setting("MIZAN_WAREHOUSE", None, None, "the DuckDB warehouse dbt writes (profiles.yml)"),
    Setting(
        "MIZAN_REBUILD_MONTHS",
        None,
        "",
        "months (YYYY-MM-01, comma-separated) a dbt run rebuilds besides what new files touched",
    ),
    Setting("DAGSTER_HOME", None, None, "the Dagster instance: MIZAN_HOME/dagster"),
    Setting("DBT_SEND_ANONYMOUS_USAGE_STATS", None, "False", "dbt's telemetry, off"),
    Setting("GX_ANALYTICS_ENABLED", None, "False", "Great Expectations' telemetry, off"),
)

DEFAULTS: dict[str, object] = {s.name: s.default for s in SETTINGS}
_BY_FIELD = {s.field: s for s in SETTINGS if s.field}  # Settings' fields, in SETTINGS' order


@dataclass(frozen=True)
class Settings:
    """The settings of one deployment; `from_env()` reads them, `export_env()` hands them on.

    Field defaults are those of `SETTINGS` (the one list); a field whose default is None is
    derived from others (users_file from home, timezone from the profile, ...).
    """

    home: Path
    profile: str = DEFAULTS["MIZAN_PROFILE"]
    timezone: str | None = DEFAULTS["MIZAN_TZ"]
    secret: str | None = DEFAULTS["MIZAN_SECRET"]  # None: the home's (see hashing_secret)
    users_file: Path | None = DEFAULTS["MIZAN_USERS"]
    audit_file: Path | None = DEFAULTS["MIZAN_AUDIT_LOG"]
    oidc_trust_email: bool = DEFAULTS["MIZAN_OIDC_TRUST_EMAIL"]
    first_month: str = DEFAULTS["MIZAN_FIRST_MONTH"]
    close_day: int = DEFAULTS["MIZAN_CLOSE_DAY"]
    close_time: str = DEFAULTS["MIZAN_CLOSE_TIME"]
    block_file_reject_share: float = DEFAULTS["MIZAN_BLOCK_FILE_REJECT_SHARE"]
    block_run_reject_share: float = DEFAULTS["MIZAN_BLOCK_RUN_REJECT_SHARE"]
    block_min_rows: int = DEFAULTS["MIZAN_BLOCK_MIN_ROWS"]
    smtp_host: str = DEFAULTS["MIZAN_SMTP_HOST"]
    smtp_port: int | None = DEFAULTS["MIZAN_SMTP_PORT"]  # None: the security's usual port
    smtp_security: str = DEFAULTS["MIZAN_SMTP_SECURITY"]
    smtp_user: str = DEFAULTS["MIZAN_SMTP_USER"]
    smtp_password: str = field(default=DEFAULTS["MIZAN_SMTP_PASSWORD"], repr=False)
    smtp_from: str = DEFAULTS["MIZAN_SMTP_FROM"]
    smtp_ca_file: Path | None = DEFAULTS["MIZAN_SMTP_CA_FILE"]
    alert_months: int = DEFAULTS["MIZAN_ALERT_MONTHS"]
    report_pack: str = DEFAULTS["MIZAN_REPORT_PACK"]
    engine: str = DEFAULTS["MIZAN_ENGINE"]
    duckdb_memory_limit: str = DEFAULTS["MIZAN_DUCKDB_MEMORY_LIMIT"]
    # dbt target (profiles.yml); empty: the engine's own target (`duckdb`, `spark`). A cluster is
    # reached through engine spark and target spark_thrift or spark_http.
    dbt_target: str = DEFAULTS["MIZAN_DBT_TARGET"]
    # Spark's state and hand-off folders (default MIZAN_HOME/spark); on a cluster, a path that
    # both this machine and the cluster can read and write.
    spark_dir: Path | None = DEFAULTS["MIZAN_SPARK_DIR"]

    def __post_init__(self) -> None:
        if self.engine not in ENGINES:
            raise ValueError(f"unknown engine {self.engine!r}: choose one of {', '.join(ENGINES)}")
        if self.dbt_target and not self.dbt_target.startswith(self.engine):
            raise ValueError(f"dbt target {self.dbt_target!r} is not a target of {self.engine}")

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """The settings of this process's environment. Keyword arguments (a command line's
        --home, --profile, --engine; a test's home) win over it; None means "not given"."""
        values = {name: _read(setting, os.environ) for name, setting in _BY_FIELD.items()}
        values.update({k: v for k, v in overrides.items() if v is not None})
        values["home"] = Path(values["home"]).resolve()  # type: ignore[arg-type]
        if values.get("spark_dir"):
            values["spark_dir"] = Path(values["spark_dir"]).resolve()  # type: ignore[arg-type]
        # MIZAN_DBT_TARGET counts only when it names one of the engine's targets (spark,
        # spark_thrift, spark_http for spark): an engine chosen on the command line or in a run's
        # config brings its own target, whatever an earlier run left in the environment. The
        # engine's own target (exported for dbt) reads back as "".
        target, engine = str(values["dbt_target"]), str(values["engine"])
        if target == engine or not target.startswith(engine):
            values["dbt_target"] = ""
        return cls(**values)  # type: ignore[arg-type]

    def hashing_secret(self) -> str:
        """The secret personal data is hashed with: MIZAN_SECRET, else the home's secret file,
        generated (32 random bytes, hex, mode 0600) the first time it is needed."""
        if self.secret:
            return self.secret
        return home_secret(self.home)

    @property
    def report_languages(self) -> tuple[str, ...]:
        """The languages of the pack written after each publish; none when `off`."""
        return () if self.report_pack == "off" else tuple(self.report_pack.split(","))

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
    def review_store_path(self) -> Path:
        """What users write (alert acknowledgements and deliveries, comments on KPIs): a small
        SQLite store beside the users file and the audit log, outside the snapshot (see
        mizan.review.store)."""
        return self.home / "review.sqlite"

    @property
    def reports_dir(self) -> Path:
        return self.home / "reports"

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
        os.chmod(self.archive, 0o700)  # files as sent, personal data in clear: owner-only
        for source in SOURCES:
            self.inbox_for(source).mkdir(parents=True, exist_ok=True)

    def export_env(self) -> dict[str, str]:
        """The environment a child process (dbt, streamlit, dagster) needs to see the same
        deployment: every setting that has a value. A derived one (None: the Spark folder, the
        users file, ...) is left out, so that a process that changes homes derives it again
        rather than carrying another home's."""
        env = {
            setting.name: _as_text(getattr(self, name))
            for name, setting in _BY_FIELD.items()
            if getattr(self, name) is not None
        }
        env["MIZAN_DBT_TARGET"] = self.target
        env["MIZAN_WAREHOUSE"] = str(self.warehouse_path)
        env["DBT_SEND_ANONYMOUS_USAGE_STATS"] = "False"
        return env


def _read(setting: Setting, environ: Mapping[str, str]) -> object:
    """A setting's value in `environ`: its default when unset or empty, else the parsed text."""
    text = environ.get(setting.name, "").strip()
    if not text:
        return setting.default
    try:
        return setting.parse(text)
    except ValueError as error:
        raise ValueError(f"{setting.name}={text!r} is not valid: {error}") from None


def _as_text(value: object) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def markdown_table() -> str:
    """The README's table of settings (README.md, "Settings"), generated from `SETTINGS`."""
    lines = ["| variable | default | meaning |", "|---|---|---|"]
    lines += [f"| `{s.name}` | {s.shown_default} | {s.meaning} |" for s in SETTINGS]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    if sys.argv[1:] != ["--markdown"]:
        sys.exit("usage: python -m mizan.settings --markdown   (the README's table of settings)")
    sys.stdout.write(markdown_table())


def home_secret(home: Path) -> str:
    """The home's hashing secret (SECRET_FILE), created at random on first use: owner-only,
    written once (O_EXCL: two processes starting together agree on one)."""
    import logging
    import secrets

    path = home / SECRET_FILE
    try:
        text = path.read_text(encoding="utf-8").strip()
        if text:
            return text
    except FileNotFoundError:
        pass
    home.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    except FileExistsError:
        return path.read_text(encoding="utf-8").strip()
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(secrets.token_hex(32) + "\n")
    logging.getLogger(__name__).warning(
        "MIZAN_SECRET is not set: generated a secret for hashing personal data into %s "
        "(owner-only). Back it up with the warehouse: another secret hashes the same person "
        "differently.",
        path,
    )
    return path.read_text(encoding="utf-8").strip()
