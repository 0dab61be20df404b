import pytest

from mizan.org import ProfileError, available_profiles, check_profile, load_profile


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


# --- checking a profile (mizan profile check) --------------------------------------------------

_META = "name: t\nname_ar: اختبار\nname_en: Test\ncountry: JO\ntimezone: Asia/Amman\n"
_REGIONS_HEADER = "code,iso_3166_2,name_ar,name_en,aliases,population,population_year,parent\n"
_SECRETARIATS = "code,name_ar,name_en,aliases\nPR,العلاقات العامة,Public Relations,PR\n"


def _profile(tmp_path, regions: str, *, secretariats: str = _SECRETARIATS, meta: str = _META):
    (tmp_path / "profile.yml").write_text(meta, encoding="utf-8")
    (tmp_path / "regions.csv").write_text(_REGIONS_HEADER + regions, encoding="utf-8")
    (tmp_path / "secretariats.csv").write_text(secretariats, encoding="utf-8")
    return tmp_path


def _messages(check) -> list[str]:
    return [str(issue) for issue in check.issues]


def test_check_accepts_a_good_profile(tmp_path):
    folder = _profile(
        tmp_path,
        "AMMAN,JO-AM,العاصمة,Amman,عمان,4000000,2023,JO\nIRBID,JO-IR,إربد,Irbid,,2000000,2023,JO\n",
    )
    check = check_profile(folder)
    assert check.ok and check.issues == []
    assert check.profile is not None and check.profile.has_populations


def test_check_refuses_an_empty_arabic_name_with_its_line(tmp_path):
    folder = _profile(
        tmp_path,
        "# a comment line\nAMMAN,JO-AM,العاصمة,Amman,,1,2023,JO\nIRBID,JO-IR,,Irbid,,2,2023,JO\n",
    )
    check = check_profile(folder)
    assert not check.ok
    # line 1 is the header, line 2 the comment
    assert _messages(check) == ["regions.csv:4: error: IRBID has no Arabic name (name_ar)."]
    with pytest.raises(ProfileError, match=r"regions.csv:4: error: IRBID has no Arabic name"):
        load_profile(folder)


def test_check_refuses_duplicate_and_reserved_codes(tmp_path):
    folder = _profile(
        tmp_path,
        "AMMAN,,عمان,Amman,,,,\nAMMAN,,عمان ٢,Amman 2,,,,\nALL,,الكل,Everything,,,,\nirbid,,إربد,Irbid,,,,\n",
    )
    messages = _messages(check_profile(folder))
    assert "regions.csv:3: error: code AMMAN is already used on line 2." in messages
    assert any(m.startswith("regions.csv:4: error: code 'ALL' is reserved") for m in messages)
    assert any(
        m.startswith("regions.csv:5: error: code 'irbid'") and "IRBID" in m for m in messages
    )


def test_an_alias_that_resolves_to_two_regions_is_an_error_naming_both(tmp_path):
    folder = _profile(
        tmp_path,
        "SALT,,السلط,Salt,,,,\nBALQA,,البلقاء,Balqa,As-Salt|Balqa'a,,,\n",
    )
    check = check_profile(folder)
    assert not check.ok
    [error] = check.errors
    assert error.file == "regions.csv" and error.line == 3
    assert "'As-Salt' of BALQA" in error.message and "of SALT (line 2)" in error.message
    assert "both SALT and BALQA" in error.message


def test_populations_are_optional_and_said_so(tmp_path):
    folder = _profile(tmp_path, "AMMAN,,عمان,Amman,,4000000,2023,\nIRBID,,إربد,Irbid,,,,\n")
    check = check_profile(folder)
    assert check.ok
    assert [i.severity for i in check.issues] == ["warning"]
    assert check.issues[0].line == 3 and "per-100,000" in check.issues[0].message
    profile = load_profile(folder)
    assert profile.region("IRBID").population is None
    assert not profile.has_populations

    none = _profile(tmp_path, "AMMAN,,عمان,Amman,,,,\nIRBID,,إربد,Irbid,,,,\n")
    check = check_profile(none)
    assert check.ok and [i.severity for i in check.issues] == ["note"]
    assert "per-100,000 values are off" in check.issues[0].message


def test_a_population_that_is_not_a_number_is_an_error(tmp_path):
    folder = _profile(tmp_path, 'AMMAN,,عمان,Amman,,"4,000,000",2023,\n')
    assert _messages(check_profile(folder)) == [
        "regions.csv:2: error: AMMAN: population '4,000,000' is not a whole number (digits only, "
        "no separators; leave it empty where it is not known)."
    ]


def test_check_names_missing_columns_files_and_a_bad_time_zone(tmp_path):
    (tmp_path / "profile.yml").write_text(_META.replace("Asia/Amman", "Asia/Nowhere"), "utf-8")
    (tmp_path / "regions.csv").write_text("code,name_en\nAMMAN,Amman\n", encoding="utf-8")
    messages = _messages(check_profile(tmp_path))
    assert any(m.startswith("profile.yml:5: error: timezone 'Asia/Nowhere'") for m in messages)
    assert any(m.startswith("regions.csv:1: error: missing column(s) name_ar") for m in messages)
    assert any(m.startswith("secretariats.csv: error: the file is missing") for m in messages)


def test_shipped_profiles_check_clean():
    for name in available_profiles():
        check = check_profile(name)
        assert check.ok and check.issues == [], (name, _messages(check))


def test_profile_check_command_exit_codes(tmp_path):
    from click.testing import CliRunner

    from mizan.cli import main

    (tmp_path / "good").mkdir()
    good = _profile(tmp_path / "good", "AMMAN,,عمان,Amman,,1,2023,\n")
    result = CliRunner().invoke(main, ["profile", "check", str(good)])
    assert result.exit_code == 0 and "OK" in result.output
    (tmp_path / "bad").mkdir()
    bad = _profile(tmp_path / "bad", "AMMAN,,,Amman,,1,2023,\n")
    result = CliRunner().invoke(main, ["profile", "check", str(bad)])
    assert result.exit_code == 1
    assert "regions.csv:2: error: AMMAN has no Arabic name" in result.output
