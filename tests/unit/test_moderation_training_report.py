"""What a training run records so that a retrain can tell why its weights differ."""

from __future__ import annotations

import platform
from importlib.metadata import version

from training.moderation.train import library_versions


def test_the_training_report_names_python_and_each_numerical_librarys_installed_version():
    found = library_versions()
    assert found["python"] == platform.python_version()
    for name in ("numpy", "scipy", "scikit-learn", "mmh3"):
        assert found[name] == version(name)
    assert set(found) == {
        "python", "numpy", "scipy", "scikit-learn", "mmh3", "onnxruntime", "tokenizers"
    }  # fmt: skip
