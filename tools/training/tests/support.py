"""What the Python tests share: where the repository and ../shared/reference are, and the CI-aware skip.

A test that needs something outside the project (the shared reference data, the C# extractor) calls
require(): on a developer machine without it the test is skipped with the reason; in CI (CI=true),
where setup provides everything, the same absence fails the test.
"""

import os
import pathlib
import sys
import tempfile
import unittest

REPO_ROOT = pathlib.Path(__file__).resolve().parents[3]
TRAINING_ROOT = REPO_ROOT / "tools" / "training"
REFERENCE_TOOLS = REPO_ROOT / "tools" / "reference"
TRACKS = ("frantic", "knalgan_theme", "traveling_minstrels", "love_theme", "sad", "underground")

for path in (TRAINING_ROOT, REFERENCE_TOOLS):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))


def reference_dir():
    """Where the shared reference data is, by the training tools' own lookup; None when absent."""
    from musicemotion_training.pipeline import default_reference
    return default_reference()


def require(available, what):
    """Skip (developer machine) or fail (CI=true) when something outside the project is missing."""
    if available:
        return
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        raise AssertionError(f"required in CI but missing: {what}")
    raise unittest.SkipTest(f"missing: {what}")


def require_reference():
    path = reference_dir()
    require(path is not None, "../shared/reference (or $MUSICEMOTION_REFERENCE) with manifest.json")
    return path


class TempDirTest(unittest.TestCase):
    """A test with a fresh temporary folder in self.root."""

    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.root = pathlib.Path(self._tmp.name)

    def tearDown(self):
        self._tmp.cleanup()
