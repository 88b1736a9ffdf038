"""Hand-labelled gold for the seed corpus: which cross-article paragraph pairs report one event.

Every body paragraph is listed by its seed file prefix and a snippet unique within that file,
with what it reports. ``events`` names the cross-outlet events it certainly reports; ``maybe``
the ones it may be counted in (a reader could fairly argue either way). From these:

- a pair is **aligned** when the two paragraphs share an event (the reason: that event);
- a pair is **not aligned** when neither certainly nor possibly shares one (the reason: what each
  paragraph reports: different occasions, or one topic but different moments);
- every other pair is **unsure** and left out of the score, as are the pairs in ``UNSURE``.

Events:
- ``istanbul``: the spring-2022 Russia-Ukraine talks (Istanbul, March 2022), the near-deal and
  Boris Johnson's reported part in derailing it;
- ``draft``: Russia's December 2021 draft security guarantees and the West's rejection of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations


@dataclass(frozen=True)
class Para:
    file: str  # seed file prefix: "000".."004"
    snippet: str  # unique within the file's body paragraphs
    reports: str  # one line: what the paragraph reports
    events: frozenset[str] = frozenset()
    maybe: frozenset[str] = frozenset()


def P(file: str, snippet: str, reports: str, events: str = "", maybe: str = "") -> Para:
    return Para(file, snippet, reports, frozenset(events.split()), frozenset(maybe.split()))


PARAGRAPHS = [
    # 000: RT, January 2024 -- Lavrov's CBS interview in New York
    P(
        "000",
        "never closed the door",
        "Lavrov to CBS, Jan 2024: Moscow never closed door to dialogue",
    ),
    P(
        "000",
        "rare interview with CBS",
        "Lavrov rejects Blinken's Jan 2024 claim, in New York for UN meetings",
        maybe="unny",
    ),
    P(
        "000",
        "It’s not true",
        "Lavrov to CBS: ready for any serious proposal, legitimate interests",
    ),
    P(
        "000",
        "prepared to listen to anyone",
        "Lavrov to CBS: West uses Ukraine as instrument of war",
    ),
    P(
        "000",
        "warning publicly since 2008",
        "Lavrov to CBS: Russia warned about NATO expansion since 2008",
    ),
    P("000", "2008 summit in Bucharest", "background: the 2008 Bucharest NATO summit"),
    P(
        "000",
        "submitted a draft of security guarantees",
        "background: Dec 2021 draft guarantees, rebuffed",
        "draft",
    ),
    P(
        "000",
        "close to reaching a peace deal",
        "background: spring-2022 near-deal derailed by Johnson",
        "istanbul",
    ),
    # 001: Press TV, 14 February 2022 -- televised Putin-Lavrov meeting
    P(
        "001",
        "ready to continue negotiations",
        "Feb 2022: Russia ready to continue negotiating with the West",
    ),
    P("001", "televised exchange", "Feb 2022: Putin asks Lavrov on TV whether a deal is possible"),
    P("001", "will not allow endless negotiations", "Feb 2022: Lavrov to Putin, no endless talks"),
    P("001", "There's always a chance", "Feb 2022: Lavrov, always a chance; no stonewalling"),
    P(
        "001",
        "massing 100,000 troops",
        "early 2022: West accuses Russia of massing troops",
        maybe="buildup",
    ),
    P(
        "001",
        "Back in December last year",
        "Dec 2021: Russia's demands for legal guarantees",
        "draft",
    ),
    P(
        "001",
        "flatly rejected the demands",
        "the West's rejection of the Dec 2021 demands",
        "draft",
    ),
    P(
        "001",
        "lure Russia into a war",
        "Putin: US lures Russia to war; NATO in Ukraine a red line",
        maybe="redline",
    ),
    P("001", "BBC interview on Sunday", "Feb 2022: Prystaiko on BBC about giving up NATO bid"),
    P("001", "backtracked on his remarks", "Feb 2022: Prystaiko backtracks"),
    P("001", "We are not a member of NATO right now", "Feb 2022: Prystaiko's clarification to BBC"),
    P("001", "renounced its aspiration", "Feb 2022: Moscow on Kiev renouncing NATO bid"),
    P(
        "001",
        "anti-Russia sentiment",
        "early 2022: Moscow rejects US invasion claims",
        maybe="buildup",
    ),
    P(
        "001",
        "Zelenskiy has repeatedly criticized",
        "early 2022: Zelensky criticises Western panic",
    ),
    # 002: RT, 15 December 2023 -- Lavrov with Belarus's Aleinik
    P(
        "002",
        "multiple Western leaders had approached",
        "Dec 2023: Western leaders approached Lavrov",
    ),
    P(
        "002",
        "Speaking alongside his Belarusian",
        "Dec 2023: Lavrov with Aleinik on Western interest",
    ),
    P(
        "002",
        "I do not want to and I have no right",
        "Dec 2023: Lavrov's quote on signals from a Western leader",
    ),
    P(
        "002",
        "always ready to discuss these issues",
        "Dec 2023: Lavrov, Russia never rejected negotiations",
    ),
    P(
        "002",
        "account for “Russia’s legitimate interests”",
        "Dec 2023: talks must account for Russia's interests",
    ),
    P(
        "002",
        "multiple rounds of talks in the weeks after",
        "spring-2022 talks collapsed; Zelensky's decree",
        maybe="istanbul",
    ),
    P(
        "002",
        "talks in Istanbul in March 2022",
        "Dec 2023 OSCE: Lavrov recalls the Istanbul near-deal",
        "istanbul",
    ),
    P(
        "002",
        "Arakhamia said that Russia’s primary goal",
        "Arakhamia on the Istanbul talks and Johnson's role",
        "istanbul",
    ),
    P("002", "quietly broached the issue", "Dec 2023: US officials quietly broach talks (NBC)"),
    # 003: BelTA, 18 January 2024 -- Lavrov's annual press conference
    P(
        "003",
        "unrestrained expansion of the anti-Russian NATO bloc",
        "Jan 2024 press conference: US NATO policy provoked the conflict",
    ),
    P(
        "003",
        "use of the Kiev regime as a tool",
        "Jan 2024 press conference: Kiev regime as a tool",
    ),
    P(
        "003",
        "slightest interest",
        "Jan 2024 press conference: West not interested in a fair resolution",
    ),
    P(
        "003",
        "Hopes that Russia will be somehow defeated",
        "Jan 2024 press conference: hopes of defeat faded",
    ),
    P(
        "003",
        "on the orders of Boris Johnson",
        "Jan 2024: Putin never refused talks; Johnson killed the 2022 deal",
        "istanbul",
    ),
    P(
        "003",
        "negative dynamics in strategic stability",
        "Jan 2024 press conference: strategic stability",
    ),
    P(
        "003",
        "upcoming special meeting of the UN Security Council",
        "Jan 2024: Lavrov to present proposals at the UNSC in New York",
        maybe="unny",
    ),
    # 004: AP, 22 December 2021 -- Lavrov on the coming security talks
    P(
        "004",
        "will meet early next year",
        "Dec 2021: US-Russia talks on the guarantees set for January",
        maybe="draft",
    ),
    P(
        "004",
        "separate talks with NATO in January",
        "Dec 2021: separate NATO and OSCE talks in January 2022",
    ),
    P(
        "004",
        "filed draft security documents",
        "Dec 2021: Moscow filed the draft security documents",
        "draft",
    ),
    P(
        "004",
        "refused to make such promises",
        "Dec 2021: Washington and allies refuse the demands",
        "draft",
    ),
    P(
        "004",
        "filed lawsuits",
        "Dec 2021: tensions over the Russian troop build-up",
        maybe="buildup",
    ),
    P("004", "serious consequences", "Dec 2021: Biden warns Putin of serious consequences"),
    P(
        "004",
        "described NATO’s expansion into Ukraine",
        "Dec 2021: Putin denies attack plans; NATO in Ukraine a red line",
        maybe="redline",
    ),
    P("004", "We don’t want a war", "Dec 2021: Lavrov, we don't want a war"),
    P(
        "004",
        "praised Washington’s “business” approach",
        "Dec 2021: Lavrov to RT, praises US business approach",
    ),
    P("004", "should not be extended indefinitely", "Dec 2021: Lavrov, talks must not drag on"),
    P("004", "I hope they take us seriously", "Dec 2021: Lavrov quote on defence"),
    P("004", "Kremlin spokesman Dmitry Peskov", "Dec 2021: Peskov on the January talks"),
    P("004", "We want these conversations", "Dec 2021: Peskov quote"),
    P(
        "004",
        "Biden opposes the kind of guarantees",
        "Dec 2021: Blinken, Biden opposes Putin's guarantees",
        maybe="draft",
    ),
    P(
        "004",
        "relegated to the trash of history",
        "Dec 2021: Blinken's quote on spheres of influence",
    ),
    P("004", "annexed the Crimean peninsula", "background: Crimea 2014 and the Donbas rebellion"),
    P("004", "more than 14,000 people", "background: the Donbas war's toll"),
    P(
        "004",
        "smear campaign",
        "Dec 2021: Moscow calls invasion fears a smear campaign",
        maybe="buildup",
    ),
    P("004", "private military contractors", "Dec 2021: Shoigu's claim about US contractors"),
    P("004", "toxic chemicals", "Dec 2021: Shoigu's chemicals claim"),
    P("004", "Foreign Ministry strongly rejected", "Dec 2021: Ukraine rejects Shoigu's claim"),
]

# Pairs that the per-paragraph labels would call "not aligned" but where a careful reader could
# argue that they report one moment: left out of the score. (file, snippet) pairs.
UNSURE = {
    # The same stance of Lavrov's, stated on two occasions eight weeks apart.
    (
        ("001", "will not allow endless negotiations"),
        ("004", "should not be extended indefinitely"),
    ),
}

EVENTS = {"istanbul": ("000", "002", "003"), "draft": ("000", "001", "004")}


def key(p: Para) -> tuple[str, str]:
    return (p.file, p.snippet)


def judge(a: Para, b: Para) -> tuple[bool | None, str]:
    """(aligned?, reason); None when unsure."""
    shared = a.events & b.events
    if shared:
        return True, f"both report {', '.join(sorted(shared))}"
    if (a.events | a.maybe) & (b.events | b.maybe) or {key(a), key(b)} in map(set, UNSURE):
        return None, "arguable"
    return False, f"different moments: {a.reports} / {b.reports}"


def gold_pairs() -> list[tuple[Para, Para, bool, str]]:
    """Every cross-article pair we are sure of, with its label and reason."""
    out = []
    for a, b in combinations(PARAGRAPHS, 2):
        if a.file == b.file:
            continue
        aligned, reason = judge(a, b)
        if aligned is not None:
            out.append((a, b, aligned, reason))
    return out
