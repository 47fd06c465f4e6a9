"""The figures of docs/metrics.md computed in the database, one module per domain.

`metrics/` holds the one definition of every figure as pandas over records (the reference);
each module here answers the same questions with SQL that filters and aggregates where the rows
are. Layer: above data_access (engine, models), below reports; never Streamlit, ui or i18n.
"""
