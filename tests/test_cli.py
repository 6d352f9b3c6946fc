"""The ``ownership`` command: every command on valid and invalid input, exit codes, output.

Commands run through click's test runner (stdout and stderr apart), and a few as real
processes: the installed script and ``python -m ownership``. Bad input never shows a
traceback; exit codes are 0 (success), 1 (invalid input), 2 (usage), 3 (a bug).
"""

from __future__ import annotations

import functools
import importlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from importlib.metadata import version
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner, Result

from ownership import (
    Assessment,
    AssessmentConfig,
    OwnershipError,
    ValidationError,
    assess,
    read,
    write,
)
from ownership._cli._commands import command
from ownership._cli._progress import Steps
from ownership.cli import main
from ownership.data import demo
from ownership.io import read_polis
from ownership.report._catalogue import LANGUAGES, message, number
from ownership.schema import TABLES, json_schema
from ownership.synth import generate

ROOT = Path(__file__).resolve().parents[1]
POLIS = ROOT / "tests" / "data" / "polis"
SMALL_POLIS = POLIS / "london.youth.policing"
DOCS = ROOT / "docs" / "cli.md"
ASSESS = importlib.import_module(
    "ownership.assess"
)  # the module: the package's name is the function


def run(*args: str | os.PathLike[str], code: int = 0, **kwargs: Any) -> Result:
    """Run ``ownership ARGS`` in-process; check the exit code and that no traceback shows."""
    result = CliRunner().invoke(command, [str(a) for a in args], **kwargs)
    shown = f"exit {result.exit_code}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    assert result.exit_code == code, shown
    assert "Traceback" not in result.output, shown
    if code != 3:  # a bug exits with 3; anything else must not have raised
        assert result.exception is None or isinstance(result.exception, SystemExit), shown
    return result


@functools.cache
def _demo_assessment() -> Assessment:
    return assess(demo())


