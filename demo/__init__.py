"""Generated demo data: the demo street (`demo.street`) and the demo district (`demo.district`).

Never part of a real deployment's data: both load only into an empty database. They sit above
`data_access/` and write through it like any other caller.
"""
