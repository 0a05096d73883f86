from __future__ import annotations

from pathlib import Path

import pytest

from conflictwire.config import Settings
from conflictwire.errors import GeocodeError
from conflictwire.geo import Gazetteer, NameKind, detect_format, import_file


def test_custom_csv_lookup_by_alias_and_country(small_gazetteer: Gazetteer) -> None:
    hits = small_gazetteer.lookup("Qarvanah")
    assert hits and hits[0].name == "Karvana" and hits[0].country == "IQ"
    assert [c.country for c in small_gazetteer.lookup("Karvana", country="AW")] == ["AW"]
    assert small_gazetteer.lookup("zubaydiya")[0].parent == "Karvana"


def test_lookup_unknown_name_is_empty(small_gazetteer: Gazetteer) -> None:
    assert small_gazetteer.lookup("Nowhereville") == []
    assert small_gazetteer.lookup("") == []


def test_stats_counts_sources(small_gazetteer: Gazetteer) -> None:
    st = small_gazetteer.stats()
    assert st["places"] == 7
    assert st["by_source"] == {"custom:places.csv": 7}


def test_open_path_missing_file_raises(tmp_path: Path) -> None:
    with pytest.raises(GeocodeError):
        Gazetteer.open_path(tmp_path / "absent.sqlite")


def test_import_geonames_dump_replaces_and_adds(tmp_path: Path) -> None:
    dump = tmp_path / "XX.txt"
    row = [
        "9000001",
        "Qaryat Test",
        "Qaryat Test",
        "Qaryat al Test,Test Village",
        "35.5",
        "43.5",
        "P",
        "PPLA2",
        "IQ",
        "",
        "15",
        "1502",
        "",
        "",
        "1200",
        "",
        "300",
        "Asia/Baghdad",
        "2020-01-01",
    ]
    dump.write_text("\t".join(row) + "\n", encoding="utf-8")
    assert detect_format(dump) == "geonames"
    with Gazetteer.open_path(tmp_path / "g.sqlite", create=True) as gaz:
        assert import_file(gaz, dump) == 1
        assert import_file(gaz, dump) == 1  # same geonameid: replaced, not duplicated
        hits = gaz.lookup("Test Village")
        assert len(hits) == 1 and hits[0].feature_code == "PPLA2" and hits[0].admin2 == "1502"
        alt = tmp_path / "alternateNamesV2.txt"
        alt.write_text("1\t9000001\ten\tTestabad\t\t\t\t\t\t\n2\t9000001\tlink\thttps://x\t\t\t\t\t\t\n")
        assert import_file(gaz, alt) == 1
        assert gaz.lookup("Testabad")[0].geonameid == "9000001"


def test_import_acled_and_ucdp_locations(tmp_path: Path) -> None:
    acled = tmp_path / "acled.csv"
    acled.write_text(
        "event_id_cnty,country,admin1,admin2,location,latitude,longitude,geo_precision\n"
        "IRQ1,Iraq,Ninewa,Mosul,Hay Test,36.30,43.10,1\n"
        "IRQ2,Iraq,Ninewa,Mosul,Hay Test,36.30,43.10,1\n",
        encoding="utf-8",
    )
    ucdp = tmp_path / "ged.csv"
    ucdp.write_text(
        "id,country,adm_1,adm_2,where_coordinates,where_prec,latitude,longitude\n"
        "1,Iraq,Ninewa province,,Qaryat Other village,1,36.1,43.0\n",
        encoding="utf-8",
    )
    with Gazetteer.open_path(tmp_path / "g.sqlite", create=True) as gaz:
        assert import_file(gaz, acled) == 1
        assert import_file(gaz, ucdp) == 1
        hit = gaz.lookup("Hay Test")[0]
        assert (hit.country, hit.admin1, hit.source) == ("IQ", "Ninewa", "acled:acled.csv")
        assert gaz.lookup("Qaryat Other")[0].admin1 == "Ninewa"


def test_detect_format_rejects_unknown(tmp_path: Path) -> None:
    f = tmp_path / "x.csv"
    f.write_text("a,b\n1,2\n")
    with pytest.raises(GeocodeError):
        detect_format(f)