@pytest.fixture
def cached_assess(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Assess the demo once for the tests of formats; other calls run for real."""
    calls: list[Any] = []

    def cached(process: Any, *, as_of: Any = None, config: Any = None) -> Assessment:
        calls.append(process)
        if process is demo() and as_of is None and config is None:
            return _demo_assessment()
        return assess(process, as_of=as_of, config=config)

    monkeypatch.setattr(ASSESS, "assess", cached)
    return calls


@pytest.fixture(scope="module")
def demo_json(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "process.json"
    write(demo(), path)
    return path


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    for name, sub in sorted(group.commands.items()):
        yield (*prefix, name)
        if isinstance(sub, click.Group):
            yield from _commands(sub, (*prefix, name))


def _command(path: tuple[str, ...]) -> click.Command:
    found: click.Command = command
    for name in path:
        assert isinstance(found, click.Group)
        found = found.commands[name]
    return found


ALL_COMMANDS = [(), *_commands(command)]


# ---------------------------------------------------------------------------
# help, version, extras


@pytest.mark.parametrize("path", ALL_COMMANDS, ids=lambda p: " ".join(p) or "ownership")
def test_help_of_every_command_shows_an_example(path: tuple[str, ...]) -> None:
    result = run(*path, "--help")
    assert result.stdout.startswith(f"Usage: ownership {' '.join(path)}".replace("  ", " "))
    examples = result.stdout.split("Examples:", 1)[1]
    # an example runs this very command (for a group: one of its commands)
    assert re.search(rf"^\s+ownership {re.escape(' '.join(path))}", examples, re.M)


def test_version() -> None:
    result = run("--version")
    assert result.stdout.strip() == f"ownership, version {version('ownership')}"


def test_main_without_the_cli_extra_says_which_extra(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "click", None)  # import click raises ImportError
    assert main(["demo"]) == 1
    captured = capsys.readouterr()
    assert captured.err.strip() == "the command needs the cli extra: pip install 'ownership[cli]'"
    assert captured.out == ""


def test_main_returns_the_exit_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "--table", "units"]) == 0
    assert json.loads(capsys.readouterr().out)["table"] == "units"
    assert main(["validate", "no-such-file.json"]) == 1
    assert main(["no-such-command"]) == 2
    assert "No such command" in capsys.readouterr().err


def test_lang_choices_are_the_catalogue_languages() -> None:
    for name in ("demo", "assess"):
        option = next(p for p in _command((name,)).params if p.name == "lang")
        assert isinstance(option.type, click.Choice)
        assert tuple(option.type.choices) == LANGUAGES
    result = run("demo", "--lang", "de", code=2)
    assert "'--lang'" in result.stderr


# ---------------------------------------------------------------------------
# demo: every format, both languages


@pytest.mark.parametrize("lang", LANGUAGES)
def test_demo_on_the_terminal(cached_assess: list[Any], lang: str) -> None:
    result = run("demo", "--lang", lang)
    assessment = _demo_assessment()
    assert f"{message('index', lang)}: {number(assessment.index, lang)}" in result.stdout
    for finding in assessment.findings:
        assert finding.code in result.stdout
    assert result.stderr == ""
    assert len(cached_assess) == 1


@pytest.mark.parametrize("lang", LANGUAGES)
def test_demo_markdown_is_the_library_report(cached_assess: list[Any], lang: str) -> None:
    result = run("demo", "--format", "markdown", "--lang", lang)
    assert result.stdout == _demo_assessment().to_markdown(lang=lang) + "\n"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_demo_json_is_the_assessment(cached_assess: list[Any], lang: str) -> None:
    result = run("demo", "--format", "json", "--lang", lang)
    data = json.loads(result.stdout)
    assert data == json.loads(json.dumps(_demo_assessment().to_dict()))
    assert data["index"] == pytest.approx(_demo_assessment().index)


def test_demo_html_to_a_file(cached_assess: list[Any], tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = run("demo", "--format", "html", "-o", out)
    page = out.read_text(encoding="utf-8")
    assert page.lower().startswith("<!doctype html>")
    assert '<html lang="en">' in page
    assert result.stdout == ""
    assert result.stderr.startswith(f"wrote the html report to {out} (")


def test_demo_html_in_swedish_without_matplotlib(
    cached_assess: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from ownership.report import html

    monkeypatch.setattr(html, "_has_matplotlib", lambda: False)  # the plain-table fallback
    result = run("demo", "--format", "html", "--lang", "sv")
    assert result.stdout.lower().startswith("<!doctype html>")
    assert '<html lang="sv">' in result.stdout
    assert "<svg" not in result.stdout


@pytest.mark.parametrize(
    ("name", "fmt"), [("r.json", "json"), ("r.md", "markdown"), ("r.txt", "text")]
)
def test_output_files_and_the_format_told_by_the_suffix(
    cached_assess: list[Any], tmp_path: Path, name: str, fmt: str
) -> None:
    out = tmp_path / name
    result = run("demo", "-o", out, "--lang", "sv")
    text = out.read_text(encoding="utf-8")
    assessment = _demo_assessment()
    if fmt == "json":
        assert json.loads(text)["index"] == pytest.approx(assessment.index)
    elif fmt == "markdown":
        assert text == assessment.to_markdown(lang="sv")
    else:
        from ownership.report.terminal import render_text

        assert text == render_text(assessment, lang="sv")
        assert "\x1b[" not in text  # no colour codes in a file
    said = re.fullmatch(rf"wrote the {fmt} report to (.+) \((\d+) kB\)\n", result.stderr)
    assert said is not None, result.stderr
    assert said[1] == str(out)
    assert abs(int(said[2]) - len(text.encode("utf-8")) / 1024) <= 0.5
    assert result.stdout == ""


def test_an_explicit_format_wins_over_the_suffix(cached_assess: list[Any], tmp_path: Path) -> None:
    out = tmp_path / "report.txt"
    run("demo", "--format", "json", "-o", out, "--quiet")
    assert json.loads(out.read_text(encoding="utf-8"))["as_of"]


def test_an_output_that_cannot_be_written_is_invalid_input(
    cached_assess: list[Any], tmp_path: Path
) -> None:
    out = tmp_path / "no-such-folder" / "r.json"
    result = run("demo", "-o", out, code=1)
    assert result.stderr.startswith(f"{out}: cannot write: ")


def test_quiet_says_nothing_on_stderr(cached_assess: list[Any], tmp_path: Path) -> None:
    result = run("--quiet", "demo", "-o", tmp_path / "r.md")
    assert result.stderr == ""
    result = run("demo", "-o", tmp_path / "r.md", "-q")
    assert result.stderr == ""


# ---------------------------------------------------------------------------
# --as-of


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("2025-06-30", datetime(2025, 6, 30, tzinfo=UTC)),
        ("2025-06-30T17:30", datetime(2025, 6, 30, 17, 30, tzinfo=UTC)),
        ("2025-06-30T17:30+02:00", datetime(2025, 6, 30, 15, 30, tzinfo=UTC)),
        ("2025-06-30T17:30Z", datetime(2025, 6, 30, 17, 30, tzinfo=UTC)),
    ],
)
def test_as_of_is_passed_on_aware(
    cached_assess: list[Any], monkeypatch: pytest.MonkeyPatch, given: str, expected: datetime
) -> None:
    seen: list[datetime] = []

    def record(process: Any, *, as_of: datetime, config: Any = None) -> Assessment:
        seen.append(as_of)
        return _demo_assessment()

    monkeypatch.setattr(ASSESS, "assess", record)
    run("demo", "--as-of", given, "--format", "json")
    assert seen == [expected]
    assert seen[0].utcoffset() is not None


def test_as_of_end_to_end() -> None:
    result = run("demo", "--as-of", "2025-06-30T17:30+02:00", "--format", "json")
    data = json.loads(result.stdout)
    moment = datetime(2025, 6, 30, 17, 30, tzinfo=timezone(timedelta(hours=2)))
    assert datetime.fromisoformat(data["as_of"]) == moment
    assert data["index"] == pytest.approx(assess(demo(), as_of=moment).index)
    assert data["index"] != pytest.approx(_demo_assessment().index)


@pytest.mark.parametrize("given", ["2025-13-01", "yesterday", "", "30/06/2025"])
def test_a_bad_as_of_is_a_usage_error(given: str) -> None:
    result = run("demo", "--as-of", given, code=2)
    assert "Invalid value for '--as-of'" in result.stderr
    assert repr(given) in result.stderr
    assert "2025-06-30" in result.stderr  # says what would be right


# ---------------------------------------------------------------------------
# assess: every kind of source, settings


def _index_of(result: Result) -> float:
    return float(json.loads(result.stdout)["index"])


def test_assess_a_json_file(demo_json: Path) -> None:
    result = run("assess", demo_json, "--format", "json")
    assert _index_of(result) == pytest.approx(_demo_assessment().index)


def test_assess_a_table_folder_and_a_workbook(tmp_path: Path) -> None:
    process = generate(stakeholders=60, units=4, months=8, seed=11)
    expected = assess(process).index
    for kind in ("csv", "excel"):  # parquet is read the same way: see the synth tests
        source = tmp_path / ("process.xlsx" if kind == "excel" else kind)
        write(process, source, format=kind)
        result = run("assess", source, "--format", "json")
        assert _index_of(result) == pytest.approx(expected), kind


def test_assess_a_polis_export() -> None:
    expected = assess(read_polis(SMALL_POLIS))
    data = json.loads(run("assess", SMALL_POLIS, "--format", "json").stdout)
    assert data["index"] == pytest.approx(expected.index)
    assert data["as_of"] == expected.as_of.isoformat()
    result = run("assess", SMALL_POLIS, "--format", "markdown", "--lang", "sv")
    assert result.stdout == expected.to_markdown(lang="sv") + "\n"


@pytest.mark.parametrize("suffix", [".json", ".toml"])
def test_assess_with_settings(tmp_path: Path, demo_json: Path, suffix: str) -> None:
    settings = tmp_path / f"settings{suffix}"
    if suffix == ".json":
        settings.write_text('{"sla_days": 7, "mean": "arithmetic"}', encoding="utf-8")
    else:
        settings.write_text('sla_days = 7\nmean = "arithmetic"\n', encoding="utf-8")
    result = run("assess", demo_json, "--config", settings, "--format", "json")
    data = json.loads(result.stdout)
    assert (data["config"]["sla_days"], data["config"]["mean"]) == (7, "arithmetic")
    config = AssessmentConfig(sla_days=7, mean="arithmetic")
    assert data["index"] == pytest.approx(assess(demo(), config=config).index)
    assert data["index"] != pytest.approx(_demo_assessment().index)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            '{"sla_days": -1, "min_group": 0}',
            [
                "{path}: config.sla_days: must be a number > 0, not -1",
                "{path}: config.min_group: must be a whole number >= 1, not 0",
            ],
        ),
        (
            '{"sla_dayz": 7}',
            ["{path}: config.sla_dayz: unknown setting (did you mean 'sla_days'?)"],
        ),
        ('{"sla_days": 7,}', ["{path}: not valid JSON: Expecting property name enclosed"]),
        ("[1, 2]", ["{path}: config: must be a mapping of settings, not list"]),
    ],
)
def test_bad_settings_are_invalid_input(
    tmp_path: Path, demo_json: Path, content: str, expected: list[str]
) -> None:
    settings = tmp_path / "settings.json"
    settings.write_text(content, encoding="utf-8")
    result = run("assess", demo_json, "--config", settings, code=1)
    lines = result.stderr.splitlines()
    assert len(lines) == len(expected)
    for line, start in zip(lines, expected, strict=True):
        assert line.startswith(start.format(path=settings))
    assert result.stdout == ""


def test_bad_toml_settings_and_missing_settings(tmp_path: Path, demo_json: Path) -> None:
    settings = tmp_path / "settings.toml"
    settings.write_text("sla_days = = 7\n", encoding="utf-8")
    result = run("assess", demo_json, "--config", settings, code=1)
    assert result.stderr.startswith(f"{settings}: not valid TOML: ")
    result = run("assess", demo_json, "--config", tmp_path / "none.json", code=1)
    assert result.stderr.strip() == f"{tmp_path / 'none.json'}: no such file"
    result = run("assess", demo_json, "--config", tmp_path, code=1)
    assert result.stderr.strip() == f"{tmp_path}: is a folder, not a settings file"


def test_assess_lists_every_problem_of_a_broken_process(tmp_path: Path) -> None:
    broken = _broken_json(tmp_path)
    with pytest.raises(ValidationError) as caught:
        read(broken)
    result = run("assess", broken, code=1)
    assert result.stderr.splitlines() == [str(p) for p in caught.value.problems]
    assert result.stdout == ""


@pytest.mark.parametrize("name", ["missing.json", "missing-folder"])
def test_assess_a_path_that_does_not_exist(tmp_path: Path, name: str) -> None:
    result = run("assess", tmp_path / name, code=1)
    assert result.stderr.strip() == f"{tmp_path / name}: no such file or folder"


def test_assess_a_file_that_cannot_be_read(tmp_path: Path) -> None:
    path = tmp_path / "process.json"
    path.write_bytes(b"\xff\xfe not json")
    result = run("assess", path, code=1)
    assert "not UTF-8 text" in result.stderr


def test_a_missing_argument_is_a_usage_error() -> None:
    result = run("assess", code=2)
    assert "Missing argument 'PATH'" in result.stderr


# ---------------------------------------------------------------------------
# unexpected failures


def _boom(*_args: Any, **_kwargs: Any) -> Any:
    message = "boom"
    raise RuntimeError(message)


def test_an_unexpected_failure_exits_with_3_and_no_traceback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("OWNERSHIP_DEBUG", raising=False)
    monkeypatch.setattr(ASSESS, "assess", _boom)
    result = run("demo", code=3)
    lines = result.stderr.splitlines()
    assert lines[0] == "unexpected error: RuntimeError: boom"
    assert "please report it" in lines[1]
    assert "--debug" in lines[1]
    assert len(lines) == 2


@pytest.mark.parametrize(
    ("args", "env"),
    [(("--debug", "demo"), {}), (("demo", "--debug"), {}), (("demo",), {"OWNERSHIP_DEBUG": "1"})],
)
def test_debug_shows_the_traceback(
    monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], env: dict[str, str]
) -> None:
    monkeypatch.setattr(ASSESS, "assess", _boom)
    result = CliRunner().invoke(command, list(args), env=env)
    assert result.exit_code == 3
    assert "Traceback (most recent call last)" in result.stderr
    assert result.stderr.rstrip().splitlines()[-2] == "unexpected error: RuntimeError: boom"


def test_an_ownership_error_that_is_not_a_validation_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def missing_extra(*_args: Any, **_kwargs: Any) -> Any:
        message = "the HTML report needs jinja2: pip install 'ownership[html]'"
        raise OwnershipError(message)

    monkeypatch.setattr(ASSESS, "assess", missing_extra)
    result = run("demo", code=1)
    expected = "error: the HTML report needs jinja2: pip install 'ownership[html]'"
    assert result.stderr.strip() == expected


# ---------------------------------------------------------------------------
# validate


def _broken_json(folder: Path) -> Path:
    """A process with five problems in three collections."""
    path = folder / "broken.json"
    document = {
        "units": [{"id": "it", "name": "IT"}, {"id": "it", "name": "IT again"}],
        "stakeholders": [
            {"id": "anna", "name": "Anna", "unit": "it-dept"},
            {"id": "bo", "name": "Bo", "unit": "it", "size": 0, "power": 1.5},
        ],
        "events": [
            {
                "id": "w1",
                "kind": "workshp",
                "title": "Kick-off",
                "start": "2025-01-20T09:00:00+01:00",
            }
        ],
    }
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_validate_lists_every_problem_of_a_broken_json_file(tmp_path: Path) -> None:
    broken = _broken_json(tmp_path)
    result = run("validate", broken, code=1)
    lines = result.stdout.splitlines()
    assert len(lines) >= 4
    assert any(line.startswith("$.stakeholders[0].unit: unknown unit 'it-dept'") for line in lines)
    assert any(line.startswith("$.stakeholders[1].size: ") for line in lines)
    assert any(line.startswith("$.stakeholders[1].power: ") for line in lines)
    assert any(line.startswith("$.events[0].kind: ") and "workshop" in line for line in lines)
    with pytest.raises(ValidationError) as caught:
        read(broken)
    assert lines == [str(p) for p in caught.value.problems]
    assert result.stderr.strip() == f"{broken}: {len(lines)} problems"


def test_validate_a_broken_table_folder(tmp_path: Path) -> None:
    folder = tmp_path / "tables"
    write(generate(stakeholders=30, units=4, months=3, seed=2), folder, format="csv")
    units = (folder / "units.csv").read_text(encoding="utf-8")
    (folder / "units.csv").write_text(units.replace(",false", ",nej", 2), encoding="utf-8")
    result = run("validate", folder, code=1)
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert all(re.match(r"units\.csv\[\d\]\.external: must be true or false", ln) for ln in lines)


def test_validate_a_valid_process_counts_what_it_holds(demo_json: Path) -> None:
    result = run("validate", demo_json)
    process = demo()
    people = sum(s.size for s in process.stakeholders)
    line = result.stdout.strip()
    assert line.startswith(f"{demo_json}: valid: ")
    assert f"{len(process.units)} units, {len(process.stakeholders)} stakeholders" in line
    assert f"{len(process.reactions)} reactions" in line
    assert line.endswith(f"; {people} people")
    assert result.stderr == ""


def test_validate_a_polis_export_and_a_broken_one(tmp_path: Path) -> None:
    result = run("validate", SMALL_POLIS)
    process = read_polis(SMALL_POLIS)
    assert f"{len(process.contributions)} contributions" in result.stdout
    broken = tmp_path / "export"
    shutil.copytree(SMALL_POLIS, broken)
    votes = (broken / "votes.csv").read_text(encoding="utf-8").splitlines()
    header, first, second = votes[0], votes[1].split(","), votes[2].split(",")
    first[header.split(",").index("vote")] = "2"
    second[header.split(",").index("comment-id")] = "x"
    rows = [header, ",".join(first), ",".join(second), *votes[3:]]
    (broken / "votes.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = run("validate", broken, code=1)
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("votes.csv[0].vote: ")
    assert lines[1].startswith("votes.csv[1].comment-id: ")


def test_validate_a_path_that_does_not_exist(tmp_path: Path) -> None:
    result = run("validate", tmp_path / "none.json", code=1)
    assert result.stdout.strip() == f"{tmp_path / 'none.json'}: no such file or folder"


# ---------------------------------------------------------------------------
# import polis


@pytest.mark.parametrize("out", ["process.json", "process.xlsx", "tables", "pq"])
def test_import_polis(tmp_path: Path, out: str) -> None:
    target = tmp_path / out
    args = ["--tables", "parquet"] if out == "pq" else []
    result = run("import", "polis", SMALL_POLIS, "-o", target, *args)
    expected = read_polis(SMALL_POLIS)
    assert read(target) == expected
    if out == "pq":
        assert (target / "units.parquet").is_file()
    assert result.stderr.startswith(f"wrote {target}: 1 unit, ")
    assert f"{len(expected.reactions):,} reactions" in result.stderr


def test_import_polis_invalid(tmp_path: Path) -> None:
    result = run("import", "polis", tmp_path / "none", "-o", tmp_path / "p.json", code=1)
    assert result.stderr.strip() == f"{tmp_path / 'none'}: no such folder"
    result = run("import", "polis", tmp_path, "-o", tmp_path / "p.json", code=1)
    assert len(result.stderr.splitlines()) == 4  # the four files of an export are missing
    assert "summary.csv: missing file" in result.stderr
    assert not (tmp_path / "p.json").exists()
    result = run("import", "polis", SMALL_POLIS, "-o", tmp_path / "p.csv", code=2)
    assert "a process is a folder of .csv tables" in result.stderr
    run("import", "polis", SMALL_POLIS, code=2)
    result = run("import", "nothing", code=2)
    assert "No such command 'nothing'" in result.stderr


# ---------------------------------------------------------------------------
# schema


def test_schema_is_the_json_schema() -> None:
    assert json.loads(run("schema").stdout) == json_schema()


@pytest.mark.parametrize("name", list(TABLES))
def test_schema_of_every_table(name: str) -> None:
    data = json.loads(run("schema", "--table", name).stdout)
    spec = TABLES[name]
    assert data["table"] == name
    assert [c["name"] for c in data["columns"]] == list(spec.names)
    assert [c["kind"] for c in data["columns"]] == [c.kind.value for c in spec.columns]
    assert [c["references"] for c in data["columns"]] == [c.references for c in spec.columns]
    assert [c["nullable"] for c in data["columns"]] == [c.nullable for c in spec.columns]
    assert data["key"] == (None if spec.key is None else list(spec.key))
    assert data["link"] is spec.is_link


def test_schema_of_a_column_with_values() -> None:
    columns = {
        c["name"]: c for c in json.loads(run("schema", "--table", "reactions").stdout)["columns"]
    }
    assert columns["value"]["values"] == [-1, 0, 1]
    assert columns["stakeholder"]["references"] == "stakeholders"
    events = {
        c["name"]: c for c in json.loads(run("schema", "--table", "events").stdout)["columns"]
    }
    assert "workshop" in events["kind"]["values"]


def test_schema_of_an_unknown_table() -> None:
    result = run("schema", "--table", "participation", code=2)
    assert "no such table 'participation' (did you mean 'participations'?)" in result.stderr
    assert ", ".join(TABLES) in " ".join(result.stderr.split())


# ---------------------------------------------------------------------------
# synth


@pytest.mark.parametrize("out", ["tables", "pq", "process.json"])
def test_synth_round_trip(tmp_path: Path, out: str) -> None:
    target = tmp_path / out
    args = ["--tables", "parquet"] if out == "pq" else []
    options = ["--months", "6", "--units", "4", "--set", "responsiveness=0.5"]
    result = run("synth", "--stakeholders", "150", "-o", target, "--seed", "7", *options, *args)
    expected = generate(stakeholders=150, units=4, months=6, seed=7, responsiveness=0.5)
    back = read(target)
    assert back == expected
    assert (len(back.stakeholders), len(back.units)) == (150, 4)
    assert "(seed 7): 4 units, 150 stakeholders, " in result.stderr
    assert f"{len(expected.events):,} events" in result.stderr


def test_synth_folder_is_what_write_writes(tmp_path: Path) -> None:
    run("synth", "-n", "200", "--seed", "3", "-o", tmp_path / "direct")
    write(generate(stakeholders=200, seed=3), tmp_path / "objects", format="csv")
    for file in sorted((tmp_path / "objects").iterdir()):
        assert (tmp_path / "direct" / file.name).read_bytes() == file.read_bytes(), file.name
    assert len(list((tmp_path / "direct").iterdir())) == len(TABLES)


def test_synth_the_same_seed_gives_the_same_file(tmp_path: Path) -> None:
    for name, seed in (("a", "5"), ("b", "5"), ("c", "6")):
        run("synth", "-n", "30", "--months", "4", "--seed", seed, "-o", tmp_path / f"{name}.json")
    a, b, c = (tmp_path / f"{x}.json" for x in "abc")
    assert a.read_bytes() == b.read_bytes() != c.read_bytes()


def test_synth_invalid(tmp_path: Path) -> None:
    out = tmp_path / "s.json"
    result = run("synth", "-n", "50", "-o", out, "--set", "responsivness=0.5", code=1)
    assert result.stderr.strip() == "responsivness: unknown knob (did you mean 'responsiveness'?)"
    result = run("synth", "-n", "50", "-o", out, "--set", "uptake=2", code=1)
    assert result.stderr.startswith("uptake: is a share")
    result = run("synth", "-n", "5", "--units", "9", "-o", out, code=1)
    assert result.stderr.strip() == "units: 9 units need at least as many stakeholders"
    assert not out.exists()
    result = run("synth", "-n", "50", "-o", out, "--set", "uptake", code=2)
    assert "'uptake' is not KNOB=NUMBER" in result.stderr
    run("synth", "-n", "0", "-o", out, code=2)
    run("synth", "-n", "10", code=2)
    run("synth", "-o", out, code=2)
    run("synth", "-n", "10", "-o", out, "--seed", "-1", code=2)


def test_synth_refuses_to_replace_a_folder_of_other_files(tmp_path: Path) -> None:
    (tmp_path / "mine.txt").write_text("keep me", encoding="utf-8")
    result = run("synth", "-n", "20", "-o", tmp_path, code=1)
    assert result.stderr.startswith(f"{tmp_path}: holds files that are not csv tables (mine.txt)")
    assert (tmp_path / "mine.txt").read_text(encoding="utf-8") == "keep me"


# ---------------------------------------------------------------------------
# the progress display


def test_progress_shows_a_slow_step_on_a_terminal_and_nothing_else() -> None:
    from rich.console import Console

    file = io.StringIO()
    steps = Steps(console=Console(file=file, force_terminal=True, width=60), delay=0.0)
    assert steps.enabled
    with steps.step("reading a large folder"):
        time.sleep(0.3)
    steps.close()
    assert "reading a large folder" in file.getvalue()

    quick = io.StringIO()
    steps = Steps(console=Console(file=quick, force_terminal=True), delay=5.0)
    with steps.step("reading a small file"):
        pass
    steps.close()
    assert quick.getvalue() == ""

    assert not Steps(console=Console(file=io.StringIO(), force_terminal=True), quiet=True).enabled
    assert not Steps(console=Console(file=io.StringIO())).enabled  # not a terminal


# ---------------------------------------------------------------------------
# the CLI reference


def _doc_sections() -> dict[tuple[str, ...], str]:
    text = DOCS.read_text(encoding="utf-8")
    parts = re.split(r"^## `(ownership[^`]*)`\n", text, flags=re.M)
    return {
        tuple(name.split()[1:]): body for name, body in zip(parts[1::2], parts[2::2], strict=True)
    }


def test_the_reference_documents_every_command_and_option() -> None:
    sections = _doc_sections()
    assert sorted(sections) == sorted(ALL_COMMANDS)
    for path, body in sections.items():
        found = _command(path)
        terms = [line for line in body.splitlines() if line.startswith("`")]
        documented = set(re.findall(r"`(--?[a-z][a-z-]*)", "\n".join(terms)))
        options = {
            name
            for param in found.params
            if isinstance(param, click.Option)
            for name in (*param.opts, *param.secondary_opts)
        }
        options |= {"-h", "--help"} if not path else set()
        assert documented - {"-h", "--help"} == options - {"-h", "--help"}, path
        for param in found.params:
            if isinstance(param, click.Option) and isinstance(param.type, click.Choice):
                choices = "|".join(map(str, param.type.choices))
                assert f"{param.opts[-1]} {choices}`" in body, (path, param.name)
            if isinstance(param, click.Argument):
                assert f"`{param.human_readable_name}`" in body, (path, param.name)


def test_the_examples_in_the_reference_are_what_the_command_prints(
    tmp_path: Path, demo_json: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = DOCS.read_text(encoding="utf-8")
    broken = re.search(r"```json\n(.*?)```", text, re.S)
    assert broken is not None
    (tmp_path / "broken.json").write_text(broken[1], encoding="utf-8")
    shutil.copy(demo_json, tmp_path / "process.json")
    blocks = re.findall(r"```text\n\$ ownership (.*?)\n(.*?)```", text, re.S)
    assert len(blocks) == 2
    monkeypatch.chdir(tmp_path)  # the examples name their files relative to where they run
    for args, shown in blocks:
        result = CliRunner().invoke(command, args.split())
        assert result.exit_code == (1 if "broken" in args else 0)
        assert result.output == shown, args


# ---------------------------------------------------------------------------
# real processes


def _script() -> str:
    found = shutil.which("ownership", path=str(Path(sys.executable).parent))
    assert found is not None, "the ownership script is not installed beside this Python"
    return found


def test_the_installed_script(tmp_path: Path) -> None:
    env = {**os.environ, "OWNERSHIP_DEBUG": ""}
    done = subprocess.run(
        [_script(), "schema", "--table", "units"],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["key"] == ["id"]
    broken = _broken_json(tmp_path)
    done = subprocess.run(
        [_script(), "assess", str(broken)], capture_output=True, text=True, check=False, env=env
    )
    assert done.returncode == 1
    assert "$.stakeholders[0].unit: unknown unit 'it-dept'" in done.stderr
    assert "Traceback" not in done.stderr


def test_python_dash_m_ownership(tmp_path: Path) -> None:
    env = {**os.environ, "OWNERSHIP_DEBUG": ""}
    done = subprocess.run(
        [sys.executable, "-m", "ownership", "demo", "--as-of", "never"],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    assert done.returncode == 2
    assert "Usage: ownership demo" in done.stderr
    assert "Traceback" not in done.stderr
