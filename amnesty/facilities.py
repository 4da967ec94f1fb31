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

Who holds whom: each facility may name its custodial authority (``daanes``,
``syria``, ``iraq``, ``other``) and one dated hand-over (``handed_over_to``,
``handed_over_on``): from that date on the facility's authority is the new
one. The bundled register records the hand-overs of January 2026 that the
sources report (Shaddadi prison on 19 January, al-Hol camp on 21 January,
al-Aqtan prison on 23 January 2026: Associated Press via newindianexpress.com
and aljazeera.com, 23 January 2026) on synthetic codes standing in for those
sites (``handover_source`` says which). Transfers of people to Iraq (from 21
January 2026, Human Rights Watch) move persons, not facilities: a record shows
them with ``custodial_authority: iraq``, which always wins over the register.
These columns are optional, so a register with the four original columns
still loads (its facilities then have no known authority).
"""

from __future__ import annotations

import csv
import io
from importlib import resources
from pathlib import Path

from datetime import date
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator

from amnesty.errors import InputFileError
from amnesty.models.note import note, note_n
from amnesty.models.record import Authority

COLUMNS: tuple[str, ...] = ("facility_id", "name", "region", "capacity")
OPTIONAL_COLUMNS: tuple[str, ...] = ("authority", "handed_over_to", "handed_over_on", "handover_source")
UNKNOWN_REGION = "unknown"


def _blank_or_lower(value):
    """An empty cell is unknown; authorities match in any case, as record enums do."""
    if isinstance(value, str):
        value = value.strip()
        return value.lower() if value else None
    return value


def _blank(value):
    return value.strip() or None if isinstance(value, str) else value


_Authority = Annotated[Authority | None, BeforeValidator(_blank_or_lower)]


class Facility(BaseModel):
    """One row of the register."""

    model_config = ConfigDict(frozen=True, str_strip_whitespace=True)

    facility_id: str = Field(min_length=1, description="Code used in detainee records, e.g. RQA-01.")
    name: str = Field(min_length=1)
    region: str = Field(min_length=1, description="Region used to group counts and timelines.")
    capacity: int = Field(ge=0, description="Number of places; weights the synthetic sample.")
    authority: _Authority = Field(default=None, description="Who holds the facility's detainees (before any hand-over).")
    handed_over_to: _Authority = Field(default=None, description="The authority that took the facility over.")
    handed_over_on: Annotated[date | None, BeforeValidator(_blank)] = Field(
        default=None, description="The day of the hand-over; from then on the authority is handed_over_to."
    )
    handover_source: Annotated[str | None, BeforeValidator(_blank)] = Field(
        default=None, description="Where the hand-over is reported (and which real site a synthetic code stands for)."
    )

    @model_validator(mode="after")
    def _hand_over_is_dated(self) -> Facility:
        if (self.handed_over_to is None) != (self.handed_over_on is None):
            given, other = ("handed_over_to", "handed_over_on") if self.handed_over_to else ("handed_over_on", "handed_over_to")
            value = getattr(self, given)
            shown = value.isoformat() if isinstance(value, date) else value.value
            raise ValueError(f"field {given}: {shown!r} is given without {other}; a hand-over needs both")
        return self

    def authority_on(self, day: date) -> Authority | None:
        """Who holds the facility's detainees on ``day``."""
        if self.handed_over_on is not None and day >= self.handed_over_on:
            return self.handed_over_to
        return self.authority


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
    # A StringIO, not splitlines(): that would also break lines at \x1c-\x1e, \x85 or \u2028 inside a name.
    reader = csv.DictReader(io.StringIO(text, newline=""), skipinitialspace=False)
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
    values.update({column: row[column] for column in OPTIONAL_COLUMNS if row.get(column) is not None})
    try:
        return Facility.model_validate(values)
    except ValidationError as exc:
        error = exc.errors()[0]
        if not error["loc"]:  # a check across columns: its message names them
            raise InputFileError(error["msg"].removeprefix("Value error, "), path=path, line=line) from None
        field = str(error["loc"][0])
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
    codes = [note_n("{code} ({n} record)", "{code} ({n} records)", n, code=code)
             for code, n in list(unknown.items())[:SHOWN_CODES]]
    if len(unknown) > SHOWN_CODES:
        codes = note("{codes} and {more} more", codes=codes, more=len(unknown) - SHOWN_CODES)
    where = note("the facility register {register}", register=register) if register \
        else note("the bundled synthetic facility register")
    said = note_n("{n} facility code is not in {where}: {codes}; their records count in region {region}",
                  "{n} facility codes are not in {where}: {codes}; their records count in region {region}",
                  len(unknown), where=where, codes=codes, region=repr(UNKNOWN_REGION))
    return said if register else note(
        "{note}; pass --facilities FILE with your own register (facility_id,name,region,capacity)", note=said)
