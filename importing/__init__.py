"""Getting data in: safe reading of CSV/XLSX, cell parsing, validation and one-transaction commit.

`import_file()` in `importing.service` is the single entry used by the CLI and the
import page; the entry forms reuse the same row validation through `data_access.records`.
"""
