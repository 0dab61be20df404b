"""The app shell: what runs before every page, one concern per module.

- `page`: the page config, then the language switch and the document's styles and direction;
- `language`: the language switch (sidebar), kept in the session and mirrored to `?lang=`;
- `document`: the stylesheets, `dir`/`lang` on the document (Streamlit has no RTL mode of its
  own, its issue #552) and the print preparation;
- `user`: the sign-in gate, `current_user()`, `current_scope()` (the one place pages get their
  scope), `require_page()`;
- `regions`: refusals of regions outside the scope (`?region=`, widget values), the `?region=`
  mirror of the pickers;
- `month`: the calendar order and the month (sidebar), mirrored to `?month=`;
- `navigation`: the pages a role gets (`dashboards.pages`), a link to another page refused;
- `context`: what a page needs (`Context`: scope, month, as-of date, profile labels).
"""
