"""How much a person's occupations should count next to their CV: a sweep of the factor.

Run (after ``data import all`` and ``data embed`` into CAREERPIVOT_HOME)::

    CAREERPIVOT_HOME=… .venv/bin/python benchmarks/sweep_implied_factor.py --shared ../shared

For each sample CV and factor (0 = CV only … 1 = occupation skills at full weight) prints the
person → target score, viability and rank, the top of the person's ranked list, and the score
of their occupation alone for comparison.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path


def main() -> None:
    """Run the sweep and print one line per CV and factor."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--target", default="pm")
    args = parser.parse_args()

    from careerpivot import transitions_service as ts
    from careerpivot.analysis.person_skills import person_skill_weights
    from careerpivot.intake import read_profile
    from careerpivot.packs.loader import load_pack
    from careerpivot.pivot import detect_feeder
    from careerpivot.pivot_sections import origin_occupations

    pack = load_pack()
    for path in sorted((args.shared / "samples" / "cv").glob("*")):
        profile = read_profile(path)
        origins = origin_occupations(profile, detect_feeder(profile, pack))
        weights = {w.uri: w.weight for w in person_skill_weights(profile.skills, date.today())}
        print(f"{path.name}: occupations {origins}, {len(weights)} CV skills")
        for factor in (0.0, 0.35, 0.5, 0.7, 1.0):
            r = ts.score_person(args.target, weights, implied_from=origins, factor=factor)
            top = [t.target.label for t in r.ranked.transitions[:5]]
            print(
                f"  factor {factor:.2f}: {r.direct.score:.3f} {r.direct.viability}, "
                f"rank {r.direct.rank}; closest: {top}"
            )
        if origins:
            occ = ts.transition(origins[0], args.target)
            print(f"  occupation alone ({origins[0]}): {occ.score:.3f}, rank {occ.rank}")


if __name__ == "__main__":
    main()
