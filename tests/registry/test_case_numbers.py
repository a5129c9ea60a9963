"""Case numbers: the check character catches typing slips; serials never repeat."""

from __future__ import annotations

import itertools
import threading

import pytest
from sqlalchemy.orm import Session

from registry.case_numbers import (
    check_character,
    find_allegation_by_case_number,
    format_case_number,
    issue_case_number,
    validate_case_number,
)
from registry.db import session_factory
from registry.errors import InvalidInput, NotFound


def _valid(number: str) -> bool:
    try:
        validate_case_number(number)
    except InvalidInput:
        return False
    return True


def test_format_and_round_trip() -> None:
    number = format_case_number(2026, 123)
    assert number.startswith("VR-2026-000123-")
    assert validate_case_number(f"  {number.lower()} ") == number


@pytest.mark.parametrize("serial", [0, 1, 123, 99_999, 123_456, 987_654])
def test_every_single_substitution_and_adjacent_transposition_is_caught(serial: int) -> None:
    number = format_case_number(2026, serial)
    positions = [i for i, c in enumerate(number) if c.isdigit() or i == len(number) - 1]
    for i, replacement in itertools.product(positions, "0123456789X"):
        if replacement != number[i]:
            assert not _valid(number[:i] + replacement + number[i + 1 :])
    digits = [i for i in positions if number[i].isdigit()]
    for i, j in zip(digits, digits[1:], strict=False):
        if number[i] != number[j]:
            swapped = list(number)
            swapped[i], swapped[j] = swapped[j], swapped[i]
            assert not _valid("".join(swapped))


def test_check_character_is_iso_7064_mod_11_2() -> None:
    assert check_character("000000021825009") == "7"  # ORCID's published example


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("VR-2026-123-4", "expected VR-YYYY"),
        ("XX-2026-000123-6", "expected"),
        ("VR-2026-000123-5", "mistyped"),
    ],
)
def test_validation_names_the_problem(text: str, fragment: str) -> None:
    with pytest.raises(InvalidInput, match=fragment) as caught:
        validate_case_number(text)
    assert caught.value.problems[0].column == "case_number"


@pytest.mark.db
def test_lookup_rejects_mistyped_and_unknown(session: Session) -> None:
    with pytest.raises(InvalidInput):
        find_allegation_by_case_number(session, "VR-2026-000123-5")
    with pytest.raises(NotFound):
        find_allegation_by_case_number(session, format_case_number(2026, 123))


@pytest.mark.db
def test_concurrent_allocation_never_repeats(db_url: str) -> None:
    issued: list[str] = []
    lock = threading.Lock()

    def issue() -> None:
        for _ in range(10):
            with session_factory(db_url)() as session:
                number = issue_case_number(session, 2031)
                session.commit()
            with lock:
                issued.append(number)

    threads = [threading.Thread(target=issue) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(issued)) == 40
    assert max(int(n.split("-")[2]) for n in issued) == 40
