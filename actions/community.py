"""Events by date and group; welfare programmes and how to apply."""
from __future__ import annotations

from actions.topics import TopicAction, answers
from actions.turn import Turn
from bot.guidance import Guidance, community


def _group(turn: Turn) -> str | None:
    named = turn.entity("target_group")
    return turn.district.group_named(named or turn.text)


@answers("events_search")
def events(turn: Turn) -> Guidance:
    return community.events_on(turn.district, turn.date_range(), turn.today, turn.lang, _group(turn))


@answers("welfare_programs")
def welfare_programs(turn: Turn) -> Guidance:
    group = _group(turn) or turn.slot("target_group") and turn.district.group_named(turn.slot("target_group"))
    if not group:
        return community.ask_group(turn.district, turn.lang, "welfare_programs")
    return community.programmes_for(turn.district, group, turn.lang)


@answers("welfare_apply")
def welfare_apply(turn: Turn) -> Guidance:
    named = turn.entity("welfare_programme") or turn.text
    programmes = turn.district.welfare_named(named)
    if programmes:
        return community.how_to_apply(programmes[0], turn.lang)
    group = _group(turn)
    guidance = (community.programmes_for(turn.district, group, turn.lang) if group
                else community.ask_group(turn.district, turn.lang, "welfare_programs"))
    guidance.specific = False
    return guidance


class ActionEvents(TopicAction):
    intent, action_name = "events_search", "action_events"


class ActionWelfarePrograms(TopicAction):
    intent, action_name = "welfare_programs", "action_welfare_programs"


class ActionWelfareApply(TopicAction):
    intent, action_name = "welfare_apply", "action_welfare_apply"
