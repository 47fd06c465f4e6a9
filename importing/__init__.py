"""Getting data in: safe reading of CSV/XLSX, header matching, a plan checked row by row, and a
one-transaction commit.

`import_file()` in `importing.service` is the single entry used by the CLI and the import page.
Each row is checked as one record by `data_access.record_checks`, the checks the entry forms
use through `data_access.records`.
"""
