"""The written summary (综述) at the top of 总览 and 周报: a paragraph per part, and under it a link
from each sentence that names a community (an alert's, a share of the new disputes, an overdue
follow-up action) to that community's profile, where its alerts open onto their records."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from i18n import enum_label, t
from reports.alerts import distinct_names
from reports.meeting import MeetingReport, follow_ups_for_report
from reports.narrative import Narrative, Sentence, overdue_follow_ups, written_summary
from ui.cached import current_engine
from ui.community_table import PROFILE_PAGE
from ui.filters import Filters, today_local
from ui.plain_text import as_text

# Links drawn side by side under a paragraph.
LINKS_PER_ROW = 4


def meeting_narrative(report: MeetingReport, filters: Filters) -> Narrative:
    """The meeting's written summary: the summary's, and the follow-up actions overdue today
    among those the meeting reviews (as its 督办事项 section lists them)."""
    actions = follow_ups_for_report(current_engine(), report.window, filters.scope)
    overdue = overdue_follow_ups(actions, today_local())
    return written_summary(report.summary, filters.names, filters.lang, follow_ups=overdue)


def narrative_block(narrative: Narrative, names: Mapping[str, str]) -> None:
    """The written summary in a bordered box, its community links under each paragraph."""
    lang = narrative.lang
    with st.container(border=True, key="narrative"):
        st.markdown(f"**{t('narr_title', lang)}**")
        for (_, sentences), paragraph in zip(
            narrative.parts(), narrative.paragraphs(), strict=True
        ):
            st.markdown(as_text(paragraph))
            links = sentence_links(sentences, names, lang)
            for first in range(0, len(links), LINKS_PER_ROW):
                row = links[first : first + LINKS_PER_ROW]
                for column, (label, code) in zip(st.columns(LINKS_PER_ROW), row, strict=False):
                    column.page_link(
                        PROFILE_PAGE,
                        label=as_text(label),
                        icon=":material/location_city:",
                        query_params={"community": code},
                    )


def sentence_links(
    sentences: list[Sentence], names: Mapping[str, str], lang: str
) -> list[tuple[str, str]]:
    """(label, community code) of each community the sentences name, once per sentence: the
    alert rule and the name for an alert's sentence (纠纷激增 · 大冲社区), else the name."""
    named = {code for sentence in sentences for code in sentence.communities}
    shown = distinct_names(names.keys() | named, names)
    links = []
    for sentence in sentences:
        for code in sentence.communities:
            if sentence.rules:
                rule = enum_label("rule", sentence.rules[0], lang)
                label = t("narr_link_rule", lang, rule=rule, name=shown[code])
            else:
                label = t("narr_link", lang, name=shown[code])
            links.append((label, code))
    return links
