"""The canonical contract of each source: fields, types, required values, natural key, accepted
values and the Arabic and English headers under which regions send them.

One declaration serves the parser (header recognition, typing, validation), the Great
Expectations suites, the raw table DDL, the demo generator and the documentation, so that they
cannot drift apart. Header and label matching goes through `arabic.match_key`, so the aliases
below need not list hamza/ta-marbuta/case variants.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

Kind = Literal[
    "id",  # natural key or reference: text, trimmed, digits made western
    "text",  # free text, kept as sent (trimmed)
    "region",  # resolved to the profile's region code
    "secretariat",  # resolved to the profile's secretariat code
    "choice",  # one of `choices`, given as code or any of its labels
    "count",  # non-negative integer
    "amount",  # non-negative decimal (money)
    "score",  # integer within [minimum, maximum]
    "date",
    "timestamp",  # converted to the deployment's local time zone
    "codes",  # a list of short codes ("KM01; KM04"), stored as a sorted '|'-joined string
    "pii",  # personal data: hashed with the deployment secret at ingest, never stored in clear
]

SQL_TYPES: Mapping[str, str] = {
    "id": "VARCHAR",
    "text": "VARCHAR",
    "region": "VARCHAR",
    "secretariat": "VARCHAR",
    "choice": "VARCHAR",
    "count": "BIGINT",
    "amount": "DECIMAL(18, 2)",
    "score": "INTEGER",
    "date": "DATE",
    "timestamp": "TIMESTAMP",
    "codes": "VARCHAR",
    "pii": "VARCHAR",
}


@dataclass(frozen=True)
class Field:
    name: str
    kind: Kind
    description: str
    label_ar: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    choices: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # code -> labels
    minimum: float | None = None
    maximum: float | None = None
    # Codes a file may give where it does not say (`unknown`) or where no listed code fits
    # (`other`): accepted like `choices`, never invented (the demo generator does not write them).
    # A KPI that reads a field whose value is `unknown` leaves the record out (not reported).
    fallbacks: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def accepted(self) -> Mapping[str, tuple[str, ...]]:
        """Every code a file may give (choices, then fallbacks) with its labels."""
        return {**self.choices, **self.fallbacks}

    @property
    def sql_type(self) -> str:
        return SQL_TYPES[self.kind]

    @property
    def headers(self) -> tuple[str, ...]:
        """Every header accepted for this field: the canonical name, the Arabic label, aliases."""
        return (self.name, self.label_ar, *self.aliases)


@dataclass(frozen=True)
class OrderRule:
    """`later` must not come before `earlier` (both optional; checked when both are present)."""

    earlier: str
    later: str


@dataclass(frozen=True)
class Contract:
    source: str
    grain: str
    natural_key: str
    fields: tuple[Field, ...]
    order_rules: tuple[OrderRule, ...] = ()
    # The field whose month a record belongs to (used for partitions and freshness).
    month_field: str = ""
    # Fields of a child list nested in JSON records (meetings -> actions) go to another source.
    nested: Mapping[str, str] = field(default_factory=dict)  # JSON key -> child source

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    @property
    def required_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.required)

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(f"{self.source} has no field {name!r}")


# --- shared field builders ----------------------------------------------------------------


def _region(required: bool = True) -> Field:
    return Field(
        "region_code",
        "region",
        "The region (governorate, amanah) the record belongs to; any accepted spelling.",
        "المنطقة",
        (
            "region",
            "المحافظة",
            # not "الأمانة": a party's word for its secretariat, a ministry's for a municipality;
            # a deployment whose files use it maps it in a layout mapping file.
            "الفرع",
            "governorate",
            "amanah",
            "branch",
            "region_name",
        ),
        required=required,
    )


def _secretariat(required: bool = True) -> Field:
    return Field(
        "secretariat_code",
        "secretariat",
        "The secretariat or department responsible; any accepted spelling.",
        "الأمانة المختصة",
        (
            "secretariat",
            "الإدارة",
            "الجهة المختصة",
            "الإدارة المختصة",
            "القسم",
            "department",
            "dept",
            "unit",
            "secretariat_name",
        ),
        required=required,
    )


# --- enumerations (code -> Arabic and English labels) ---------------------------------------

MEETING_TYPES = {
    "internal": ("داخلي", "اجتماع داخلي", "internal meeting"),
    "executive_body": ("جهة تنفيذية", "جهات تنفيذية", "تنفيذي", "executive", "executive body"),
    "political_entity": ("جهة سياسية", "حزبي", "سياسي", "political", "political entity", "party"),
    "community_partner": ("شريك مجتمعي", "مجتمع مدني", "community", "community partner", "partner"),
    "media": ("إعلامي", "لقاء إعلامي", "press", "media meeting"),
    "other": ("أخرى", "آخر", "غير ذلك"),
}
MEETING_STATUSES = {
    "planned": ("مخطط", "مجدول", "scheduled", "planned"),
    "held": ("منعقد", "تم الانعقاد", "عقد", "تم", "done", "held", "completed"),
    "postponed": ("مؤجل", "تأجل", "postponed", "rescheduled"),
    "cancelled": ("ملغي", "ملغى", "أُلغي", "canceled", "cancelled"),
}
ACTION_ORIGINS = {
    "meeting": ("اجتماع", "مخرجات اجتماع", "meeting action", "action item"),
    "directive": ("توجيه", "توجيه قيادي", "توجيهات القيادة", "directive", "leadership directive"),
}
ACTION_STATUSES = {
    "open": ("مفتوح", "جديد", "لم يبدأ", "new", "not started", "open"),
    "in_progress": ("قيد التنفيذ", "جاري", "جارٍ التنفيذ", "in progress", "ongoing"),
    "closed": ("منجز", "مغلق", "تم التنفيذ", "done", "completed", "closed"),
    "cancelled": ("ملغي", "ملغى", "canceled", "cancelled"),
}
INITIATIVE_TYPES = {
    "community_initiative": ("مبادرة مجتمعية", "مبادرة", "initiative", "community initiative"),
    "mass_event": ("فعالية جماهيرية", "مؤتمر جماهيري", "حشد", "mass event", "rally"),
    "awareness_campaign": ("حملة توعوية", "حملة توعية", "حملة", "campaign", "awareness campaign"),
    "conference": ("مؤتمر", "conference"),
    "seminar": ("ندوة", "seminar", "symposium"),
    "workshop": ("ورشة عمل", "ورشة", "workshop", "training"),
    "service_convoy": ("قافلة خدمية", "قافلة", "قافلة طبية", "convoy", "service convoy"),
}
INITIATIVE_STATUSES = {
    "planned": ("مخطط", "مقترح", "planned", "proposed"),
    "in_progress": ("جاري التنفيذ", "قيد التنفيذ", "جاري", "in progress", "ongoing"),
    "completed": ("مكتمل", "منفذ", "تم التنفيذ", "منتهي", "done", "completed", "finished"),
    "cancelled": ("ملغي", "ملغى", "canceled", "cancelled"),
    "postponed": ("مؤجل", "postponed"),
}
PARTNER_TYPES = {
    "ngo": (
        "جمعية أهلية",
        "جمعية",
        "منظمة مجتمع مدني",
        "مؤسسة أهلية",
        "ngo",
        "civil society",
        "charity",
    ),
    "education": (
        "تعليمي",
        "جامعة",
        "مدرسة",
        "معهد",
        "university",
        "school",
        "education",
        "academic",
    ),
    "religious": ("ديني", "مسجد", "كنيسة", "أوقاف", "الأزهر", "religious", "mosque", "church"),
    "social": ("اجتماعي", "نادي", "مركز شباب", "social", "club", "youth centre", "youth center"),
    "private": ("قطاع خاص", "شركة", "خاص", "private", "company", "business", "sponsor"),
}
OUTLET_TYPES = {
    "print": ("صحيفة", "مطبوع", "جريدة", "مجلة", "صحافة ورقية", "newspaper", "print", "magazine"),
    "tv": ("تلفزيون", "قناة تلفزيونية", "تلفاز", "television", "tv"),
    "radio": ("إذاعة", "راديو", "radio"),
    "online_news": (
        "موقع إخباري",
        "صحافة إلكترونية",
        "إلكتروني",
        "online",
        "online news",
        "news site",
        "web",
    ),
    "social": ("وسائل التواصل", "تواصل اجتماعي", "سوشيال ميديا", "social", "social media"),
}
OWNED_OR_EARNED = {
    "owned": ("مملوك", "منصاتنا", "منصات الجهة", "حسابات رسمية", "owned", "own channel"),
    "earned": ("مكتسب", "تغطية", "earned", "coverage"),
}
SENTIMENTS = {
    "positive": ("إيجابي", "pos", "positive"),
    "neutral": ("محايد", "neu", "neutral"),
    "negative": ("سلبي", "neg", "negative"),
}
CHANNELS = {
    "phone": (
        "هاتف",
        "الهاتف",
        "اتصال",
        "مركز الاتصال",
        "الخط الساخن",
        "call",
        "call center",
        "hotline",
        "telephone",
    ),
    "social": (
        "وسائل التواصل الاجتماعي",
        "تواصل اجتماعي",
        "سوشيال ميديا",
        "تويتر",
        "فيسبوك",
        "social media",
        "twitter",
        "x",
        "facebook",
    ),
    "app": ("تطبيق", "التطبيق", "تطبيق الجوال", "mobile app", "application"),
    "web": (
        "الموقع الإلكتروني",
        "بوابة إلكترونية",
        "البوابة",
        "موقع",
        "website",
        "portal",
        "online form",
    ),
    "walk_in": ("حضوري", "زيارة", "مراجعة شخصية", "walk in", "walk-in", "in person"),
    "email": ("بريد إلكتروني", "إيميل", "e-mail", "mail"),
    "letter": ("خطاب", "رسالة ورقية", "مكاتبة", "letter", "post"),
}
TICKET_KINDS = {
    "complaint": ("شكوى", "بلاغ", "complaint", "report"),
    "inquiry": ("استفسار", "سؤال", "inquiry", "enquiry", "question"),
    "suggestion": ("اقتراح", "مقترح", "suggestion", "idea"),
    "praise": ("شكر", "إشادة", "ثناء", "praise", "compliment", "thanks"),
}
CATEGORIES = {
    "cleaning": ("نظافة", "النظافة", "مخلفات", "cleaning", "waste", "garbage"),
    "lighting": ("إنارة", "الإنارة", "كهرباء الشوارع", "lighting", "street lights"),
    "paving": ("رصف", "سفلتة", "طرق", "رصف الطرق", "paving", "roads", "asphalt"),
    "water": ("مياه", "المياه", "مياه الشرب", "water", "water supply"),
    "drainage": ("صرف صحي", "الصرف الصحي", "تصريف الأمطار", "drainage", "sewage", "sewer"),
    "parks": ("حدائق", "الحدائق", "المسطحات الخضراء", "parks", "gardens"),
    "permits": ("تراخيص", "التراخيص", "رخص", "permits", "licences", "licenses"),
    "other": ("أخرى", "أخري", "غير ذلك", "other", "misc"),
}
TICKET_STATUSES = {
    "open": ("مفتوح", "جديد", "مستلم", "new", "received", "open"),
    "in_progress": (
        "قيد المعالجة",
        "جاري المعالجة",
        "تحت الإجراء",
        "in progress",
        "processing",
        "assigned",
    ),
    "resolved": ("تم الحل", "محلول", "تمت المعالجة", "resolved", "solved"),
    "closed": ("مغلق", "مغلقة", "closed"),
}

UNKNOWN = {"unknown": ("غير معروف", "غير محدد", "غير مذكور", "unknown", "not known", "unspecified")}
OTHER_CHANNEL = {"other": ("أخرى", "قناة أخرى", "other", "other channel")}

# --- the five contracts ----------------------------------------------------------------------

MEETINGS = Contract(
    source="meetings",
    grain="One row per meeting, planned or held.",
    natural_key="meeting_id",
    month_field="meeting_date",
    nested={"actions": "meeting_actions"},
    fields=(
        Field(
            "meeting_id",
            "id",
            "Identifier of the meeting, unique within the organisation.",
            "رقم الاجتماع",
            ("كود الاجتماع", "meeting id", "meeting no", "id"),
            required=True,
        ),
        _region(),
        _secretariat(),
        Field(
            "meeting_date",
            "date",
            "Date the meeting was (or is) planned for.",
            "تاريخ الاجتماع",
            ("التاريخ", "date", "meeting date"),
            required=True,
        ),
        Field(
            "meeting_type",
            "choice",
            "With whom the meeting was held.",
            "نوع الاجتماع",
            ("النوع", "type", "meeting type"),
            required=True,
            choices=MEETING_TYPES,
            fallbacks=UNKNOWN,
        ),
        Field(
            "status",
            "choice",
            "Planned, held, postponed or cancelled.",
            "حالة الاجتماع",
            ("الحالة", "meeting status"),
            required=True,
            choices=MEETING_STATUSES,
        ),
        Field(
            "title",
            "text",
            "Subject of the meeting.",
            "عنوان الاجتماع",
            ("الموضوع", "العنوان", "subject", "meeting title"),
        ),
        Field(
            "chaired_by",
            "text",
            "Official who chaired the meeting (a role or office holder).",
            "رئيس الاجتماع",
            ("برئاسة", "chair", "chairperson", "chaired by"),
        ),
        Field(
            "invited",
            "count",
            "Number of people invited.",
            "عدد المدعوين",
            ("المدعوون", "invitees", "invited count"),
        ),
        Field(
            "attended",
            "count",
            "Number of people who attended.",
            "عدد الحضور",
            ("الحضور", "attendees", "attendance", "attended count"),
        ),
        Field(
            "decisions",
            "count",
            "Number of decisions or recommendations recorded.",
            "عدد القرارات",
            ("القرارات", "عدد التوصيات", "decisions count", "recommendations"),
        ),
    ),
)

MEETING_ACTIONS = Contract(
    source="meeting_actions",
    grain="One row per action item from a meeting or leadership directive.",
    natural_key="action_id",
    month_field="due_date",
    order_rules=(OrderRule("issued_date", "due_date"), OrderRule("issued_date", "closed_date")),
    fields=(
        Field(
            "action_id",
            "id",
            "Identifier of the action item or directive.",
            "رقم الإجراء",
            ("رقم التكليف", "رقم التوجيه", "action id", "action no", "id"),
            required=True,
        ),
        Field(
            "meeting_id",
            "id",
            "The meeting that produced it, if any.",
            "رقم الاجتماع",
            ("meeting id", "meeting no", "meeting"),
        ),
        Field(
            "origin",
            "choice",
            "Meeting action item or leadership directive.",
            "المصدر",
            ("مصدر التكليف", "النوع", "origin", "source type"),
            required=True,
            choices=ACTION_ORIGINS,
        ),
        _region(),
        _secretariat(),
        Field(
            "title",
            "text",
            "What is to be done.",
            "الإجراء المطلوب",
            ("الموضوع", "التكليف", "الوصف", "action", "description", "task"),
        ),
        Field(
            "issued_date",
            "date",
            "Date the action was assigned.",
            "تاريخ التكليف",
            ("تاريخ الإصدار", "issued", "issue date", "assigned date"),
            required=True,
        ),
        Field(
            "due_date",
            "date",
            "Date it is due.",
            "تاريخ الاستحقاق",
            ("الموعد النهائي", "due", "deadline", "due date"),
            required=True,
        ),
        Field(
            "closed_date",
            "date",
            "Date it was closed, if closed.",
            "تاريخ الإنجاز",
            ("تاريخ الإغلاق", "closed", "completion date", "closed date", "done date"),
        ),
        Field(
            "status",
            "choice",
            "Open, in progress, closed or cancelled.",
            "حالة الإجراء",
            ("الحالة", "action status"),
            required=True,
            choices=ACTION_STATUSES,
        ),
    ),
)

INITIATIVES = Contract(
    source="initiatives",
    grain="One row per initiative, campaign or event.",
    natural_key="initiative_id",
    month_field="planned_start",
    order_rules=(
        OrderRule("planned_start", "planned_end"),
        OrderRule("actual_start", "actual_end"),
    ),
    fields=(
        Field(
            "initiative_id",
            "id",
            "Identifier of the initiative.",
            "رقم المبادرة",
            ("رقم الفعالية", "كود المبادرة", "initiative id", "event id", "id"),
            required=True,
        ),
        _region(),
        _secretariat(),
        Field(
            "title",
            "text",
            "Name of the initiative.",
            "اسم المبادرة",
            ("العنوان", "اسم الفعالية", "name", "initiative", "title"),
        ),
        Field(
            "initiative_type",
            "choice",
            "Kind of initiative or event.",
            "نوع المبادرة",
            ("النوع", "نوع الفعالية", "type", "initiative type", "event type"),
            required=True,
            choices=INITIATIVE_TYPES,
        ),
        Field(
            "status",
            "choice",
            "Planned, in progress, completed, cancelled or postponed.",
            "حالة المبادرة",
            ("الحالة", "initiative status"),
            required=True,
            choices=INITIATIVE_STATUSES,
        ),
        Field(
            "planned_start",
            "date",
            "Planned start date.",
            "تاريخ البدء المخطط",
            ("البداية المخططة", "planned start", "start (planned)"),
            required=True,
        ),
        Field(
            "planned_end",
            "date",
            "Planned end date.",
            "تاريخ الانتهاء المخطط",
            ("النهاية المخططة", "planned end", "end (planned)"),
        ),
        Field(
            "actual_start",
            "date",
            "Actual start date.",
            "تاريخ البدء الفعلي",
            ("البداية الفعلية", "actual start", "start (actual)"),
        ),
        Field(
            "actual_end",
            "date",
            "Actual end date; completion date when completed.",
            "تاريخ الانتهاء الفعلي",
            ("النهاية الفعلية", "actual end", "end (actual)", "completed on"),
        ),
        Field(
            "beneficiaries",
            "count",
            "People who benefited directly.",
            "عدد المستفيدين",
            ("المستفيدون", "beneficiaries count"),
        ),
        Field(
            "attendees",
            "count",
            "People who attended (events).",
            "عدد الحضور",
            ("الحضور", "attendance", "attendees count"),
        ),
        Field(
            "partners",
            "text",
            "Partner organisations as 'type: name' items separated by ';' (or a JSON list of "
            "{type, name}); types: ngo, education, religious, social, private.",
            "الشركاء",
            ("الجهات الشريكة", "جهات الشراكة", "partners", "partner organisations"),
        ),
        Field(
            "budget_planned",
            "amount",
            "Planned budget in the deployment's currency.",
            "الميزانية المخططة",
            ("الموازنة التقديرية", "planned budget", "budget"),
        ),
        Field(
            "budget_spent",
            "amount",
            "Amount spent in the deployment's currency.",
            "المصروف الفعلي",
            ("التكلفة الفعلية", "المنصرف", "spent", "actual cost", "budget spent"),
        ),
    ),
)

MEDIA_COVERAGE = Contract(
    source="media_coverage",
    grain="One row per media item about the organisation.",
    natural_key="item_id",
    month_field="published_at",
    fields=(
        Field(
            "item_id",
            "id",
            "Identifier of the media item.",
            "رقم المادة",
            ("رقم الخبر", "رقم الرصد", "item id", "id"),
            required=True,
        ),
        _region(),
        _secretariat(required=False),
        Field(
            "published_at",
            "timestamp",
            "Publication time, in the deployment's time zone.",
            "تاريخ النشر",
            ("وقت النشر", "published", "published at", "date"),
            required=True,
        ),
        Field(
            "outlet",
            "text",
            "Name of the newspaper, channel, site or account.",
            "الوسيلة",
            ("اسم الوسيلة", "المنصة", "outlet", "source", "media outlet"),
        ),
        Field(
            "outlet_type",
            "choice",
            "Print, TV, radio, online news or social media.",
            "نوع الوسيلة",
            ("نوع المنصة", "outlet type", "media type", "channel type"),
            required=True,
            choices=OUTLET_TYPES,
            fallbacks=UNKNOWN,
        ),
        Field(
            "owned_or_earned",
            "choice",
            "Owned (our own channels) or earned (coverage by others).",
            "مملوك أم مكتسب",
            ("نوع التغطية", "owned/earned", "owned or earned", "coverage type"),
            required=True,
            choices=OWNED_OR_EARNED,
            fallbacks=UNKNOWN,
        ),
        Field(
            "sentiment",
            "choice",
            "Tone towards the organisation.",
            "الاتجاه",
            ("الانطباع", "التوجه", "sentiment", "tone"),
            required=True,
            choices=SENTIMENTS,
            fallbacks=UNKNOWN,
        ),
        Field(
            "reach",
            "count",
            "Estimated audience reached.",
            "الوصول",
            ("عدد الوصول", "reach", "audience"),
        ),
        Field(
            "impressions",
            "count",
            "Impressions (social and online).",
            "مرات الظهور",
            ("الظهور", "impressions", "views"),
        ),
        Field(
            "engagements",
            "count",
            "Likes, shares, comments and replies.",
            "التفاعلات",
            ("عدد التفاعلات", "التفاعل", "engagements", "interactions"),
        ),
        Field(
            "key_messages",
            "codes",
            "Codes of the key messages the item carries.",
            "الرسائل الرئيسية",
            ("الرسائل", "key messages", "messages"),
        ),
        Field(
            "hashtags",
            "text",
            "Hashtags used.",
            "الوسوم",
            ("الهاشتاجات", "هاشتاج", "hashtags", "tags"),
        ),
        Field("url", "text", "Link to the item.", "الرابط", ("رابط المادة", "url", "link")),
        Field(
            "title",
            "text",
            "Headline or title of the item, as published (carried to staging; no KPI reads it).",
            "عنوان المادة",
            ("العنوان", "عنوان الخبر", "العنوان الرئيسي", "title", "headline"),
        ),
    ),
)

COMPLAINTS = Contract(
    source="complaints",
    grain="One row per citizen complaint, inquiry, suggestion or praise (a ticket).",
    natural_key="ticket_id",
    month_field="received_at",
    order_rules=(
        OrderRule("received_at", "first_response_at"),
        OrderRule("received_at", "resolved_at"),
    ),
    fields=(
        Field(
            "ticket_id",
            "id",
            "Identifier of the ticket.",
            "رقم البلاغ",
            (
                "رقم الشكوى",
                "رقم التذكرة",
                "رقم الطلب",
                "ticket id",
                "ticket no",
                "ticket number",
                "case id",
                "id",
            ),
            required=True,
        ),
        _region(),
        _secretariat(),
        Field(
            "channel",
            "choice",
            "How the ticket was received.",
            "قناة الاستلام",
            ("القناة", "قناة الورود", "channel", "source channel"),
            required=True,
            choices=CHANNELS,
            fallbacks={**OTHER_CHANNEL, **UNKNOWN},
        ),
        Field(
            "kind",
            "choice",
            "Complaint, inquiry, suggestion or praise.",
            "نوع البلاغ",
            ("النوع", "نوع الطلب", "kind", "ticket type", "type"),
            required=True,
            choices=TICKET_KINDS,
        ),
        Field(
            "category",
            "choice",
            "Service the ticket is about.",
            "التصنيف",
            ("الفئة", "تصنيف البلاغ", "category", "service"),
            required=True,
            choices=CATEGORIES,
        ),
        Field(
            "received_at",
            "timestamp",
            "Time the ticket was received, deployment time zone.",
            "تاريخ الاستلام",
            (
                "وقت الاستلام",
                "تاريخ الورود",
                "received",
                "received at",
                "date received",
                "created at",
            ),
            required=True,
        ),
        Field(
            "first_response_at",
            "timestamp",
            "Time of the first response to the citizen.",
            "تاريخ أول رد",
            ("وقت أول رد", "أول استجابة", "first response", "first response at", "responded at"),
        ),
        Field(
            "resolved_at",
            "timestamp",
            "Time the ticket was resolved.",
            "تاريخ الحل",
            ("تاريخ الإغلاق", "وقت الحل", "resolved", "resolved at", "closed at"),
        ),
        Field(
            "expected_at",
            "timestamp",
            "Time the agency promised to resolve the ticket by (Open311 expected_datetime); when "
            "given, it replaces the category's resolution SLA for this ticket.",
            "موعد الحل المتوقع",
            ("الموعد المتوقع", "expected at", "expected datetime", "expected_datetime", "due by"),
        ),
        Field(
            "status",
            "choice",
            "Open, in progress, resolved or closed.",
            "حالة البلاغ",
            ("الحالة", "ticket status"),
            required=True,
            choices=TICKET_STATUSES,
        ),
        Field(
            "reopened_count",
            "count",
            "Times the ticket was reopened after resolution.",
            "عدد مرات إعادة الفتح",
            ("إعادة الفتح", "reopened", "reopened count", "reopens"),
        ),
        Field(
            "satisfaction",
            "score",
            "Citizen satisfaction rating, 1 (worst) to 5 (best).",
            "تقييم الرضا",
            ("الرضا", "التقييم", "satisfaction", "rating", "csat"),
            minimum=1,
            maximum=5,
        ),
        Field(
            "subject",
            "text",
            "Short subject line of the ticket.",
            "الموضوع",
            ("موضوع البلاغ", "subject", "summary"),
        ),
        Field(
            "complainant_name",
            "pii",
            "Name of the citizen (hashed).",
            "اسم مقدم البلاغ",
            ("اسم المواطن", "الاسم", "اسم الشاكي", "name", "citizen name", "complainant"),
        ),
        Field(
            "complainant_phone",
            "pii",
            "Phone number of the citizen (hashed).",
            "رقم الجوال",
            ("رقم الهاتف", "الهاتف", "الجوال", "phone", "mobile", "phone number"),
        ),
        Field(
            "complainant_email",
            "pii",
            "E-mail address of the citizen (hashed).",
            "البريد الإلكتروني",
            ("الإيميل", "email", "e-mail"),
        ),
        Field(
            "complainant_national_id",
            "pii",
            "National ID or iqama number (hashed).",
            "رقم الهوية",
            ("الرقم القومي", "رقم الإقامة", "السجل المدني", "national id", "id number", "iqama"),
        ),
    ),
)

CONTRACTS: Mapping[str, Contract] = {
    c.source: c for c in (MEETINGS, MEETING_ACTIONS, INITIATIVES, MEDIA_COVERAGE, COMPLAINTS)
}

# Lineage columns every raw table carries after the contract's fields.
LINEAGE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("_file_sha256", "VARCHAR"),  # the file the current version of the row came from
    ("_row_number", "BIGINT"),  # 1-based data row within that file (header excluded)
    ("_ingested_at", "TIMESTAMP"),
)


def raw_table_ddl(contract: Contract, schema: str = "raw") -> str:
    columns = [f"{f.name} {f.sql_type}" for f in contract.fields]
    columns += [f"{name} {sql_type}" for name, sql_type in LINEAGE_COLUMNS]
    return (
        f"CREATE TABLE IF NOT EXISTS {schema}.{contract.source} (\n    "
        + ",\n    ".join(columns)
        + f",\n    PRIMARY KEY ({contract.natural_key})\n)"
    )
