"""Media items: the organisation's own posts (owned) and coverage by others (earned).

Sentiment of earned coverage follows the region's performance; reach, impressions and
engagements follow the outlet type (a TV bulletin reaches many, a local page few; only online
items have impressions and engagements). Items do not change after publication.
"""

from __future__ import annotations

import datetime as dt
import math

from mizan.demo.records import Record, RegionContext, Row, TruthItem
from mizan.demo.seeding import weighted
from mizan.demo.vocab import KEY_MESSAGES

_EARNED_TYPES = {"print": 0.14, "tv": 0.1, "radio": 0.07, "online_news": 0.46, "social": 0.23}
_OWNED_TYPES = {"social": 0.78, "online_news": 0.22}
# log-normal reach: (median, sigma)
_REACH = {
    "print": (40_000, 0.8),
    "tv": (400_000, 0.9),
    "radio": (80_000, 0.8),
    "online_news": (25_000, 1.1),
    "social": (6_000, 1.3),
}


def item_id(region: str, month_compact: str, seq: int) -> str:
    return f"MED-{region}-{month_compact}-{seq:05d}"


def new_media(
    ctx: RegionContext, t: int, n: int, *, first_seq: int = 1, salt: str = ""
) -> list[Record]:
    month = ctx.months[t]
    rng = ctx.rng("media_coverage", month.label, *([salt] if salt else []))
    q = ctx.quality(t)
    owned_share = 0.25 + 0.2 * q
    p_pos, p_neg = 0.22 + 0.38 * q, 0.04 + 0.26 * (1 - q)
    records = []
    for seq in range(first_seq, first_seq + n):
        key = item_id(ctx.region, month.compact, seq)
        owned = rng.random() < owned_share
        outlet_type = weighted(rng, _OWNED_TYPES if owned else _EARNED_TYPES)
        secretariat = ctx.secretariat_for(rng, "media_coverage") if rng.random() < 0.7 else None
        if owned:
            template = rng.choice(ctx.vocab.owned_outlets[outlet_type])
            outlet = ctx.fill(rng, template, secretariat=_sec_name(ctx, secretariat))
            domain = ctx.vocab.owned_domain
            draw = rng.random()
            sentiment = "positive" if draw < 0.72 else "neutral"
        else:
            choice = rng.choice(ctx.vocab.earned_outlets[outlet_type])
            outlet, domain = ctx.fill(rng, choice.name), choice.domain
            draw = rng.random()
            sentiment = (
                "positive" if draw < p_pos else "negative" if draw < p_pos + p_neg else "neutral"
            )
        hour = rng.choice((7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22))
        published = ctx.local(
            month.start_dt
            + dt.timedelta(days=rng.randrange(month.days), hours=hour, minutes=rng.randrange(60))
        )
        median, sigma = _REACH[outlet_type]
        reach = max(50, round(rng.lognormvariate(math.log(median), sigma)))
        impressions = engagements = None
        if outlet_type in ("online_news", "social"):
            impressions = round(reach * rng.uniform(1.1, 3.0))
            rate = rng.uniform(0.005, 0.08) if outlet_type == "social" else rng.uniform(0.0, 0.01)
            engagements = round(impressions * rate)
        n_messages = rng.choices((0, 1, 2, 3), weights=(3, 4, 2, 1) if owned else (6, 3, 1, 0.3))[0]
        messages = sorted(rng.sample(KEY_MESSAGES, n_messages))
        hashtags = None
        if outlet_type == "social" or (outlet_type == "online_news" and rng.random() < 0.2):
            tags = rng.sample(ctx.vocab.hashtags, rng.randint(1, 3))
            hashtags = " ".join(ctx.fill(rng, tag).replace(" ", "_") for tag in tags)
        url = None
        if domain and (outlet_type in ("online_news", "social") or rng.random() < 0.3):
            url = f"https://{domain}/{published:%Y/%m/%d}/{rng.randrange(10**6, 10**7)}"
        row: Row = {
            "item_id": key,
            "region_code": ctx.region,
            "secretariat_code": secretariat,
            "published_at": published,
            "outlet": outlet,
            "outlet_type": outlet_type,
            "owned_or_earned": "owned" if owned else "earned",
            "sentiment": sentiment,
            "reach": reach,
            "impressions": impressions,
            "engagements": engagements,
            "key_messages": tuple(messages),
            "hashtags": hashtags,
            "url": url,
        }
        versions = ctx.shift_for_gaps([(t, row)])
        counters = (
            ("items", 1),
            ("owned", int(owned)),
            ("positive", int(sentiment == "positive")),
            ("negative", int(sentiment == "negative")),
        )
        records.append(
            Record(
                "media_coverage", key, versions, (TruthItem("media_coverage", t, counters, key),)
            )
        )
    return records


def _sec_name(ctx: RegionContext, code: str | None) -> str:
    if code is None:
        return ctx.profile.name_ar.split("—")[0].strip()
    return next(s.name_ar for s in ctx.profile.secretariats if s.code == code)
