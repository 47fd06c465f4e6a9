"""A community's own 台账 imported through its confirmed mapping stores exactly what the import
template of the same records stores (issue 19), on SQLite and PostgreSQL: after the mapped
import, the template file of the same records finds every record unchanged."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from importing.service import import_file, problem_lines, suggest_file
from tests.integration.test_import import street  # noqa: F401  (the street fixture)
from tests.taizhang import LAYOUTS, Layout

ACTOR = "test:mapper"


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda layout: layout.name)
def test_a_confirmed_mapping_imports_what_the_template_of_the_same_records_imports(
    street: Engine,  # noqa: F811
    layout: Layout,
) -> None:
    name, data = layout.file()
    read, proposal = suggest_file(street, name, data, None)
    assert proposal is not None and proposal.spec.name == layout.table
    assert not proposal.missing
    mapping = proposal.mapping(accept_similar=True)  # what the person confirmed
    mapped = import_file(street, name, data, None, actor=ACTOR, mapping=mapping)
    assert mapped.committed, problem_lines(mapped, "zh")
    assert mapped.counts() == {"added": len(layout.records), "updated": 0, "unchanged": 0}
    template = import_file(street, "template.csv", layout.template(), layout.table, actor=ACTOR)
    assert template.committed, problem_lines(template, "zh")
    assert template.counts() == {"added": 0, "updated": 0, "unchanged": len(layout.records)}


def test_without_a_mapping_such_a_file_is_refused_as_before(street: Engine) -> None:  # noqa: F811
    name, data = LAYOUTS[0].file()
    result = import_file(street, name, data, "disputes", actor=ACTOR)
    assert not result.committed
    assert any(problem.reason == "err_missing_columns" for problem in result.problems)
