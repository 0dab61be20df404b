"""The monthly report pack: per region (and for the organisation) a PDF and an Excel workbook of
the month, written from the published snapshot with the dashboards' own data functions,
view-models and strings — the numbers and words of the pack are the app's.

    content.py  what a region's pages hold (review, KPI table, comments) for one month
    document.py the pages as HTML (A4, right to left in Arabic, the app's styles and font)
    pdf.py      HTML to PDF through the headless Chromium the tests already use
    workbook.py the Excel workbook (right-to-left sheets in Arabic, frozen headers)
    pack.py     writing MIZAN_HOME/reports/<YYYY-MM>/ (`mizan report`)
"""

import logging

# The pack reads the marts through the dashboards' cached queries, outside a Streamlit session
# (the build, `mizan report`): Streamlit warns on every cache it creates then that it has no
# runtime and keeps the cache in memory — which is what the pack wants, not a warning for users.
# Installed here, before a submodule imports the cached functions; a filter, not a level, because
# Streamlit sets its loggers' levels itself.
logging.getLogger("streamlit.runtime.caching.cache_data_api").addFilter(
    lambda record: "No runtime found" not in record.getMessage()
)
