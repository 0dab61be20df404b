import pytest

from mizan.org import ProfileError, available_profiles, load_profile


def test_both_demo_profiles_load():
    assert {"party-eg", "municipal-sa"} <= set(available_profiles())
    eg = load_profile("party-eg")
    sa = load_profile("municipal-sa")
    assert len(eg.regions) == 27 and eg.timezone == "Africa/Cairo"
    assert len(sa.regions) == 13 and sa.timezone == "Asia/Riyadh"
    assert all(r.population > 0 for r in (*eg.regions, *sa.regions))
    assert len({r.iso_3166_2 for r in eg.regions}) == 27


@pytest.mark.parametrize(
    ("spelling", "code"),
    [
        ("محافظة قنا", "QENA"),
        ("Qina", "QENA"),
        ("Kena", "QENA"),
        ("EG-KN", "QENA"),
        ("الاسكندريه", "ALEXANDRIA"),
        ("Kafr el-Sheikh", "KAFR_EL_SHEIKH"),
        ("بنى سويف", "BENI_SUEF"),
        ("بور سعيد", "PORT_SAID"),
    ],
)
def test_party_eg_region_spellings_resolve(spelling, code):
    assert load_profile("party-eg").resolve_region(spelling) == code


@pytest.mark.parametrize(
    ("spelling", "code"),
    [
        ("المنطقة الشرقية", "EASTERN"),
        ("أمانة منطقة الرياض", "RIYADH"),
        ("Ha'il", "HAIL"),
        ("جيزان", "JAZAN"),
        ("أمانة العاصمة المقدسة", "MAKKAH"),
    ],
)
def test_municipal_sa_region_spellings_resolve(spelling, code):
    assert load_profile("municipal-sa").resolve_region(spelling) == code


def test_unknown_names_are_never_guessed():
    profile = load_profile("party-eg")
    assert profile.resolve_region("Atlantis") is None
    assert profile.resolve_region("") is None
    assert profile.resolve_region(None) is None
    assert profile.resolve_secretariat("وزارة الخارجية") is None


def test_secretariats_resolve_with_and_without_prefix():
    profile = load_profile("party-eg")
    assert profile.resolve_secretariat("أمانة الشباب") == "YOUTH"
    assert profile.resolve_secretariat("الشباب") == "YOUTH"
    assert profile.resolve_secretariat("Public Relations") == "PR"


def test_a_profile_from_another_country_needs_no_code(tmp_path):
    (tmp_path / "profile.yml").write_text(
        "name: ministry-jo\nname_ar: وزارة\nname_en: Ministry\ncountry: JO\ntimezone: Asia/Amman\n",
        encoding="utf-8",
    )
    (tmp_path / "regions.csv").write_text(
        "code,iso_3166_2,name_ar,name_en,aliases,population,population_year,parent\n"
        "AMMAN,JO-AM,العاصمة,Amman,عمان|Capital,4642000,2021,JO\n"
        "IRBID,JO-IR,إربد,Irbid,Irbed,2050300,2021,JO\n",
        encoding="utf-8",
    )
    (tmp_path / "secretariats.csv").write_text(
        "code,name_ar,name_en,aliases\nPR,العلاقات العامة,Public Relations,PR\n", encoding="utf-8"
    )
    profile = load_profile(tmp_path)
    assert profile.resolve_region("محافظة اربد") == "IRBID"
    assert profile.resolve_region("Amman") == "AMMAN"


def test_an_alias_claimed_by_two_regions_is_refused(tmp_path):
    (tmp_path / "profile.yml").write_text(
        "name_ar: x\nname_en: x\ncountry: XX\ntimezone: UTC\n", encoding="utf-8"
    )
    (tmp_path / "regions.csv").write_text(
        "code,iso_3166_2,name_ar,name_en,aliases,population,population_year,parent\n"
        "A,,أ,A,Twin,1,2020,XX\nB,,ب,B,twin,1,2020,XX\n",
        encoding="utf-8",
    )
    (tmp_path / "secretariats.csv").write_text("code,name_ar,name_en,aliases\n", encoding="utf-8")
    with pytest.raises(ProfileError, match=r"Twin|twin"):
        load_profile(tmp_path)


def test_unknown_profile_names_the_available_ones():
    with pytest.raises(ProfileError, match="party-eg"):
        load_profile("no-such-profile")
