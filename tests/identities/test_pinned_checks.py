"""The list of identity checks on the shipped document and their instance counts by status
is pinned in `shipped_checks.tsv`: a check deleted, an instance lost or a status changed is
a diff (regenerate with `python -m tests.identities.pin --write` after a deliberate change)."""

from __future__ import annotations

import difflib

from tests.identities.pin import PINNED, pinned, shipped


def test_the_checks_on_the_shipped_document_are_the_pinned_ones():
    got, want = shipped(), pinned()
    diff = "".join(
        difflib.unified_diff(
            want.splitlines(keepends=True),
            got.splitlines(keepends=True),
            fromfile=str(PINNED.name),
            tofile="now",
        )
    )
    assert got == want, f"the identity checks changed:\n{diff}"
