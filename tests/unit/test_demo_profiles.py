"""The demo generator works for any valid profile: Latin diacritics in names and aliases, Arabic
letters a legacy code page cannot hold, regions without a population, and the shipped `jordan`."""

from __future__ import annotations

import json
import random
from dataclasses import replace
from pathlib import Path

import pytest

from mizan.demo import generate_demo_data
from mizan.demo.habits import RegionHabits, _random_habit, normalise
from mizan.demo.months import Month, month_span
from mizan.demo.plan import make_plan
from mizan.demo.styles import file_style
from mizan.org import load_profile
from tests.support.demo_files import check_file

ARGS = {"months": 4, "end_month": "2025-06", "scale": 0.03, "seed": 3}

# Every English name and most aliases need characters Windows-1256 does not have.
_DIACRITIC_REGIONS = (
    "code,iso_3166_2,name_ar,name_en,aliases,population,population_year,parent\n"
    "ZARQA,XX-AZ,الزرقاء,Az Zarqā’,Az-Zarqā|Zarqā,1364878,2015,XX\n"
    "TAFILAH,XX-AT,الطفيلة,Aţ Ţafīlah,Ţafīlah|Aţ-Ţafīla,96291,2015,XX\n"
    "HAIL,XX-HA,حائل,Ḥā'il,Ḥāyil|Ḥā’il,746406,2022,XX\n"
    "RIYADH,XX-RI,الرياض,Ar Riyāḑ,Riyāḑ|Ar-Riyāḑ,,,XX\n"
)
_DIACRITIC_SECRETARIATS = (
    "code,name_ar,name_en,aliases\n"
    "PR,العلاقات العامة,Relations publiqūes,Publiqū\n"
    "MEDIA,الإعلام,Médiā,Mediā Office\n"
)


def _profile(folder: Path, regions: str, secretariats: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "profile.yml").write_text(
        "name: diacritics\nname_ar: اختبار\nname_en: Test\ncountry: XX\ntimezone: Asia/Amman\n",
        encoding="utf-8",
    )
    (folder / "regions.csv").write_text(regions, encoding="utf-8")
    (folder / "secretariats.csv").write_text(secretariats, encoding="utf-8")
    return folder


@pytest.fixture
def diacritics(tmp_path: Path):
    return load_profile(_profile(tmp_path / "profile", _DIACRITIC_REGIONS, _DIACRITIC_SECRETARIATS))


def _cp1256_style(profile, region: str, lang: str, seed: int = 1):
    habit = normalise(replace(_random_habit(random.Random(seed)), fmt="csv_cp1256", lang=lang))
    habits = RegionHabits(region, False, ((0, habit),), True)
    return file_style(profile, habits, "complaints", 0, seed)


def _encodes(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_windows_1256_file_uses_only_spellings_it_can_hold(diacritics, lang):
    for region in diacritics.region_codes:
        for seed in range(5):
            style = _cp1256_style(diacritics, region, lang, seed)
            assert style.encoding == "cp1256"
            spellings = [style.region_usual, *style.region_variants]
            for code in diacritics.secretariat_codes:
                spellings += [style.secretariat_usual[code], *style.secretariat_variants[code]]
            assert all(_encodes(s, "cp1256") for s in spellings), (region, spellings)
            # and every spelling still resolves to its code
            assert diacritics.resolve_region(style.region_usual) == region
            assert {diacritics.resolve_region(v) for v in style.region_variants} == {region}


def test_a_file_whose_arabic_names_do_not_fit_the_code_page_is_written_in_utf8(tmp_path):
    profile = load_profile(
        _profile(
            tmp_path / "veh",
            _DIACRITIC_REGIONS,
            "code,name_ar,name_en,aliases\nPR,ڤعاليات,Events,\n",  # ڤ (veh) is not in cp1256
        )
    )
    style = _cp1256_style(profile, "ZARQA", "ar")
    assert (style.format_name, style.encoding) == ("csv_utf8", "utf-8")


def test_a_region_without_population_gets_a_plan(diacritics):
    plan = make_plan(diacritics, month_span(Month.parse("2025-06"), 3), seed=1, scale=0.1)
    assert diacritics.region("RIYADH").population is None
    sizes = {r.code: r.population for r in plan.regions}
    assert all(size > 0 for size in sizes.values())
    # sized like the median of the regions that have one, never written as its population
    assert sizes["RIYADH"] == 746406


@pytest.mark.parametrize("name", ["diacritics", "jordan"])
def test_demo_data_for_any_valid_profile_reads_back(tmp_path, diacritics, name):
    profile = diacritics if name == "diacritics" else load_profile("jordan")
    source = tmp_path / "profile" if name == "diacritics" else "jordan"
    home = tmp_path / "home"
    summary = generate_demo_data(home, profile=str(source), **ARGS)
    assert sum(summary.rows.values()) > 0
    index = [json.loads(line) for line in (home / "demo" / "files.jsonl").read_text().splitlines()]
    regular = [f for f in index if not f.get("special")]
    assert {f["region"] for f in regular} == set(profile.region_codes)
    for info in regular:
        if info["encoding"] == "cp1256":
            (home / info["file"]).read_bytes().decode("cp1256")
        check = check_file(home / info["file"], info["source"], profile)
        clean = [w for w, problems in check.problems.items() if not problems]
        assert clean, info["file"]  # rows that read back with no problem: regions resolved
