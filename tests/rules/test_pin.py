"""A rulebook named with the version or digest a job was checked against (``ID@2.2.0``,
``ID@sha256:PREFIX``): the same run when it is the one installed, one sentence and exit 2 when not."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from amnesty import api
from amnesty.errors import RulebookError, ScenarioError
from amnesty.rules.pin import split_pin

LAW = "aanes-2024-law-10"


def test_a_pinned_name_is_the_same_rulebook_when_it_is_the_one_installed():
    book = api.load_rulebook(LAW)
    for pinned in (f"{LAW}@{book.version}", f"{LAW}@sha256:{book.sha256[:8]}", f"{LAW}@sha256:{book.sha256.upper()}"):
        assert api.load_rulebook(pinned).sha256 == book.sha256


def test_another_version_or_digest_is_refused_in_one_sentence():
    book = api.load_rulebook(LAW)
    with pytest.raises(RulebookError, match=rf"{LAW} is version {book.version} \(sha256 {book.sha256[:12]}\) in this "
                                            rf"installation of amnesty, not 1\.0\.0 as '{LAW}@1\.0\.0' asks"):
        api.load_rulebook(f"{LAW}@1.0.0")
    with pytest.raises(RulebookError, match=rf"compiles to sha256 {book.sha256[:12]} \(version {book.version}\) "
                                            r"here, not 00000000"):
        api.load_rulebook(f"{LAW}@sha256:00000000")


def test_a_digest_pin_covers_the_parameters_a_version_pin_does_not():
    changed = api.load_rulebook(LAW, set={"life_commuted_years": 20})
    plain = api.load_rulebook(LAW)
    assert api.load_rulebook(f"{LAW}@{plain.version}", set={"life_commuted_years": 20}).sha256 == changed.sha256
    with pytest.raises(RulebookError, match="the rulebook or its parameters have changed"):
        api.load_rulebook(f"{LAW}@sha256:{plain.sha256[:10]}", set={"life_commuted_years": 20})
    assert api.load_rulebook(f"{LAW}@sha256:{changed.sha256[:10]}", set={"life_commuted_years": 20}).sha256 == \
        changed.sha256


def test_every_instrument_of_a_chain_and_a_scenario_take_a_pin():
    decree = api.load_rulebook("syria-2026-decree-39")
    chain = api.load_rulebook(f"{LAW}@{api.load_rulebook(LAW).version}", then=[f"syria-2026-decree-39@{decree.version}"])
    assert [m.id for m in chain.members] == [LAW, "syria-2026-decree-39"]
    with pytest.raises(RulebookError, match="syria-2026-decree-39 is version"):
        api.load_rulebook(LAW, then=["syria-2026-decree-39@0.1"])
    scenario = api.load_rulebook("law-10-life-20")
    assert api.load_rulebook(f"law-10-life-20@sha256:{scenario.sha256[:8]}").sha256 == scenario.sha256
    with pytest.raises(ScenarioError, match="@version"):
        api.load_rulebook("auto@1.0.0")


@pytest.mark.parametrize("text", [f"{LAW}@", f"{LAW}@latest", f"{LAW}@sha256:12345", f"{LAW}@sha256:xyzxyzxyz"])
def test_a_pin_that_is_not_one_is_one_sentence(text):
    with pytest.raises(RulebookError, match="after @ give the rulebook's version"):
        split_pin(text)


def test_a_rulebook_file_whose_name_holds_an_at_sign_is_read_as_a_file(tmp_path):
    import amnesty.rules

    copy = tmp_path / "law@2.2.0.yaml"
    shutil.copy(Path(amnesty.rules.__file__).parent / "builtin" / LAW / "rulebook.yaml", copy)
    assert api.load_rulebook(str(copy)).id == LAW
    for missing in ("rules/law@2.2.0.yaml", "law@book.yaml", "rules/my@book"):  # not there: said as a file
        with pytest.raises(RulebookError, match="no such rulebook or scenario file"):
            api.load_rulebook(missing)


def test_the_command_exits_2_with_the_sentence():
    from typer.testing import CliRunner

    from amnesty.cli.app import app

    done = CliRunner().invoke(app, ["evaluate", "-r", f"{LAW}@0.9.0", "-q"])
    assert done.exit_code == 2
    assert "not 0.9.0 as" in " ".join(done.output.split())


def test_an_exported_rulebook_is_the_same_bytes_and_the_same_rulebook(tmp_path):
    import amnesty.rules

    copy = tmp_path / "law-10-checked.yaml"
    book = api.export_rulebook(f"{LAW}@{api.load_rulebook(LAW).version}", copy)
    assert copy.read_bytes() == (Path(amnesty.rules.__file__).parent / "builtin" / LAW / "rulebook.yaml").read_bytes()
    assert api.load_rulebook(str(copy)).sha256 == book.sha256 == api.load_rulebook(LAW).sha256
    same = api.diff_rulebooks(str(copy), LAW).to_dict()
    assert not (same["sources"] or same["articles"] or same["parameters"] or same["rules"])
    with pytest.raises(Exception, match="already exists"):
        api.export_rulebook(LAW, copy)


def test_a_scenario_or_a_chain_is_not_exported_as_a_rulebook(tmp_path):
    with pytest.raises(ScenarioError, match="is aanes-2024-law-10 with changes"):
        api.export_rulebook("law-10-life-20", tmp_path / "x.yaml")
    with pytest.raises(ScenarioError, match="chain"):
        api.export_rulebook("law-10-then-decree-39", tmp_path / "x.yaml")
    assert not list(tmp_path.iterdir())
