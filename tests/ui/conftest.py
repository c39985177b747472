"""Fixtures the worker-level UI tests share."""

from __future__ import annotations

import pytest

from nnplayground.core.config import ExperimentConfig
from nnplayground.ui.threads.training import TrainingThread


@pytest.fixture
def training(qtbot):
    """A training thread on the article's network, without a window; joined after the test."""
    thread = TrainingThread(ExperimentConfig())
    thread.start()
    yield thread
    assert thread.shutdown()
