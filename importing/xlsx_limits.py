"""The limits an XLSX file is read within (security issue 3), in one place: the streaming
reader (`importing.xlsx_stream` and its parts) reads them from here when it checks them, so a
test can lower one for every part at once."""

# A sheet's cells, empty ones with a format included: 50,000 rows of 20 (the widest table has
# 19 columns). Reading them takes a few seconds and ~100 MB at most.
MAX_CELLS = 1_000_000
# Distinct texts in the workbook's shared-string table: no more than the cells of a sheet.
MAX_SHARED_STRINGS = MAX_CELLS
# Excel's own limits: cell formats a workbook may define, characters in a cell, characters
# in a number format.
MAX_CELL_FORMATS = 65_490
MAX_TEXT = 32_767
MAX_FORMAT_CODE = 255
# XML elements of every part read together: a sheet of MAX_CELLS values and their shared
# strings, twice over. Parsing this many takes about as long as the importer may take.
MAX_XML_ELEMENTS = 5_000_000
# Bytes one token (a tag and its attributes, a comment) may span; expat keeps a token whole
# in memory and scans it again for every chunk fed, so a huge one costs gigabytes or minutes.
MAX_TOKEN_BYTES = 1 << 20
# Sheets, relationships or content types of the package (members are at most 1,000).
MAX_PACKAGE_ENTRIES = 10_000
CHUNK = 1 << 16
MERGED_SHOWN = 5
