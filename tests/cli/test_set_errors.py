"""A bad --set or --disable is named as the option and value typed, not as a line of the bundled rulebook."""

from __future__ import annotations

import pytest

from amnesty import api
from amnesty.errors import AmnestyError


@pytest.mark.parametrize(("option", "expected"), [
    ("covered_nationalities=SY,Iraq",
     "--set covered_nationalities=SY,Iraq: 'Iraq' is not a country code (ISO 3166-1 alpha-2, upper case, e.g. SY); "
     "did you mean IQ?"),
    ("covered_nationalities=sy",
     "--set covered_nationalities=sy: 'sy' is not a country code (ISO 3166-1 alpha-2, upper case, e.g. SY); "
     "did you mean SY?"),
    ("covered_offence_categories=terrorism,theft2",
     "--set covered_offence_categories=terrorism,theft2: 'theft2' is not a value of offence_categories; "
     "did you mean 'theft'?"),
    ("fixed_term_remit_fraction=2",
     "--set fixed_term_remit_fraction=2: rule 'fixed-term-halved': reduce needs remit_fraction between 0 and 1, got 2"),
])
def test_set_errors_name_the_option_and_value(run, option, expected):
    result = run("evaluate", "--set", option)
    assert result.exit_code == 2
    assert result.output.strip() == f"error: {expected}"
    assert "rulebook.yaml" not in result.output


def test_the_api_says_the_same(tmp_path):
    with pytest.raises(AmnestyError) as caught:
        api.load_rulebook("aanes-2024-law-10", set={"covered_nationalities": "SY,Iraq"})
    assert str(caught.value).startswith("--set covered_nationalities=SY,Iraq: 'Iraq' is not a country code")


def test_a_broken_rulebook_file_still_names_its_own_line(tmp_path):
    source = (api.SAMPLE.parent.parent / "rules" / "builtin" / "aanes-2024-law-10" / "rulebook.yaml").read_text(encoding="utf-8")
    broken = source.replace("value: {param: covered_nationalities}", "value: [SY, Iraq]", 1)
    assert broken != source
    path = tmp_path / "law.yaml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(AmnestyError) as caught:
        api.load_rulebook(path, set={"release_age": 70})
    assert str(caught.value).startswith(f"{path}:")
