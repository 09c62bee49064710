"""One check per file. Each `check(submission, policy, classifiers) -> PhaseResult`."""
