"""View-models: what a page shows, reshaped and labelled from the data layer's tidy frames.

Pure functions of a frame and a language (`"ar"` or `"en"`): no Streamlit session, no snapshot,
so that they are tested on small frames (tests/unit/test_dashboards_viewmodels.py). Every label
still comes from the translation catalogue. Pages call them and lay out the result.
"""
