"""Hypothesis profiles: ``ci`` (default, a fixed small budget) and ``long`` (opt-in).

``SCHEMALINT_FUZZ_PROFILE=long`` selects the long one (``bench/fuzz_long.py`` runs it). The
profile is not loaded globally: only the tests of this folder use it, through
``checks.fuzz_settings``, so other folders' property tests keep their own settings.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

_SLOW_INPUTS = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example]

# Derandomized, so CI explores the same inputs every time and never flakes on a new one.
settings.register_profile(
    "ci",
    max_examples=300,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=_SLOW_INPUTS,
)
settings.register_profile(
    "long",
    # bench/fuzz_long.py sets the per-round budget; each round uses a new seed.
    max_examples=int(os.environ.get("SCHEMALINT_FUZZ_EXAMPLES", "2000")),
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=_SLOW_INPUTS,
)
