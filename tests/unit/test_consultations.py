from datetime import timedelta

from metrics.codes import CONSULTATION_FORMS
from metrics.consultations import (
    consensus_rate,
    consultation_figures,
    held_by_form,
    held_consultations,
    implemented_consultations,
    pending_implementation_at,
)
from metrics.frames import WindowFrames
from metrics.summary_model import ConsultationFigures
from tests.builders import END, START, WEEK, consultation, consultations_frame

DAY = timedelta(days=1)


def refs(consultations):
    return sorted(consultations["ref"])


def test_held_consultations_are_those_held_in_the_window():
    consultations = consultations_frame(
        consultation(ref="before", held_on=START - DAY),
        consultation(ref="first", held_on=START),
        consultation(ref="last", held_on=END),
        consultation(ref="after", held_on=END + DAY),
    )
    assert refs(held_consultations(consultations, WEEK)) == ["first", "last"]


def test_implemented_means_done_with_implemented_on_in_the_window():
    consultations = consultations_frame(
        consultation(
            ref="done-in",
            held_on=START - 30 * DAY,
            consensus=True,
            implementation="done",
            implemented_on=END,
        ),
        consultation(
            ref="done-before",
            held_on=START - 30 * DAY,
            consensus=True,
            implementation="done",
            implemented_on=START - DAY,
        ),
        consultation(ref="in-progress", consensus=True, implementation="in_progress"),
    )
    assert refs(implemented_consultations(consultations, WEEK)) == ["done-in"]


def test_pending_implementation_counts_consensus_not_done_by_the_day():
    consultations = consultations_frame(
        consultation(ref="open", held_on=START, consensus=True, implementation="not_started"),
        consultation(
            ref="done-later",
            held_on=START,
            consensus=True,
            implementation="done",
            implemented_on=END + DAY,
        ),
        consultation(
            ref="done-on-end",
            held_on=START,
            consensus=True,
            implementation="done",
            implemented_on=END,
        ),
        consultation(ref="no-consensus", held_on=START, consensus=False, implementation="na"),
        consultation(ref="held-later", held_on=END + DAY, consensus=True, implementation="na"),
    )
    # done after end is still pending at end; done on end is not
    assert refs(pending_implementation_at(consultations, END)) == ["done-later", "open"]


def test_consensus_rate_is_none_without_consultations():
    held = consultations_frame(
        consultation(consensus=True), consultation(consensus=False), consultation(consensus=True)
    )
    # 2 of 3
    assert consensus_rate(held) == 2 / 3
    assert consensus_rate(held.iloc[0:0]) is None


def test_held_by_form_lists_every_form_in_order_with_zeros():
    held = consultations_frame(consultation(form="online"), consultation(form="hearing"))
    counts = held_by_form(held)
    assert list(counts) == list(CONSULTATION_FORMS)
    assert counts == dict.fromkeys(CONSULTATION_FORMS, 0) | {"online": 1, "hearing": 1}


def test_consultation_figures_of_a_small_week():
    consultations = consultations_frame(
        consultation(
            held_on=START,
            form="estate_meeting",
            participants=12,
            consensus=True,
            problems_solved=2,
            implementation="in_progress",
        ),
        consultation(held_on=END, form="online", participants=30, consensus=False),
        consultation(
            held_on=START - 20 * DAY,
            participants=99,
            consensus=True,
            problems_solved=5,
            implementation="done",
            implemented_on=START + DAY,
        ),
        consultation(held_on=END + DAY, participants=99, consensus=True),
    )
    assert consultation_figures(consultations, WEEK) == ConsultationFigures(
        held=2,
        participants=42,  # 12 + 30
        consensus_rate=0.5,  # 1 of 2
        problems_solved=2,
        implemented=1,  # the one held 20 days before the start
        pending_implementation=1,  # the in_progress one; the one held after end not yet
        by_form=dict.fromkeys(CONSULTATION_FORMS, 0) | {"estate_meeting": 1, "online": 1},
    )


def test_empty_consultations_give_zero_counts_and_no_rate():
    expected = ConsultationFigures(
        held=0,
        participants=0,
        consensus_rate=None,
        problems_solved=0,
        implemented=0,
        pending_implementation=0,
        by_form=dict.fromkeys(CONSULTATION_FORMS, 0),
    )
    assert consultation_figures(WindowFrames().consultations, WEEK) == expected
    assert consultation_figures(consultations_frame(), WEEK) == expected
