"""`conflictwire ingest` and `gazetteer lookup` exit codes, messages and limits, without loading a model.

Every input here is either rejected or already stored, so the pipeline's models never load
and each test runs in well under a second: the store is seeded with the good documents'
articles first (as a re-ingest would find them).
"""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner, Result

from conflictwire.cli import app
from conflictwire.config import Settings
from conflictwire.ingest import read_inputs
from conflictwire.models import Article, ArticleResult
from conflictwire.store import Store

STORY = "Five people were killed when a car bomb exploded in a market in Kirkuk on Tuesday, police said."
ARABIC_STORY = ("قتل شخصان وأصيب خمسة آخرون في هجوم بسيارة مفخخة على سوق شعبي في بغداد يوم الاثنين، "
                "بحسب ما قالت الشرطة. وقال مسؤول أمني إن الانفجار وقع في ساعة الذروة عندما كان السوق مزدحما.")
LONG_NAME = "a_rather_long_file_name_for_a_report_from_the_northern_provinces_of_the_country_[final].txt"


def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(app, list(args), env={"CONFLICTWIRE_MAX_BYTES": "", **(env or {})})


def bad_folder(root: Path) -> Path:
    folder = root / "bad"
    folder.mkdir()
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + bytes(range(200)))
    (folder / "blank.txt").write_text("", encoding="utf-8")
    (folder / LONG_NAME).write_text("  \n", encoding="utf-8")
    return folder


def seed(db: Path, *paths: Path) -> None:
    """Store the articles these files hold (no incidents), as an earlier run would have."""
    store = Store(f"sqlite:///{db}")
    arts = [a for a in read_inputs([str(p) for p in paths], Settings(db_url="sqlite://")) if isinstance(a, Article)]
    assert arts, "the seeded files must hold articles"
    store.save_batch([ArticleResult(a) for a in arts])
    store.close()


def test_ingest_exits_1_when_every_input_is_rejected(tmp_path: Path) -> None:
    folder = bad_folder(tmp_path)
    res = invoke("ingest", str(folder), "--db", str(tmp_path / "cw.db"))
    assert res.exit_code == 1, res.output
    assert f"{folder / 'photo.jpg'}: binary" in res.stderr and f"{folder / 'blank.txt'}: empty" in res.stderr
    assert "0 stored, 0 already known, 3 rejected (see above)" in res.stdout
    assert "every input was rejected" in res.stderr


def test_ingest_rejection_lines_are_whole_however_narrow_the_console(tmp_path: Path) -> None:
    """A long path is neither folded across lines nor stripped of "[final]" (Rich markup)."""
    folder = bad_folder(tmp_path)
    res = invoke("ingest", str(folder), "--db", str(tmp_path / "cw.db"), "-q")
    assert res.exit_code == 1
    assert f"rejected {folder / LONG_NAME}: empty (no text)\n" in res.stderr
    assert res.stdout == ""  # -q: no summary


def test_ingest_missing_file_alone_exits_1(tmp_path: Path) -> None:
    res = invoke("ingest", str(tmp_path / "nowhere.txt"), "--db", str(tmp_path / "cw.db"))
    assert res.exit_code == 1 and "nowhere.txt: missing" in res.stderr


def test_ingest_mixed_folder_exits_0_and_names_each_rejection(tmp_path: Path) -> None:
    folder = bad_folder(tmp_path)
    (folder / "good.txt").write_text(STORY, encoding="utf-8")
    db = tmp_path / "cw.db"
    seed(db, folder / "good.txt")
    res = invoke("ingest", str(folder), "--db", str(db))
    assert res.exit_code == 0, res.output
    assert "1 already known, 3 rejected (see above)" in res.stdout
    assert sum(line.startswith("rejected ") for line in res.stderr.splitlines()) == 3
    assert "photo.jpg: binary (contains NUL bytes)" in res.stderr


def test_ingest_max_bytes_flag_beats_the_environment(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_text(STORY * 10, encoding="utf-8")
    db = str(tmp_path / "cw.db")
    from_env = invoke("ingest", str(tmp_path / "big.txt"), "--db", db, env={"CONFLICTWIRE_MAX_BYTES": "300"})
    assert from_env.exit_code == 1
    assert ("big.txt: oversize (950 bytes exceeds the 300-byte limit (raise it with --max-bytes or "
            "CONFLICTWIRE_MAX_BYTES))") in from_env.stderr
    from_flag = invoke("ingest", str(tmp_path / "big.txt"), "--db", db, "--max-bytes", "200",
                       env={"CONFLICTWIRE_MAX_BYTES": "5,000,000"})
    assert from_flag.exit_code == 1 and "exceeds the 200-byte limit" in from_flag.stderr


def test_ingest_bad_max_bytes_is_a_usage_error(tmp_path: Path) -> None:
    res = invoke("ingest", str(tmp_path), "--db", str(tmp_path / "cw.db"), env={"CONFLICTWIRE_MAX_BYTES": "5MB"})
    assert res.exit_code == 2 and "CONFLICTWIRE_MAX_BYTES='5MB' is not a number of bytes" in res.stderr
    res = invoke("ingest", str(tmp_path), "--db", str(tmp_path / "cw.db"), "--max-bytes", "0")
    assert res.exit_code == 2


def test_ingest_notes_a_legacy_encoding(tmp_path: Path) -> None:
    src = tmp_path / "baghdad.txt"
    src.write_bytes(ARABIC_STORY.encode("cp1256"))
    db = tmp_path / "cw.db"
    seed(db, src)
    res = invoke("ingest", str(src), "--db", str(db))
    assert res.exit_code == 0, res.output
    assert f"not UTF-8, decoded as cp1256 (detected): {src}" in res.stderr
    store = Store(f"sqlite:///{db}")
    (art,) = store.articles()
    store.close()
    assert art.text == ARABIC_STORY and art.metadata["source_encoding"] == "cp1256"


def test_gazetteer_lookup_of_an_unknown_name_exits_1(gaz_file: Path) -> None:
    res = invoke("gazetteer", "lookup", "Atlantisville", "--gazetteer", str(gaz_file))
    assert res.exit_code == 1
    assert res.stdout == ""
    assert "'Atlantisville' is not in the gazetteer" in res.stderr
    known = invoke("gazetteer", "lookup", "Karvana", "--gazetteer", str(gaz_file))
    assert known.exit_code == 0 and "Karvana" in known.stdout
    elsewhere = invoke("gazetteer", "lookup", "Karvana", "--country", "zz", "--gazetteer", str(gaz_file))
    assert elsewhere.exit_code == 1 and "not in the gazetteer in country ZZ" in elsewhere.stderr
