"""Who "your MP" is, for a model letter that goes to the supporter's MP.

Represent answers for a full postal code (its answers cached in the shared
cache). When it cannot (down, slow, over our per-minute budget, or an unknown
code), the supporter chooses among the ridings near their postal code, each
with its MP: the riding hinted for their FSA first, then those hinted for the
FSAs that share its first two characters (at most 12), with a search over the
province's other ridings. Never a province's whole list, and the hint never
decides alone: a letter to the wrong MP is worse than a question.

Only the first review asks Represent; every later step (a search, a pick,
the send) reads the cached answer and validates the pick against it and the
province's sitting MPs, so a tampered id never becomes a recipient.
"""

from dataclasses import dataclass, field

from django.db.models import Q
from django.http import HttpRequest

from campaigns import represent
from campaigns.directory import NEARBY_LIMIT, fold, nearby_riding_codes
from campaigns.models import LetterTemplate, Target
from campaigns.services import ensure_mp_targets

from .forms import MPChoiceForm
from .services import province_of


@dataclass
class MPChoice:
    """Where the supporter stands in finding their MP, and the form that confirms it."""

    form: MPChoiceForm
    # found: Represent named one MP; chosen: the supporter picked one; choose: not yet.
    mode: str
    outcome: str = ""  # represent.Outcome of the lookup, for the message shown
    found: list[Target] = field(default_factory=list)  # Represent's answer
    shown: list[Target] = field(default_factory=list)  # the radios while choosing
    searching: bool = False
    query: str = ""
    more: int = 0  # search matches beyond those shown

    @property
    def mp(self) -> Target | None:
        """The MP the letter is addressed to, once there is one."""
        if self.mode == "found":
            return self.found[0]
        if self.mode == "chosen":
            return self.form.cleaned_data["mp"]
        return None

    @property
    def several_found(self) -> bool:
        return len(self.found) > 1 and not self.searching


def resolve_mp_choice(
    request: HttpRequest, template: LetterTemplate, postal_code: str, *, at_send: bool = False
) -> MPChoice | None:
    """The MP choice for a letter to the supporter's MP, or None for other letters."""
    if not template.to_supporters_mp:
        return None
    post = request.POST
    searching = not at_send and "riding_q" in post
    picking = at_send or ("mp" in post and not searching)
    if searching or picking:
        lookup = represent.cached_lookup(postal_code)
    else:
        lookup = represent.lookup_postal_code(postal_code)
    found = ensure_mp_targets(records=lookup.mps) if lookup and lookup.found else []
    outcome = lookup.outcome if lookup else represent.Outcome.UNAVAILABLE
    allowed = (
        Target.objects.sitting_mps()
        .filter(Q(riding__province=province_of(postal_code)) | Q(pk__in=[t.pk for t in found]))
        .select_related("riding")
    )
    if picking:
        form = MPChoiceForm(post, allowed=allowed)
        if form.is_valid():
            return MPChoice(form=form, mode="chosen", outcome=outcome, found=found)
    elif not searching and len(found) == 1:
        form = MPChoiceForm(allowed=allowed, initial={"mp": found[0].pk})
        return MPChoice(form=form, mode="found", outcome=outcome, found=found)
    else:
        form = MPChoiceForm(allowed=allowed, initial={"mp": post.get("mp")})
    choice = MPChoice(
        form=form,
        mode="choose",
        outcome=outcome,
        found=found,
        searching=searching,
        query=post.get("riding_q", "").strip()[:100],
    )
    if choice.query:
        choice.shown, choice.more = _search(allowed, choice.query)
    elif choice.several_found:
        choice.shown = found
    else:
        choice.shown = _nearby(postal_code, allowed, first=found)
    return choice


def _nearby(postal_code: str, allowed, *, first: list[Target]) -> list[Target]:
    """Represent's MP if it named one, then the sitting MPs of the ridings near the code
    (of its province: a hint across a border could not be chosen)."""
    codes = nearby_riding_codes(postal_code)
    by_code = {t.riding.code: t for t in allowed.filter(riding__code__in=codes)}
    nearby = [by_code[code] for code in codes if code in by_code]
    return list(dict.fromkeys([*first, *nearby]))[:NEARBY_LIMIT]


def _search(allowed, query: str) -> tuple[list[Target], int]:
    """The province's sitting MPs whose riding or name has every word typed, accents
    and case aside; at most NEARBY_LIMIT shown, and how many more matched."""
    words = fold(query).split()
    matches = [
        t
        for t in allowed.order_by("riding__name")
        if all(w in fold(f"{t.riding.name} {t.riding.name_fr} {t.name}") for w in words)
    ]
    return matches[:NEARBY_LIMIT], max(0, len(matches) - NEARBY_LIMIT)