@pytest.mark.slow
def test_full_gazetteer_knows_the_seed_places(full_gazetteer_path: Path) -> None:
    with Gazetteer.open_path(full_gazetteer_path) as gaz:
        for name in ("Tal Afar", "Qayyara", "al Baaj", "Mosul"):
            assert any(c.country == "IQ" for c in gaz.lookup(name)), name
        us = gaz.lookup("U.S.")[0]
        assert us.country == "US" and us.feature_code == "PCLI" and us.kind == NameKind.ABBREVIATION
        assert gaz.lookup("Syria")[0].feature_code == "PCLI"
        assert gaz.admin1_name("US", "LA") == "Louisiana"


@pytest.mark.slow
def test_open_builds_on_first_use(tmp_path: Path) -> None:
    """Build time is measured by bench/bench_geo.py, never asserted here."""
    settings = Settings(cache_dir=tmp_path)
    assert not settings.gazetteer_file.exists()
    with Gazetteer.open(settings) as gaz:
        assert gaz.path == settings.gazetteer_file
        assert gaz.stats()["places"] > 200_000


def test_outdated_gazetteer_with_imports_is_kept_aside(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    from conflictwire.geo._gazetteer import set_aside_outdated

    path = tmp_path / "gazetteer.sqlite"
    with Gazetteer.open_path(path, create=True) as gaz:
        import_file(gaz, Path(__file__).parent / "data" / "places.csv")
        gaz.set_meta("schema", "0")
        gaz.conn.commit()
    kept = set_aside_outdated(path)
    assert kept is not None and kept.exists() and not path.exists()
    assert kept.name == "gazetteer.sqlite.schema-0.bak"
    assert "custom:places.csv" in caplog.text and "import" in caplog.text
    # a file holding only packaged data has nothing of the user's to keep
    with Gazetteer.open_path(path, create=True) as gaz:
        gaz.conn.commit()
    assert set_aside_outdated(path) is None and path.exists()


@pytest.mark.slow
def test_admin1_name_of_a_province_left_to_its_town(full_gazetteer_path: Path) -> None:
    """The build keeps no ADM1 row for "Basra" (its town stands for it): the seat gives the code, and
    the name compiled in is the one ACLED writes (the reference's `acled_name`), not a GeoNames code."""
    with Gazetteer.open_path(full_gazetteer_path) as gaz:
        basrah = next(c for c in gaz.lookup("Basrah", country="IQ") if c.feature_class == "P")
        assert basrah.admin1 and basrah.admin1.isdigit()
        assert gaz.admin1_name("IQ", basrah.admin1) == "Basrah"
        kirkuk = next(c for c in gaz.lookup("Kirkuk", country="IQ") if c.feature_class == "P")
        assert gaz.admin1_name("IQ", kirkuk.admin1) == "Kirkuk"
        hillah = next(c for c in gaz.lookup("Al Hillah", country="IQ") if c.feature_class == "P")
        assert gaz.admin1_name("IQ", hillah.admin1) == "Babylon"  # the table's "Babil", as ACLED writes it
        assert gaz.admin1_name("IQ", "99") is None


def test_division_name_drops_bare_codes() -> None:
    from conflictwire.geo._resolve import _division_name

    assert _division_name("Ninewa") == "Ninewa" and _division_name("Salah al-Din") == "Salah al-Din"
    assert _division_name("02") is None and _division_name("WE") is None and _division_name(None) is None


def test_remembered_lookups_are_forgotten_when_places_are_added(tmp_path: Path) -> None:
    custom = tmp_path / "places.csv"
    custom.write_text("name,latitude,longitude,country,feature_code,population\n"
                      "Qaryat Memo,35.5,43.5,IQ,PPL,100\n", encoding="utf-8")
    with Gazetteer.open_path(tmp_path / "g.sqlite", create=True) as gaz:
        assert gaz.candidates_for_keys(["qaryat memo", "nowhere"]) == {}
        assert import_file(gaz, custom) == 1
        found = gaz.candidates_for_keys(["nowhere", "qaryat memo"])
        assert list(found) == ["qaryat memo"] and found["qaryat memo"][0].name == "Qaryat Memo"
        assert gaz.candidates_for_keys(["qaryat memo"]) == found  # the remembered answer
