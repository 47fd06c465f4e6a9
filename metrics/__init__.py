"""The functional core: pure figures and alert rules over DataFrames (see docs/metrics.md)."""
