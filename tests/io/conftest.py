"""The fuzzed imports classify what they import: the language model is loaded once, before
the first example, so that Hypothesis's deadline times an import, not a model's one-time load."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module", autouse=True)
def language_model_loaded():
    from fbdesk.analysis.language import load

    load()
