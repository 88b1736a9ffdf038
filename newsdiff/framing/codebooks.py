"""The two codebooks newsdiff ships (installed by migration 0002; admins edit them afterwards).

Frames: the 15 dimensions of the Media Frames Corpus codebook (Boydstun, Card, Gross, Resnik
and Smith 2014, "Tracking the development of media frames within and across policy issues";
Card et al. 2015, "The Media Frames Corpus"), descriptions paraphrased from it, with a tone.
Differences: how two outlets' passages about the same event differ.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps as global_apps
from django.apps.registry import Apps

# (slug, name, description)
FRAMES = [
    ("economic", "Economic", "Costs, benefits or other financial implications of the issue."),
    (
        "capacity-and-resources",
        "Capacity and resources",
        "Whether there are enough physical, human or financial resources: availability, "
        "shortages, capacity of existing systems.",
    ),
    (
        "morality",
        "Morality",
        "Religious or ethical implications; appeals to duty, honour, righteousness or a moral "
        "obligation.",
    ),
    (
        "fairness-and-equality",
        "Fairness and equality",
        "Balance or distribution of rights, responsibilities and resources; equality or "
        "inequality with which laws are applied or punishment is given.",
    ),
    (
        "legality",
        "Legality, constitutionality and jurisprudence",
        "Court cases and existing law; the rights, freedoms and authority of individuals, "
        "states and governments; treaties and international law.",
    ),
    (
        "policy",
        "Policy prescription and evaluation",
        "Particular policies proposed or in place, and whether they will work or have worked.",
    ),
    (
        "crime-and-punishment",
        "Crime and punishment",
        "Violation of policy and its consequences: enforcement, sanctions, prosecution, "
        "punishment.",
    ),
    (
        "security-and-defense",
        "Security and defense",
        "Threats to the welfare of a person, group or nation; defence, deterrence, military "
        "action, war and peace talks as a matter of security.",
    ),
    (
        "health-and-safety",
        "Health and safety",
        "Health care, disease, injury, casualties, sanitation, safety of people.",
    ),
    (
        "quality-of-life",
        "Quality of life",
        "The effects of a policy on people's wealth, mobility, daily routines, happiness and "
        "living conditions.",
    ),
    (
        "cultural-identity",
        "Cultural identity",
        "Traditions, customs or values of a social group in relation to the issue; national "
        "identity, language, history.",
    ),
    (
        "public-opinion",
        "Public opinion",
        "Attitudes and opinions of the general public: polls, protests, the popularity of a "
        "position.",
    ),
    (
        "political",
        "Political",
        "Political considerations: partisan manoeuvring, lobbying, elections, leaders' "
        "positions and rivalry, diplomacy as political contest.",
    ),
    (
        "external-regulation-and-reputation",
        "External regulation and reputation",
        "A country's standing and relations abroad: international reputation, foreign "
        "policy, relations between states and blocs.",
    ),
    ("other", "Other", "Any framing that fits none of the other dimensions."),
]

DIFFERENCES = [
    (
        "omission",
        "Omission",
        "Something one passage reports is missing from the other (a fact, an actor, a context).",
    ),
    (
        "addition",
        "Addition",
        "One passage adds a sentence, claim or context the other has no counterpart for.",
    ),
    (
        "word-choice",
        "Word choice and labelling",
        "The same thing named differently: “Kiev” / “Kyiv”, “special military operation” / "
        "“invasion”, “regime” / “government”.",
    ),
    (
        "attribution",
        "Attribution and sourcing",
        "Who is quoted or cited, and how: “said” / “claimed”, a named source / “reports”, a "
        "quotation only one passage has.",
    ),
    (
        "emphasis",
        "Emphasis and placement",
        "The same fact given more or less prominence: leading or buried, headline or aside.",
    ),
    (
        "evaluation",
        "Evaluation and tone",
        "Judgement carried by adjectives, adverbs or framing words: “derailed”, “bailed out”, "
        "“unrestrained”.",
    ),
    (
        "factual-discrepancy",
        "Factual discrepancy",
        "The passages disagree on a checkable fact: a number, a date, a name, a place.",
    ),
]

# (slug, name, description, kind, has_tone, tags)
CODEBOOKS = [
    (
        "frames",
        "Frames (Media Frames Corpus)",
        "The 15 framing dimensions of the Media Frames Corpus codebook (Boydstun et al. 2014; "
        "Card et al. 2015), with the passage's tone.",
        "passage",
        True,
        FRAMES,
    ),
    (
        "differences",
        "Differences between two passages",
        "How two outlets' passages about the same event differ.",
        "pair",
        False,
        DIFFERENCES,
    ),
]


def install(apps: Apps = global_apps, **kwargs: Any) -> None:
    """Create each shipped codebook that does not exist yet, with its tags.

    Runs from migration 0002 and after every migrate (post_migrate), which a test database
    flush also sends, so a flushed database gets its codebooks back as it gets its roles. A
    codebook that exists is left as the admins edited it.
    """
    Codebook = apps.get_model("framing", "Codebook")
    Tag = apps.get_model("framing", "Tag")
    for order, (slug, name, description, kind, has_tone, tags) in enumerate(CODEBOOKS):
        if Codebook.objects.filter(slug=slug).exists():
            continue
        codebook = Codebook.objects.create(
            slug=slug,
            name=name,
            description=description,
            kind=kind,
            has_tone=has_tone,
            order=order,
        )
        Tag.objects.bulk_create(
            Tag(codebook=codebook, slug=t, name=n, description=d, order=i)
            for i, (t, n, d) in enumerate(tags)
        )
