"""`masthead train-moderation` passes its options to the training script (training stays its own
command; this checks the wiring, not a training run)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

import training.moderation.train as train


def test_variant_only_and_out_reach_the_training_script(monkeypatch, tmp_path):
    seen = []
    monkeypatch.setattr(train, "main", lambda argv: seen.append(argv) or 0)
    call_command("train_moderation", only=["abuse", "thresholds"], out=str(tmp_path))
    assert seen == [
        ["--variant", "shipped", "--only", "abuse", "--only", "thresholds", "--out", str(tmp_path)]
    ]


def test_kept_thresholds_reach_the_training_script(monkeypatch):
    seen = []
    monkeypatch.setattr(train, "main", lambda argv: seen.append(argv) or 0)
    call_command("train_moderation", only=["thresholds"], keep_threshold=["off_topic"])
    assert seen == [
        ["--variant", "shipped", "--only", "thresholds", "--keep-threshold", "off_topic"]
    ]


def test_a_failed_training_is_a_command_error(monkeypatch):
    monkeypatch.setattr(train, "main", lambda argv: 1)
    with pytest.raises(CommandError, match="training failed"):
        call_command("train_moderation", only=["spam"])
