"""One console session running the heaviest queries the limits allow while other sessions open
the dashboards, in a process of its own (run by tests/app/test_console_stress.py): prints, as
JSON, the process's RSS before, its peak, its RSS after the session closed, and how the pages
answered."""

from __future__ import annotations

import gc
import json
import resource
import threading
import time

# A ceiling well above the documented figures: a regression fails instead of eating the machine.
resource.setrlimit(resource.RLIMIT_AS, (8 * 2**30, resource.RLIM_INFINITY))

from mizan.access import sandbox  # noqa: E402
from tests.app.helpers import exceptions, run_page  # noqa: E402

sandbox.TIMEOUT_SECONDS = 3.0  # the time-limit query need not take the full 30 s here
HEAVY = [
    "SELECT repeat('a', 100000000) AS s FROM range(10)",  # 1 GB of text in one vector
    "SELECT repeat('a', 100000000) AS s FROM range(25)",  # 2.5 GB: the CLI query
    "SELECT repeat('a', 4000) AS s FROM range(100000)",  # cut at the byte budget
    "SELECT * FROM range(10000000) AS t(n)",  # cut at the row cap
    "SELECT count(*) FROM range(1000000000) AS a, range(1000000) AS b",  # the time limit
]


def status(field: str) -> float:
    with open("/proc/self/status") as handle:
        line = next(line for line in handle if line.startswith(field))
    return int(line.split()[1]) / 1024  # MB


def console_session(report: dict) -> None:
    app = run_page("sql", "en", user="ana")
    for sql in HEAVY:
        app.text_area(key="sql_text").input(sql)
        app.number_input(key="sql_max_rows").set_value(10_000)
        app.button(key="sql_run").click()
        app = app.run(timeout=120)
        report["console"].append(
            {"exceptions": exceptions(app), "errors": [e.value for e in app.error]}
        )
    del app


def main() -> None:
    run_page("overview", "en")  # imports and caches warm
    gc.collect()
    report: dict = {"rss_before_mb": status("VmRSS"), "console": [], "pages": []}
    session = threading.Thread(target=console_session, args=(report,))
    session.start()
    time.sleep(1.0)  # the console's first query is under way
    while session.is_alive() and len(report["pages"]) < 6:
        for page in ("overview", "scorecard"):
            started = time.monotonic()
            app = run_page(page, "en")
            report["pages"].append(
                {
                    "page": page,
                    "seconds": time.monotonic() - started,
                    "exceptions": exceptions(app),
                    "during_console": session.is_alive(),
                }
            )
    session.join()
    gc.collect()
    report["peak_mb"] = status("VmHWM")
    report["rss_after_mb"] = status("VmRSS")
    print(json.dumps(report))


if __name__ == "__main__":
    main()
