"""Mizan's Streamlit dashboards: pages lay out, `data` queries the snapshot, `charts` draw,
`i18n` holds every string a user sees, `shell` runs before every page."""
