"""The monthly report pack: per region (and for the organisation) a PDF and an Excel workbook of
the month, written from the published snapshot with the dashboards' own data functions,
view-models and strings — the numbers and words of the pack are the app's.

    content.py  what a region's pages hold (review, KPI table, comments) for one month
    document.py the pages as HTML (A4, right to left in Arabic, the app's styles and font)
    pdf.py      HTML to PDF through the headless Chromium the tests already use
    workbook.py the Excel workbook (right-to-left sheets in Arabic, frozen headers)
    pack.py     writing MIZAN_HOME/reports/<YYYY-MM>/ (`mizan report`)
"""
