"""The shipped document parsed once per session, as clean frames of one unit-year."""

from tests.analysis.conftest import real  # noqa: F401 - the fixture, shared
