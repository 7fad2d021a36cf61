"""Check a pack's ESCO references against a taxonomy store.

The schema (:mod:`careerpivot.packs.schema`) only checks that a URI *looks* like an ESCO URI;
whether the concept exists needs the imported taxonomy. Anything with ``has_skill(uri)`` and
``has_occupation(uri)`` will do as the store — the real
:class:`~careerpivot.taxonomy.store.TaxonomyStore` or a small fake in unit tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal, Protocol

from careerpivot.errors import InputError
from careerpivot.packs.schema import Pack


class ConceptIndex(Protocol):
    """What the checks need from a store."""

    def has_skill(self, uri: str) -> bool:
        """True when ``uri`` is an ESCO skill or knowledge concept."""
        ...

    def has_occupation(self, uri: str) -> bool:
        """True when ``uri`` is an ESCO occupation."""
        ...


@dataclass(frozen=True)
class Reference:
    """One ESCO URI the pack cites: ``where`` is the field path inside the pack."""

    kind: Literal["skill", "occupation"]
    uri: str
    label: str
    where: str


def iter_references(pack: Pack) -> Iterator[Reference]:
    """Every ESCO URI in ``pack``, in file order (a URI cited twice appears twice)."""
    for comp in pack.competencies:
        for skill in comp.esco_skills:
            yield Reference("skill", skill.uri, skill.label, f"competencies ({comp.id})")
    for section, roles in (("roles", pack.roles), ("feeders", pack.feeders)):
        for role in roles:
            for occ in role.esco_occupations:
                yield Reference("occupation", occ.uri, occ.label, f"{section} ({role.id})")


def check_references(pack: Pack, store: ConceptIndex) -> list[str]:
    """Problems with the pack's ESCO URIs; empty when every URI exists in ``store``.

    Each problem reads ``"<kind> <uri> (<label>) cited in <where> is not in the store"``,
    one per distinct missing URI and place.
    """
    problems: list[str] = []
    seen: set[tuple[str, str]] = set()
    for ref in iter_references(pack):
        exists = store.has_skill if ref.kind == "skill" else store.has_occupation
        if (ref.uri, ref.where) in seen or exists(ref.uri):
            continue
        seen.add((ref.uri, ref.where))
        problems.append(
            f"ESCO {ref.kind} {ref.uri} ({ref.label}) cited in {ref.where} is not in the store"
        )
    return problems


def validate_against_store(pack: Pack, store: ConceptIndex) -> int:
    """Check every ESCO URI of ``pack`` exists in ``store``.

    Returns:
        The number of distinct URIs checked.

    Raises:
        InputError: CP-PAK002 listing the URIs that do not exist.
    """
    problems = check_references(pack, store)
    if problems:
        shown = "; ".join(problems[:10])
        more = f" (and {len(problems) - 10} more)" if len(problems) > 10 else ""
        raise InputError(
            "CP-PAK002",
            f"pack {pack.meta.name!r} cites {len(problems)} ESCO concept(s) the store does not "
            f"have: {shown}{more}",
            f"the pack targets ESCO {pack.meta.esco_version}: import that version "
            "(`careerpivot data import all DIR`) or correct the URIs in the pack",
        )
    return len({ref.uri for ref in iter_references(pack)})
