"""The comment box on the scorecard: a national user writes a comment with an owner and a due
date; it is stored in the review store, shown on the scorecard, and audit-logged; an analyst
reads comments but gets no box."""

from __future__ import annotations

from mizan.access import audit
from mizan.review import store
from tests.app.helpers import exceptions, html_blocks, run_page
from tests.support.users import demo_regions


def test_a_comment_is_written_stored_shown_and_audited(own_home):
    first, _ = demo_regions()
    app = run_page("scorecard", "en", user="reg", scorecard_region=first)
    assert exceptions(app) == []
    app.text_area(key="comment_body").input("Backlog cleared by the weekend shift.")
    app.text_input(key="comment_owner").input("Customer care lead")
    submit = next(b for b in app.button if "comment-form" in str(b.id) or "Save comment" in b.label)
    submit.click().run()
    assert exceptions(app) == []
    rows = store.read(own_home.review_store_path, "SELECT * FROM comments")
    assert len(rows) == 1 and rows[0]["region_code"] == first and rows[0]["author"] == "reg"
    assert rows[0]["owner"] == "Customer care lead"
    assert any("Backlog cleared by the weekend shift." in b for b in html_blocks(app))
    assert [e["event"] for e in audit.read(own_home.audit_path)].count("comment_added") == 1
    # an analyst reads it, with no box to write one
    analyst = run_page("scorecard", "ar", user="ana", scorecard_region=first)
    assert exceptions(analyst) == []
    assert any("Backlog cleared by the weekend shift." in b for b in html_blocks(analyst))
    assert not [t for t in analyst.text_area if t.key == "comment_body"]
