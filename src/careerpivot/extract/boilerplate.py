"""Recognise sentences that carry no skill evidence: company blurbs, benefits, legal text.

Job ads and CVs mix requirements with text a skill extractor must ignore: "We are a
fast-growing fintech backed by …", "Competitive salary and 30 days of holiday", "We are an
equal opportunity employer …", contact lines and date lines. :func:`boilerplate_reason`
returns why a sentence is boilerplate, or ``None`` when it may hold evidence. The rules are
deliberately conservative: a sentence that also states a requirement or an activity
("We are looking for someone who has run customer interviews") is kept.

Data contract: reasons are one of :data:`REASONS`; the function is pure and case-insensitive.
"""

from __future__ import annotations

import re
from typing import Final, Literal

Reason = Literal["legal", "benefits", "company", "contact", "dates", "application", "aspiration"]
REASONS: Final[tuple[Reason, ...]] = (
    "aspiration",
    "legal",
    "benefits",
    "company",
    "contact",
    "dates",
    "application",
)


def _rx(*alternatives: str) -> re.Pattern[str]:
    return re.compile(r"(?:" + "|".join(alternatives) + r")", re.I)


_LEGAL = _rx(
    r"\bequal (?:employment )?opportunit",
    r"\bregardless of (?:race|gender|age|religion|sex|colou?r|national|sexual|disability)",
    r"\bwithout regard to\b",
    r"\bdiscriminat",
    r"\baffirmative action\b",
    r"\breasonable accommodation",
    r"\b(?:privacy|data protection) (?:policy|notice|statement)\b",
    r"\bGDPR\b",
    r"\bE-?Verify\b",
    r"\bbackground (?:check|screening)s?\b",
    r"\bprotected (?:veteran|characteristic|status)",
    r"\bdiverse (?:and|&) inclusive\b",
    r"\bwe (?:celebrate|value|embrace) diversity\b",
)
_BENEFITS = _rx(
    r"\bwe offer\b",
    r"\bwhat we offer\b",
    r"\bbenefits?\b(?! (?:of|to|for) (?:the )?(?:customer|user|product))",
    r"\bcompetitive (?:salary|compensation|pay|package)",
    r"\bsalary (?:range|band)\b",
    r"\b(?:health|dental|vision|medical|life) (?:insurance|cover|plan)",
    r"\bpaid (?:time off|leave|holidays?|vacation)\b",
    r"\b\d+ days? (?:of )?(?:paid )?(?:holiday|vacation|annual leave)",
    r"\b(?:pension|401\s?\(?k\)?|retirement) (?:plan|scheme|contribution|match)",
    r"\b(?:stock options|equity package|employee stock|ESOP)\b",
    r"\b(?:parental|maternity|paternity) leave\b",
    r"\b(?:gym|wellness|fitness) (?:membership|allowance|budget|stipend)",
    r"\b(?:free|catered) (?:lunch|lunches|snacks|meals|drinks)\b",
    r"\b(?:learning|training|education|home[- ]office|equipment) (?:budget|allowance|stipend)",
    r"\bflexible (?:working )?hours\b",
    r"\b(?:remote|hybrid)(?:-| )(?:first|friendly|work(?:ing)? (?:policy|options?))",
    r"\brelocation (?:support|package|assistance)\b",
    r"\bvisa sponsorship\b",
)
_COMPANY = _rx(
    r"^(?:we(?:'re| are)|(?:[A-Z][\w&.-]*\s){1,3}is) (?:a|an|the|one of)\b",
    r"^about (?:us|the company|the team)\b",
    r"^(?:founded|established|headquartered) in\b",
    r"^our (?:mission|vision|story|values|customers include|investors)\b",
    r"\bbacked by\b",
    r"\b(?:series [a-e]|seed)(?:-| )(?:funded|round|stage)\b",
    r"\b(?:leading|largest|fastest[- ]growing) (?:provider|platform|company|supplier)\b",
    r"\bjoin (?:us|our (?:team|mission))\b",
)
# A goal is not evidence: "Looking to move into product management" shows no PM skill.
_ASPIRATION = _rx(
    r"^(?:i am |i'm |currently )?(?:looking|hoping|aiming|keen|eager|seeking|planning|"
    r"wanting|aspiring) (?:to|for)\b",
    r"\b(?:looking|hoping|aiming|keen|eager|want|wanting|planning) to (?:move|transition|pivot|"
    r"switch|grow|step|break) (?:into|to|towards)\b",
    r"\b(?:career goal|next step|aspiration|objective)s?:",
    r"\bseeking (?:a|an|my first)\b",
)
_APPLICATION = _rx(
    r"^(?:to apply|how to apply|apply (?:now|today|here|via|by|online))\b",
    r"\bsend (?:us )?your (?:cv|resume|application)\b",
    r"\bclosing date\b",
    r"\bapplications? (?:close|will be reviewed)\b",
)
_CONTACT = _rx(
    r"\[(?:email|phone|address|url)\]",
    r"[\w.+-]+@[\w-]+\.[\w.]+",
    r"\+?\d[\d ()-]{7,}\d",
    r"https?://",
)
_DATE_WORDS = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?|\bpresent\b|"
    r"\bcurrent\b|\bnow\b|\btoday\b|\bto\b|\bsince\b|\b(?:19|20)\d\d\b|\d{1,2}/\d{2,4}|[–—\-/,·|]",
    re.I,
)
# Words that show a sentence states an activity or requirement, which keeps it.
_EVIDENCE = _rx(
    r"\b(?:you (?:will|have|are|bring|can)|we(?:'re| are) looking for|you'll|must have|"
    r"experience (?:with|in|of)|ability to|skills? in|knowledge of|responsible for)\b"
)


def boilerplate_reason(sentence: str) -> Reason | None:
    """Why ``sentence`` holds no skill evidence, or ``None`` when it may hold some.

    Args:
        sentence: one sentence or bullet, as split by
            :func:`careerpivot.extract.sentences.split_sentences`.

    Returns:
        ``"dates"`` for a line of dates only, ``"contact"`` for contact details,
        ``"aspiration"`` for a stated goal ("looking to move into product management"),
        ``"legal"``, ``"benefits"``, ``"company"`` or ``"application"`` for those kinds of
        job-ad text; ``None`` otherwise.
    """
    text = sentence.strip()
    if not text:
        return "dates"
    if not _DATE_WORDS.sub(" ", text).strip(" .():"):
        return "dates"
    if _CONTACT.search(text) and len(_CONTACT.sub(" ", text).split()) <= 8:
        return "contact"
    if _LEGAL.search(text):
        return "legal"
    if _ASPIRATION.search(text):
        return "aspiration"
    keeps = bool(_EVIDENCE.search(text))
    if not keeps and _BENEFITS.search(text):
        return "benefits"
    if not keeps and _APPLICATION.search(text):
        return "application"
    if not keeps and _COMPANY.search(text):
        return "company"
    return None
