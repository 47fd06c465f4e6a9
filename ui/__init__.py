"""Streamlit glue shared by the pages: cached loaders, sidebar filters, KPI cards, formatting."""
