"""The garbage-collector helpers used while the taxonomy indexes load."""

from __future__ import annotations

import gc

import pytest

from careerpivot.loading import GC_THRESHOLDS, gc_paused, tune_gc


def test_gc_paused_restores_the_collector_even_after_an_error() -> None:
    assert gc.isenabled()
    with pytest.raises(RuntimeError), gc_paused():
        assert not gc.isenabled()
        raise RuntimeError("index build failed")
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()  # a collector that was off stays off
    finally:
        gc.enable()


def test_tune_gc_raises_the_thresholds_but_keeps_collecting() -> None:
    before = gc.get_threshold()
    try:
        tune_gc()
        assert gc.get_threshold() == GC_THRESHOLDS
        assert gc.isenabled()
    finally:
        gc.set_threshold(*before)
