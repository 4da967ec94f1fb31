"""The facility register: which detention facility lies in which region.

Analysts ask "who would be freed, and where?", so every decision is counted
by facility and by region, and the synthetic sample spreads its people over
facilities in proportion to their capacity.

Real facility rosters are not public. The bundled register
(``amnesty/data/facilities.csv``) is SYNTHETIC: 24 invented codes spread over
the regions the sources name (Raqqa, Jazira/Hasakah, Euphrates/Kobani,
Manbij, Tabqa, Deir ez-Zor), with invented names and capacities chosen only
so that they add up to the "over 10,000 in about two dozen facilities" of
the press reports. No code, name or number describes a real facility.
An analyst with a real register passes its path instead.
"""

from __future__ import annotations

import csv
from importlib import resources
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from amnesty.errors import InputFileError

COLUMNS: tuple[str, ...] = ("facility_id", "name", "region", "capacity")
UNKNOWN_REGION = "unknown"


class Facility(BaseModel):
    """One row of the register."""

    model_config = ConfigDict(frozen=True, str_strip_whitespace=True)

    facility_id: str = Field(min_length=1, description="Code used in detainee records, e.g. RQA-01.")
    name: str = Field(min_length=1)
    region: str = Field(min_length=1, description="Region used to group counts and timelines.")
    capacity: int = Field(ge=0, description="Number of places; weights the synthetic sample.")


def load_facilities(path: str | Path | None = None) -> dict[str, Facility]:
    """Read a register, refusing it whole on the first bad row.

    A half-read register would silently put people in region "unknown", so
    any problem stops the load with the file, line, field and value named.
    ``None`` reads the bundled synthetic register.
    """
    if path is None:
        resource = resources.files("amnesty") / "data" / "facilities.csv"
        return _parse(resource.read_text(encoding="utf-8-sig"), "amnesty/data/facilities.csv")
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputFileError("facility register not found", path=path) from None
    except UnicodeDecodeError as exc:
        raise InputFileError(f"not UTF-8 text (byte {exc.start})", path=path) from None
    except OSError as exc:
        raise InputFileError(f"cannot read the facility register: {exc.strerror}", path=path) from None
    return _parse(text, path)


def region_of(facilities: dict[str, Facility], facility_id: str | None) -> str:
    """The facility's region, or "unknown", so a typo in a record still gets counted."""
    facility = facilities.get(facility_id) if facility_id else None
    return facility.region if facility is not None else UNKNOWN_REGION


def _parse(text: str, path: str | Path) -> dict[str, Facility]:
    """Validate header, rows and uniqueness; each error names where to fix it."""
    reader = csv.DictReader(text.splitlines(), skipinitialspace=False)
    header = [name.strip() for name in reader.fieldnames or []]
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        found = ", ".join(header) if header else "nothing"
        raise InputFileError(
            f"missing column(s) {', '.join(missing)}; expected {','.join(COLUMNS)}, found {found}",
            path=path,
            line=1,
        )
    reader.fieldnames = header
    facilities: dict[str, Facility] = {}
    first_line: dict[str, int] = {}
    for row in reader:
        line = reader.line_num
        if None in row:
            raise InputFileError(
                f"{len(header) + len(row[None])} cells where the header has {len(header)}",
                path=path,
                line=line,
            )
        facility = _facility(row, path, line)
        if facility.facility_id in facilities:
            raise InputFileError(
                f"facility_id {facility.facility_id!r} is registered twice "
                f"(first on line {first_line[facility.facility_id]})",
                path=path,
                line=line,
            )
        facilities[facility.facility_id] = facility
        first_line[facility.facility_id] = line
    if not facilities:
        raise InputFileError("the facility register has no rows", path=path)
    return facilities


def _facility(row: dict[str, str | None], path: str | Path, line: int) -> Facility:
    """Build one Facility, turning pydantic's report into one readable sentence."""
    values = {column: row.get(column) for column in COLUMNS}
    for column, value in values.items():
        if value is None:
            raise InputFileError(f"field {column}: the row has no cell for it", path=path, line=line)
    try:
        return Facility.model_validate(values)
    except ValidationError as exc:
        error = exc.errors()[0]
        field = str(error["loc"][0]) if error["loc"] else "row"
        raise InputFileError(
            f"field {field}: {values.get(field)!r} is not valid ({error['msg'].lower()})",
            path=path,
            line=line,
        ) from None


NO_FACILITY_KEY = "(none)"  # how summaries name records without a facility_id
SHOWN_CODES = 8


def unknown_facilities(counts: dict[str, int], facilities: dict[str, Facility]) -> dict[str, int]:
    """Facility codes of the records that the register does not list, with their number of records, most first."""
    unknown = {code: n for code, n in counts.items() if code != NO_FACILITY_KEY and code not in facilities and n}
    return dict(sorted(unknown.items(), key=lambda item: (-item[1], item[0])))


def unknown_note(unknown: dict[str, int], register: str | Path | None) -> str | None:
    """One sentence naming the unknown codes and counts, and what to do about them."""
    if not unknown:
        return None
    shown = ", ".join(f"{code} ({n:,} record{'s' * (n != 1)})" for code, n in list(unknown.items())[:SHOWN_CODES])
    more = f" and {len(unknown) - SHOWN_CODES:,} more" if len(unknown) > SHOWN_CODES else ""
    where = f"the facility register {register}" if register else "the bundled synthetic facility register"
    return (
        f"{len(unknown):,} facility code{'s are' if len(unknown) != 1 else ' is'} not in {where}: {shown}{more}; "
        f"their records count in region {UNKNOWN_REGION!r}"
        + ("" if register else "; pass --facilities FILE with your own register (facility_id,name,region,capacity)")
    )
