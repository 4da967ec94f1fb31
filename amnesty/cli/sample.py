"""``amnesty sample``: write a synthetic detainee file to try the engine on.

Real registers cannot be shared, so demos, tutorials and bug reports use
this output instead. THE RECORDS ARE SYNTHETIC AND DESCRIBE NO REAL PERSON;
the same count and seed always give the same file, so anyone can reproduce
a reported run.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from amnesty import api
from amnesty.cli.text import visible


def sample(
    count: Annotated[int, typer.Option("--count", min=1, help="Number of records to write.")] = 10000,
    seed: Annotated[
        int, typer.Option("--seed", help="Random seed; the same count and seed give the same file.")
    ] = 2024,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="CSV file to write.", dir_okay=False)
    ] = ...,  # type: ignore[assignment]  # required: typer treats ... as "no default"
    force: Annotated[bool, typer.Option("--force", help="Replace an existing output file.")] = False,
    invalid_rate: Annotated[
        float,
        typer.Option("--invalid-rate", min=0.0, max=1.0,
                     help="Share of rows broken on purpose, to try the invalid outcome (e.g. 0.007). Default: none."),
    ] = 0.0,
) -> None:
    """Write synthetic detainee records (no real person) across the 24 facilities; every record is valid
    unless --invalid-rate asks for broken ones.

    Example: amnesty sample --count 1000 --seed 7 --output records.csv
    """
    written = api.write_sample(output, count, seed=seed, force=force, invalid_rate=invalid_rate)
    typer.echo(f"wrote {written:,} synthetic records to {visible(output)}")
