"""Words the demo data is made of: outlets, titles, names, partners, subjects.

Keyed by the profile's country (EG, SA; Egypt's lists serve any other), so that a new profile
works without code change. Outlet names are real Egyptian and Saudi media; people's names are
common given and family names combined at random (no real person is described). Templates take
`{region}` (the region's Arabic name without its administrative word), `{place}`, `{month}` and
`{secretariat}`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Outlet:
    name: str
    domain: str  # used to build plausible links; "" for outlets without a site


@dataclass(frozen=True)
class Vocab:
    male_names: tuple[str, ...]
    female_names: tuple[str, ...]
    family_names: tuple[str, ...]
    earned_outlets: Mapping[str, tuple[Outlet, ...]]  # outlet_type -> outlets
    owned_outlets: Mapping[str, tuple[str, ...]]  # outlet_type -> name templates
    owned_domain: str
    hashtags: tuple[str, ...]
    meeting_titles: Mapping[str, tuple[str, ...]]  # meeting_type -> templates
    chair_roles: tuple[str, ...]
    action_titles: tuple[str, ...]
    directive_titles: tuple[str, ...]
    initiative_titles: Mapping[str, tuple[str, ...]]  # initiative_type -> templates
    places: tuple[str, ...]
    streets: tuple[str, ...]
    partners: Mapping[str, tuple[str, ...]]  # partner type -> names (templates)
    email_domains: tuple[str, ...]


# --- shared pieces ---------------------------------------------------------------------------

# fmt: off
COMPLAINT_SUBJECTS: Mapping[str, tuple[str, ...]] = {
    "cleaning": (
        "تراكم القمامة في {street}", "عدم انتظام رفع المخلفات من {place}",
        "انتشار مقلب قمامة عشوائي بجوار {street}", "حاويات القمامة ممتلئة منذ أيام في {place}",
        "مخلفات بناء في {street}",
    ),
    "lighting": (
        "انطفاء أعمدة الإنارة في {street}", "عمود إنارة آيل للسقوط في {place}",
        "إنارة الشارع لا تعمل ليلا في {place}", "أسلاك كهرباء مكشوفة بعمود الإنارة في {street}",
    ),
    "paving": (
        "حفر وتكسير في أسفلت {street}", "طريق غير ممهد في {place}", "هبوط أرضي في {street}",
        "عدم إعادة الشيء لأصله بعد أعمال الحفر في {street}", "مطب عشوائي في {street}",
    ),
    "water": (
        "انقطاع المياه عن {place} منذ يومين", "ضعف ضغط المياه في {place}",
        "تسريب مياه من خط رئيسي في {street}", "تغير لون ورائحة مياه الشرب في {place}",
    ),
    "drainage": (
        "طفح الصرف الصحي في {street}", "انسداد بالوعة الصرف في {place}",
        "تجمع مياه الأمطار في {street}", "غطاء بالوعة مكسور في {street}",
    ),
    "parks": (
        "إهمال الحديقة العامة في {place}", "ألعاب الأطفال بالحديقة تالفة في {place}",
        "الأشجار تحتاج إلى تقليم في {street}", "عدم ري المسطحات الخضراء في {place}",
    ),
    "permits": (
        "تأخر إصدار رخصة البناء", "تعطل طلب ترخيص محل تجاري", "رفض طلب التصالح دون إبداء أسباب",
        "تأخر تجديد الترخيص منذ شهرين",
    ),
    "other": (
        "إشغالات الطريق من المحلات في {street}", "كلاب ضالة في {place}",
        "ضوضاء من ورشة في منطقة سكنية", "سيارات متروكة في {street}",
    ),
}
INQUIRY_SUBJECTS = (
    "استفسار عن موعد رفع المخلفات في {place}", "استفسار عن إجراءات استخراج الترخيص",
    "استفسار عن موعد إصلاح {street}", "استفسار عن حالة البلاغ السابق", "استفسار عن مواعيد العمل",
)
SUGGESTION_SUBJECTS = (
    "اقتراح بزيادة عدد الحاويات في {place}", "اقتراح بإنشاء حديقة في {place}",
    "اقتراح بإضافة مطبات صناعية أمام المدرسة في {street}",
    "اقتراح بتوفير خدمة إلكترونية لمتابعة البلاغات",
)
PRAISE_SUBJECTS = (
    "شكر لفريق النظافة في {place}", "شكر على سرعة الاستجابة للبلاغ", "إشادة بأعمال تطوير {street}",
    "شكر للعاملين على حسن التعامل",
)
KEY_MESSAGES = tuple(f"KM{i:02d}" for i in range(1, 9))

# A Latin spelling of common names, for e-mail addresses.
LATIN = {
    "محمد": "mohamed", "أحمد": "ahmed", "محمود": "mahmoud", "مصطفى": "mostafa", "علي": "ali",
    "حسن": "hassan", "حسين": "hussein", "إبراهيم": "ibrahim", "يوسف": "youssef", "عمر": "omar",
    "خالد": "khaled", "عبدالله": "abdullah", "عبد الله": "abdallah", "طارق": "tarek",
    "كريم": "karim", "ياسر": "yasser", "سعيد": "saeed", "هشام": "hesham", "وليد": "waleed",
    "عمرو": "amr", "شريف": "sherif", "رامي": "ramy", "سامح": "sameh", "عادل": "adel",
    "جمال": "gamal", "فاطمة": "fatma", "مريم": "mariam", "نورا": "noura", "هبة": "heba",
    "منى": "mona", "سارة": "sara", "ياسمين": "yasmin", "دينا": "dina", "آية": "aya",
    "رحاب": "rehab", "أسماء": "asmaa", "إيمان": "eman", "نادية": "nadia", "سلمى": "salma",
    "هدى": "hoda", "شيماء": "shaimaa", "مروة": "marwa", "ريهام": "reham", "السيد": "elsayed",
    "عبد الرحمن": "abdelrahman", "النجار": "elnaggar", "الشافعي": "elshafei", "منصور": "mansour",
    "سليمان": "soliman", "عبد العزيز": "abdelaziz", "فهد": "fahad", "سعد": "saad",
    "سلطان": "sultan", "فيصل": "faisal", "تركي": "turki", "بندر": "bandar", "ماجد": "majed",
    "نايف": "naif", "مشعل": "mishal", "نواف": "nawaf", "راشد": "rashed", "ناصر": "nasser",
    "نورة": "noura", "ريم": "reem", "هيفاء": "haifa", "العنود": "alanoud", "لطيفة": "latifa",
    "منيرة": "munira", "جواهر": "jawaher", "الجوهرة": "aljohara", "أمل": "amal", "شهد": "shahad",
    "القحطاني": "alqahtani", "العتيبي": "alotaibi", "الشهري": "alshehri", "الغامدي": "alghamdi",
    "الزهراني": "alzahrani", "الدوسري": "aldosari", "الحربي": "alharbi", "المطيري": "almutairi",
    "العنزي": "alanazi", "الشمري": "alshammari", "السبيعي": "alsubaie", "القرني": "alqarni",
    "المالكي": "almalki", "العمري": "alomari", "الرشيدي": "alrashidi", "البلوي": "albalawi",
    "الجهني": "aljohani", "الخالدي": "alkhalidi", "عبد الحميد": "abdelhamid", "فرج": "farag",
    "عثمان": "osman", "رمضان": "ramadan", "زكي": "zaki", "الشربيني": "elsherbiny",
    "البدري": "elbadry", "عبد الفتاح": "abdelfattah", "شحاتة": "shehata", "بدوي": "badawy",
    "الصعيدي": "elsaidy", "حمدي": "hamdy", "عبد الغني": "abdelghany", "موسى": "moussa",
}

_EG = Vocab(
    male_names=(
        "محمد", "أحمد", "محمود", "مصطفى", "علي", "حسن", "حسين", "إبراهيم", "يوسف", "عمر", "خالد",
        "عبد الله", "طارق", "كريم", "ياسر", "سعيد", "هشام", "وليد", "عمرو", "شريف", "رامي", "سامح",
        "عادل", "جمال", "السيد", "عبد الرحمن",
    ),
    female_names=(
        "فاطمة", "مريم", "نورا", "هبة", "منى", "سارة", "ياسمين", "دينا", "آية", "رحاب", "أسماء",
        "إيمان", "نادية", "سلمى", "هدى", "شيماء", "مروة", "ريهام",
    ),
    family_names=(
        "السيد", "عبد الرحمن", "حسن", "إبراهيم", "الشافعي", "عبد العزيز", "منصور", "النجار",
        "سليمان", "عبد الحميد", "فرج", "عثمان", "رمضان", "زكي", "الشربيني", "البدري", "عبد الفتاح",
        "شحاتة", "بدوي", "الصعيدي", "حمدي", "عبد الغني", "موسى", "علي", "محمود",
    ),
    earned_outlets={
        "print": (
            Outlet("الأهرام", "gate.ahram.org.eg"), Outlet("الأخبار", "akhbarelyom.com"),
            Outlet("الجمهورية", "gomhuriaonline.com"), Outlet("المصري اليوم", "almasryalyoum.com"),
            Outlet("الشروق", "shorouknews.com"), Outlet("الوفد", "alwafd.news"),
            Outlet("روز اليوسف", "rosaelyoussef.com"), Outlet("أخبار اليوم", "akhbarelyom.com"),
        ),
        "tv": (
            Outlet("القاهرة الإخبارية", "alqaheranews.net"),
            Outlet("قناة صدى البلد", "elbalad.news"), Outlet("سي بي سي", "cbc-eg.com"),
            Outlet("أون", "onent.tv"), Outlet("دي إم سي", "dmc.tv"), Outlet("قناة الحياة", ""),
            Outlet("قناة النيل للأخبار", ""), Outlet("التلفزيون المصري", ""),
        ),
        "radio": (
            Outlet("البرنامج العام", ""), Outlet("راديو مصر", ""),
            Outlet("نجوم إف إم", "nogoumfm.net"), Outlet("إذاعة الشرق الأوسط", ""),
            Outlet("نغم إف إم", ""), Outlet("الإذاعة المحلية", ""),
        ),
        "online_news": (
            Outlet("اليوم السابع", "youm7.com"), Outlet("مصراوي", "masrawy.com"),
            Outlet("الوطن", "elwatannews.com"), Outlet("القاهرة 24", "cairo24.com"),
            Outlet("فيتو", "vetogate.com"), Outlet("البوابة نيوز", "albawabhnews.com"),
            Outlet("بوابة الأهرام", "gate.ahram.org.eg"), Outlet("صدى البلد", "elbalad.news"),
            Outlet("الشروق نيوز", "shorouknews.com"), Outlet("المصري اليوم", "almasryalyoum.com"),
        ),
        "social": (
            Outlet("صفحة أخبار {region}", "facebook.com"), Outlet("{region} الآن", "facebook.com"),
            Outlet("شبكة أخبار {region}", "facebook.com"), Outlet("{region} اليوم", "x.com"),
            Outlet("قناة {region} على يوتيوب", "youtube.com"), Outlet("حساب إعلامي محلي", "x.com"),
        ),
    },
    owned_outlets={
        "social": (
            "الصفحة الرسمية للحزب بمحافظة {region}", "حساب أمانة {region} على X",
            "قناة الحزب على يوتيوب", "صفحة {secretariat} على فيسبوك", "حساب الحزب على إنستجرام",
            "حساب الحزب على تيك توك",
        ),
        "online_news": ("الموقع الرسمي للحزب", "النشرة الإلكترونية لأمانة {region}"),
    },
    owned_domain="hizb.org.eg",
    hashtags=(
        "#مصر_أولا", "#معا_نبني", "#خدمة_المواطن", "#صوتك_مسموع", "#شارك", "#بلدنا_أحلى",
        "#حياة_كريمة", "#{region}_تستحق", "#أمانة_{region}", "#الحوار_الوطني",
    ),
    meeting_titles={
        "internal": (
            "الاجتماع الدوري لأمانة {region}", "اجتماع متابعة خطة شهر {month}",
            "اجتماع تنسيقي لأمناء المراكز", "اجتماع {secretariat} الشهري",
            "اجتماع هيئة مكتب أمانة {region}", "اجتماع مراجعة تقارير الأمانات النوعية",
        ),
        "executive_body": (
            "لقاء مع محافظ {region}", "اجتماع مع مديرية الصحة بشأن القوافل",
            "لقاء مع رئيس مجلس المدينة", "اجتماع مع مديرية التربية والتعليم",
            "لقاء مع مديرية الشباب والرياضة",
        ),
        "political_entity": (
            "لقاء تنسيقي مع الأحزاب بالمحافظة", "اجتماع مع نواب المحافظة",
            "لقاء مع أعضاء مجلس الشيوخ عن {region}", "اجتماع تحالف الأحزاب",
        ),
        "community_partner": (
            "اجتماع مع ممثلي الجمعيات الأهلية", "لقاء مع رجال الأعمال بالمحافظة",
            "اجتماع مع كبار العائلات في {place}", "لقاء مع ممثلي الاتحادات الطلابية",
        ),
        "media": (
            "لقاء مع الصحفيين المحليين", "مؤتمر صحفي لإعلان نتائج المبادرات",
            "اجتماع مع مراسلي القنوات", "لقاء إعلامي حول خطة شهر {month}",
        ),
        "other": ("زيارة ميدانية إلى {place}", "اجتماع طارئ", "لقاء مفتوح مع المواطنين"),
    },
    chair_roles=(
        "أمين المحافظة", "الأمين المساعد", "أمين التنظيم", "أمين الإعلام", "أمين الشباب",
        "أمينة المرأة", "أمين العلاقات العامة", "الأمين العام المساعد",
    ),
    action_titles=(
        "إعداد خطة تنفيذية لتطوير {place}", "التواصل مع الجهات المعنية بشأن {place}",
        "رفع تقرير بنتائج الزيارة الميدانية", "حصر احتياجات {place}",
        "تنظيم لقاء جماهيري في {place}", "متابعة شكاوى المواطنين في {place}", "إعداد بيان صحفي",
        "تشكيل لجنة متابعة", "تحديث قاعدة بيانات الأعضاء", "التنسيق مع مديرية الصحة لتنظيم قافلة",
    ),
    directive_titles=(
        "توجيه بتكثيف التواجد الميداني خلال شهر {month}", "رفع تقرير شهري بالإنجازات",
        "متابعة حل شكاوى المواطنين المتأخرة", "تنفيذ مبادرة العام الدراسي الجديد",
        "حصر الأسر الأولى بالرعاية في {region}", "تفعيل دور لجان المراكز",
        "الاستعداد لاستقبال شهر رمضان", "تنظيم حملة للتوعية بالمشاركة",
    ),
    initiative_titles={
        "community_initiative": (
            "مبادرة كسوة الشتاء في {place}", "مبادرة تجهيز العرائس",
            "مبادرة دعم الأسر الأولى بالرعاية", "مبادرة تطوير مدرسة {place}", "مبادرة شنطة رمضان",
        ),
        "mass_event": (
            "مؤتمر جماهيري في {place}", "احتفالية بذكرى انتصارات أكتوبر", "ملتقى شباب {region}",
            "مهرجان الأسرة المصرية",
        ),
        "awareness_campaign": (
            "حملة توعية بترشيد استهلاك المياه", "حملة للتوعية بمخاطر الإدمان",
            "حملة التوعية بالمشاركة في الانتخابات", "حملة {region} نظيفة",
        ),
        "conference": ("مؤتمر الشباب والتنمية في {region}", "المؤتمر السنوي لأمانة {region}"),
        "seminar": (
            "ندوة عن الحوار الوطني", "ندوة عن دور المرأة في التنمية", "ندوة عن الوعي السياسي",
        ),
        "workshop": (
            "ورشة عمل لتدريب الشباب على ريادة الأعمال", "ورشة عمل عن الإعلام الرقمي",
            "ورشة تدريبية لأعضاء الأمانات",
        ),
        "service_convoy": (
            "قافلة طبية مجانية في {place}", "قافلة بيطرية في {place}", "قافلة خدمية إلى {place}",
        ),
    },
    places=(
        "قرية الشيخ علي", "عزبة النخل", "نجع حمادي", "كفر الشيخ سالم", "ميت حلفا", "حي الزهور",
        "حي الشرق", "حي غرب", "المنشية", "الحي الأول", "قرية السلام", "الكوم الأحمر", "أبو طالب",
        "حي السلام", "منشأة ناصر", "البلد", "الحي الثاني", "قرية الجزيرة",
    ),
    streets=(
        "شارع الجمهورية", "شارع بورسعيد", "شارع الجيش", "شارع النيل", "شارع المدارس",
        "شارع الجلاء", "شارع 23 يوليو", "شارع سعد زغلول", "شارع المحطة", "شارع التحرير",
        "شارع الثورة", "الطريق الدائري",
    ),
    partners={
        "ngo": (
            "مؤسسة مصر الخير", "جمعية الأورمان", "بنك الطعام المصري", "جمعية رسالة", "صناع الحياة",
            "الهلال الأحمر المصري", "جمعية تنمية المجتمع بـ{place}",
        ),
        "education": (
            "جامعة {region}", "مديرية التربية والتعليم", "مدرسة {place} الثانوية",
            "المعهد الفني الصناعي",
        ),
        "religious": (
            "مديرية أوقاف {region}", "الأزهر الشريف", "مطرانية {region}", "مسجد {place} الكبير",
        ),
        "social": ("مركز شباب {place}", "نادي {region} الرياضي", "قصر ثقافة {region}"),
        "private": (
            "البنك الأهلي المصري", "بنك مصر", "فودافون مصر", "أورنج مصر", "شركة المقاولون العرب",
            "مصنع سكر {region}",
        ),
    },
    email_domains=("gmail.com", "yahoo.com", "hotmail.com", "outlook.com"),
)

_SA = Vocab(
    male_names=(
        "محمد", "عبدالله", "فهد", "سعد", "خالد", "سلطان", "فيصل", "تركي", "بندر", "ماجد", "نايف",
        "مشعل", "نواف", "راشد", "ناصر", "عبد العزيز", "عمر", "علي", "يوسف", "إبراهيم",
    ),
    female_names=(
        "نورة", "سارة", "ريم", "هيفاء", "العنود", "لطيفة", "منيرة", "جواهر", "الجوهرة", "أمل",
        "شهد", "مريم", "فاطمة",
    ),
    family_names=(
        "القحطاني", "العتيبي", "الشهري", "الغامدي", "الزهراني", "الدوسري", "الحربي", "المطيري",
        "العنزي", "الشمري", "السبيعي", "القرني", "المالكي", "العمري", "الرشيدي", "البلوي",
        "الجهني", "الخالدي",
    ),
    earned_outlets={
        "print": (
            Outlet("صحيفة الرياض", "alriyadh.com"), Outlet("عكاظ", "okaz.com.sa"),
            Outlet("الوطن", "alwatan.com.sa"), Outlet("الجزيرة", "al-jazirah.com"),
            Outlet("المدينة", "al-madina.com"), Outlet("اليوم", "alyaum.com"),
            Outlet("الشرق الأوسط", "aawsat.com"), Outlet("مكة", "makkahnewspaper.com"),
        ),
        "tv": (
            Outlet("القناة السعودية الأولى", "sba.sa"), Outlet("الإخبارية", "alekhbariya.net"),
            Outlet("قناة العربية", "alarabiya.net"), Outlet("روتانا خليجية", ""),
            Outlet("إم بي سي 1", "mbc.net"), Outlet("إس بي سي", "sbc.sa"),
        ),
        "radio": (
            Outlet("إذاعة الرياض", "sba.sa"), Outlet("إذاعة جدة", "sba.sa"),
            Outlet("يو إف إم", "ufm.sa"), Outlet("روتانا إف إم", ""), Outlet("ميكس إف إم", ""),
            Outlet("ألف ألف", ""),
        ),
        "online_news": (
            Outlet("سبق", "sabq.org"), Outlet("عاجل", "ajel.sa"),
            Outlet("المواطن", "almowaten.net"), Outlet("أخبار 24", "akhbaar24.argaam.com"),
            Outlet("الوئام", "alweeam.com.sa"), Outlet("تواصل", "twasul.info"),
            Outlet("صحيفة الرياض", "alriyadh.com"),
        ),
        "social": (
            Outlet("أخبار {region}", "x.com"), Outlet("{region} الآن", "x.com"),
            Outlet("سناب {region}", "snapchat.com"), Outlet("حساب إعلامي محلي", "x.com"),
            Outlet("يوميات {region}", "instagram.com"),
        ),
    },
    owned_outlets={
        "social": (
            "حساب أمانة {region} على X", "حساب {secretariat} على X",
            "حساب أمانة {region} على سناب شات", "قناة أمانة {region} على يوتيوب",
            "حساب بلدي 940 على X",
        ),
        "online_news": ("الموقع الإلكتروني لأمانة {region}", "بوابة بلدي"),
    },
    owned_domain="momrah.gov.sa",
    hashtags=(
        "#رؤية_2030", "#بلدي", "#أمانة_{region}", "#مدينتي_أجمل", "#أنسنة_المدن", "#جودة_الحياة",
        "#سلامتك_تهمنا", "#{region}_تتجمل", "#خدمات_بلدية",
    ),
    meeting_titles={
        "internal": (
            "الاجتماع الدوري لإدارات أمانة {region}", "اجتماع متابعة مؤشرات الأداء لشهر {month}",
            "اجتماع {secretariat} الأسبوعي", "اجتماع مراجعة بلاغات 940",
        ),
        "executive_body": (
            "اجتماع مع فرع وزارة البيئة والمياه والزراعة", "لقاء مع إدارة المرور",
            "اجتماع مع شركة المياه الوطنية", "اجتماع مع الدفاع المدني",
        ),
        "political_entity": (
            "اجتماع مع المجلس البلدي", "لقاء مع أعضاء مجلس المنطقة", "اجتماع لجنة التنمية المحلية",
        ),
        "community_partner": (
            "لقاء مع عمد الأحياء", "اجتماع مع الجمعيات الأهلية", "لقاء مع الغرفة التجارية",
            "اجتماع مع ملاك المحلات في {place}",
        ),
        "media": (
            "لقاء مع الإعلاميين", "مؤتمر صحفي لإطلاق مشروعات الأمانة", "لقاء مع مراسلي الصحف",
        ),
        "other": ("جولة ميدانية في {place}", "اجتماع طارئ بشأن الأمطار", "لقاء مفتوح مع السكان"),
    },
    chair_roles=(
        "أمين المنطقة", "وكيل الأمين للخدمات", "وكيل الأمين للتعمير", "مدير العلاقات العامة",
        "مدير المركز الإعلامي", "مساعد الأمين", "مدير إدارة خدمة العملاء",
    ),
    action_titles=(
        "معالجة الملاحظات في {place}", "رفع تقرير بنتائج الجولة الميدانية",
        "التنسيق مع شركة المياه بشأن {place}", "إعداد خطة الاستعداد لموسم الأمطار",
        "تحديث بيانات البلاغات المتأخرة", "إعداد بيان إعلامي", "صيانة الإنارة في {place}",
        "إزالة التشوه البصري في {street}",
    ),
    directive_titles=(
        "توجيه معالي الوزير بسرعة معالجة البلاغات المتأخرة", "رفع تقرير شهري بمؤشرات الأداء",
        "تكثيف أعمال النظافة خلال شهر {month}", "الاستعداد لموسم الأمطار",
        "تنفيذ حملة إزالة التشوه البصري", "تحسين تجربة المستفيد في مراكز الخدمة",
        "الاستعداد لفعاليات اليوم الوطني",
    ),
    initiative_titles={
        "community_initiative": (
            "مبادرة تشجير الأحياء في {place}", "مبادرة حيّنا أجمل", "مبادرة سقيا الماء",
            "مبادرة تأهيل الحدائق في {place}",
        ),
        "mass_event": (
            "احتفال اليوم الوطني في {region}", "فعالية يوم التأسيس", "مهرجان {region} للتسوق",
            "احتفالية العيد في {place}",
        ),
        "awareness_campaign": (
            "حملة النظافة الشاملة في {place}", "حملة توعوية بسلامة المباني",
            "حملة التوعية باشتراطات المحلات", "حملة {region} تتجمل",
        ),
        "conference": ("ملتقى الاستثمار البلدي في {region}", "مؤتمر المدن الذكية"),
        "seminar": ("ندوة عن أنسنة المدن", "ندوة عن الاشتراطات البلدية الجديدة"),
        "workshop": (
            "ورشة عمل عن خدمات بلدي الإلكترونية", "ورشة عمل لتدريب المراقبين",
            "ورشة عن تجربة المستفيد",
        ),
        "service_convoy": ("فرق الخدمات المتنقلة في {place}", "قافلة الخدمات البلدية إلى {place}"),
    },
    places=(
        "حي النسيم", "حي الروضة", "حي العزيزية", "حي الفيصلية", "حي الشفا", "حي السلامة",
        "حي النزهة", "حي الربوة", "حي الملز", "حي الصفا", "حي المروج", "حي الخالدية", "حي الورود",
        "حي الفيحاء",
    ),
    streets=(
        "طريق الملك فهد", "شارع الأمير سلطان", "طريق الملك عبدالعزيز", "شارع التحلية",
        "طريق الأمير محمد بن سلمان", "شارع الستين", "الطريق الدائري", "شارع الخليج",
    ),
    partners={
        "ngo": (
            "جمعية البر الخيرية", "جمعية إنسان", "جمعية تكافل", "جمعية الإسكان التنموي",
            "جمعية أصدقاء البيئة",
        ),
        "education": ("جامعة {region}", "إدارة التعليم بمنطقة {region}", "الكلية التقنية"),
        "religious": ("فرع وزارة الشؤون الإسلامية", "جامع {place}", "جمعية تحفيظ القرآن"),
        "social": ("نادي الحي", "مركز حي {place}", "نادي {region} الرياضي"),
        "private": (
            "أرامكو السعودية", "سابك", "إس تي سي", "مصرف الراجحي", "البنك الأهلي السعودي",
            "المراعي",
        ),
    },
    email_domains=("gmail.com", "hotmail.com", "outlook.sa", "yahoo.com", "icloud.com"),
)
# fmt: on

_VOCABS = {"EG": _EG, "SA": _SA}


def vocab_for(country: str) -> Vocab:
    """The word lists for a country; Egypt's serve any other Arabic-speaking deployment."""
    return _VOCABS.get(country.upper(), _EG)
