"""The occupation-title index used by the hybrid title ranker: label embeddings, BM25, O*NET.

Embeddings are computed once per taxonomy and embedder (``careerpivot data embed``) and cached
as ``$CAREERPIVOT_HOME/embeddings/<embedder>/titles-<fingerprint>.npz`` (float16). The
fingerprint hashes the recipe version, the embedder name and the imported ESCO, O*NET and
crosswalk files, so a re-import invalidates the cache. ``titles.hybrid.v4``'s second embedder
(e5) needs only the label rows, embedded as written, as queries: they are cached on their own
as ``$CAREERPIVOT_HOME/embeddings/<embedder>/title-labels-<fingerprint>.npz``
(:func:`build_label_embeddings`, :data:`LABEL_RECIPE`).

What is embedded, per ESCO occupation:

- every preferred and alternative label (hidden labels are search aids, not titles);
- ``"label: description"`` (one row);
- the O*NET occupation title and alternate titles of every O*NET-SOC code the official
  crosswalk maps the occupation to (matched by ESCO code, or by preferred label when the
  crosswalk uses an older code). Each O*NET code is embedded once; an ESCO occupation reaches
  it through :attr:`TitleIndex.link_occ` / :attr:`TitleIndex.link_code`.

Data contract of :class:`TitleIndex`: ``uris[i]``/``labels[i]``/``codes[i]`` describe
occupation ``i`` (sorted by URI). ``label_vecs`` has one row per (occupation, label) pair;
rows of one occupation are contiguous, preferred label first, and ``label_starts[i]`` is the
first row of occupation ``i`` (every occupation has at least one row). ``desc_vecs`` has one
row per occupation. ``onet_vecs`` has one row per (O*NET code, title) pair, contiguous per
code, ``onet_starts[k]`` the first row of code ``onet_codes[k]``. ``link_occ[j]`` /
``link_code[j]`` / ``link_fanout[j]`` say that occupation ``link_occ[j]`` is mapped to code
``link_code[j]``, which the crosswalk maps to ``link_fanout[j]`` ESCO occupations. All vector
rows are unit length. ``employment[i]`` is the US employment (BLS OEWS, national) of the
O*NET occupations occupation ``i`` is mapped to, each code's employment shared equally among
the ESCO occupations the crosswalk maps it to (0 when wages are not imported).
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt

from careerpivot.errors import StoreMissingError
from careerpivot.extract.embedders import Embedder, Kind, Matrix
from careerpivot.extract.skill_index import bm25_tokens
from careerpivot.taxonomy.store import TaxonomyStore

ProgressFn = Callable[[str, int, int], None]
RECIPE = "title-index.v1"
#: Recipe of the label-only cache of a second embedder (``titles.hybrid.v4``'s e5 vectors).
LABEL_RECIPE = "title-labels.v1"
#: Texts per ``encode`` call while building (bounds tokeniser and activation memory).
ENCODE_BATCH = 2048
TITLE_TEMPLATE = "job title: "
_MANAGER_LABEL = re.compile(r"\b(manager|director|head|chief)\b")
Ints = npt.NDArray[np.int64]


@dataclass
class OccupationRows:
    """Occupation texts read from the store (the part of the index that is not embedded).

    ``label_texts``/``label_owner`` list one row per (occupation, label) pair in the order
    the embeddings are stored; ``onet_texts``/``onet_owner`` the same for O*NET codes.
    """

    uris: list[str]
    labels: list[str]
    codes: list[str | None]
    descriptions: list[str]
    label_texts: list[str]
    label_owner: list[int]
    onet_codes: list[str]
    onet_texts: list[str]
    onet_owner: list[int]
    links: list[tuple[int, int]] = field(default_factory=list)


def read_rows(store: TaxonomyStore) -> OccupationRows:
    """Read ESCO occupations, their labels and their crosswalked O*NET titles."""
    conn = store.conn
    occ = conn.execute(
        "SELECT uri, preferred_label, code, COALESCE(description, '') FROM esco_occupations "
        "ORDER BY uri"
    ).fetchall()
    alts: dict[str, list[str]] = defaultdict(list)
    for uri, label in conn.execute(
        "SELECT concept_uri, label FROM esco_labels WHERE concept='occupation' AND kind='alt' "
        "ORDER BY rowid"
    ):
        alts[uri].append(label)
    rows = OccupationRows(
        uris=[r[0] for r in occ],
        labels=[r[1] for r in occ],
        codes=[r[2] for r in occ],
        descriptions=[r[3] for r in occ],
        label_texts=[],
        label_owner=[],
        onet_codes=[],
        onet_texts=[],
        onet_owner=[],
    )
    for i, (uri, label, _code, _desc) in enumerate(occ):
        for text in dict.fromkeys([label, *alts.get(uri, [])]):
            rows.label_texts.append(text)
            rows.label_owner.append(i)
    _read_onet(store, rows)
    return rows


def _read_onet(store: TaxonomyStore, rows: OccupationRows) -> None:
    conn = store.conn
    if not (store.has_source("crosswalk") and store.has_source("onet")):
        return
    by_code = {c: i for i, c in enumerate(rows.codes) if c}
    by_label = {lab.lower(): i for i, lab in enumerate(rows.labels)}
    pairs: set[tuple[int, str]] = set()
    for esco_code, esco_title, onet_code in conn.execute(
        "SELECT esco_code, esco_title, onet_code FROM crosswalk_esco_onet"
    ):
        i = by_code.get(esco_code)
        if i is None and esco_title:
            i = by_label.get(str(esco_title).lower())
        if i is not None:
            pairs.add((i, onet_code))
    titles: dict[str, list[str]] = defaultdict(list)
    for code, title in conn.execute(
        "SELECT code, title FROM onet_occupations UNION ALL "
        "SELECT code, title FROM onet_alternate_titles"
    ):
        titles[code].append(title)
    codes = sorted({c for _, c in pairs if titles.get(c)})
    position = {c: k for k, c in enumerate(codes)}
    rows.onet_codes = codes
    for k, code in enumerate(codes):
        for text in dict.fromkeys(titles[code]):
            rows.onet_texts.append(text)
            rows.onet_owner.append(k)
    rows.links = sorted((i, position[c]) for i, c in pairs if c in position)


def fingerprint(store: TaxonomyStore, embedder: str, recipe: str = RECIPE) -> str:
    """Hash of the recipe version, the embedder name and the imported source files."""
    sources = {s.source: s for s in store.sources()}
    if "esco" not in sources:
        raise StoreMissingError(
            "CP-STO001", "ESCO is not imported", "run `careerpivot data import all DIR` first"
        )
    digest = hashlib.sha256(f"{recipe}|{embedder}|".encode())
    for name in ("esco", "onet", "crosswalk"):
        for f in sources[name].files if name in sources else []:
            digest.update(f"{name}:{f['sha256']}".encode())
    return digest.hexdigest()[:20]


def cache_path(home: Path, store: TaxonomyStore, embedder: str) -> Path:
    """Where the title embeddings for this store and embedder live."""
    return home / "embeddings" / embedder / f"titles-{fingerprint(store, embedder)}.npz"


def as_title(text: str) -> str:
    """The text the embedder sees for a job title or label (a short template, see below).

    MiniLM places ``"job title: X"`` phrases closer by occupation than bare ``X`` phrases
    (measured on the title dev set: MRR +0.005 to +0.008), so labels, O*NET titles and the
    queries are all embedded through this template.
    """
    return f"{TITLE_TEMPLATE}{text}"


def _desc_texts(rows: OccupationRows) -> list[str]:
    return [
        f"{lab}: {d}" if d else lab for lab, d in zip(rows.labels, rows.descriptions, strict=True)
    ]


def encode_unique(
    embedder: Embedder,
    texts: list[str],
    progress: ProgressFn | None = None,
    step: str = "",
    *,
    kind: Kind = "passage",
) -> Matrix:
    """Encode ``texts`` (each distinct text once, ``ENCODE_BATCH`` at a time); row per text.

    ``kind`` goes to the embedder (e5 prefixes ``query: `` or ``passage: ``; MiniLM ignores it).
    """
    unique = list(dict.fromkeys(texts))
    position = {t: i for i, t in enumerate(unique)}
    out = np.zeros((len(unique), embedder.dim), dtype=np.float32)
    for start in range(0, len(unique), ENCODE_BATCH):
        end = min(start + ENCODE_BATCH, len(unique))
        out[start:end] = embedder.encode(unique[start:end], kind=kind)
        if progress:
            progress(step or "embed titles", end, len(unique))
    result: Matrix = out[[position[t] for t in texts]] if texts else out
    return result


def build_embeddings(
    store: TaxonomyStore, embedder: Embedder, target: Path, progress: ProgressFn | None = None
) -> Path:
    """Embed occupation labels, "label: description" and O*NET titles; save to ``target``."""
    rows = read_rows(store)
    texts = [as_title(t) for t in rows.label_texts + rows.onet_texts] + _desc_texts(rows)
    vecs = encode_unique(embedder, texts, progress, "embed titles").astype(np.float16)
    n_lab, n_onet = len(rows.label_texts), len(rows.onet_texts)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp.npz")
    np.savez(
        tmp,
        uris=np.array(rows.uris),
        onet_codes=np.array(rows.onet_codes, dtype=str),
        label_vecs=vecs[:n_lab],
        onet_vecs=vecs[n_lab : n_lab + n_onet],
        desc_vecs=vecs[n_lab + n_onet :],
    )
    tmp.replace(target)
    return target


def label_cache_path(home: Path, store: TaxonomyStore, embedder: str) -> Path:
    """Where the label-only vectors of a second embedder (:func:`build_label_embeddings`) live."""
    name = f"title-labels-{fingerprint(store, embedder, LABEL_RECIPE)}.npz"
    return home / "embeddings" / embedder / name


def build_label_embeddings(
    store: TaxonomyStore,
    embedder: Embedder,
    target: Path,
    progress: ProgressFn | None = None,
    step: str = "embed title labels",
) -> Path:
    """Embed every occupation label as written, as a query (no template); save to ``target``.

    The second query–label model of ``titles.hybrid.v4`` needs only these rows: one per
    (occupation, label) pair, in the order of :attr:`TitleIndex.label_texts`.
    """
    rows = read_rows(store)
    vecs = encode_unique(embedder, rows.label_texts, progress, step, kind="query")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp.npz")
    np.savez(tmp, uris=np.array(rows.uris), label_vecs=vecs.astype(np.float16))
    tmp.replace(target)
    return target


def load_label_vectors(index: TitleIndex, cached: Path) -> Matrix:
    """The label vectors of :func:`build_label_embeddings`, checked against ``index``'s rows.

    Raises:
        StoreMissingError: CP-STO001 when the cache does not match the imported taxonomy.
    """
    with np.load(cached) as data:
        if list(data["uris"]) != index.uris or len(data["label_vecs"]) != len(index.label_texts):
            raise StoreMissingError(
                "CP-STO001",
                "the title-label embeddings do not match the imported taxonomy",
                "run `careerpivot data embed`",
            )
        vecs: Matrix = data["label_vecs"].astype(np.float32)
    return vecs


@dataclass
class TitleIndex:
    """Everything the hybrid title ranker needs about ESCO occupations (module docstring)."""

    uris: list[str]
    labels: list[str]
    codes: list[str | None]
    label_texts: list[str]
    label_vecs: Matrix
    label_starts: Ints
    desc_vecs: Matrix
    onet_codes: list[str]
    onet_texts: list[str]
    onet_vecs: Matrix
    onet_starts: Ints
    link_occ: Ints
    link_code: Ints
    link_fanout: npt.NDArray[np.float32]
    employment: npt.NDArray[np.float32]
    embedder: str

    def __post_init__(self) -> None:
        self.position = {uri: i for i, uri in enumerate(self.uris)}
        self.managerial = np.array(
            [(c or "").startswith("1") or bool(_MANAGER_LABEL.search(lab)) for lab, c in
             zip(self.labels, self.codes, strict=True)],
            dtype=bool,
        )  # fmt: skip

    def __len__(self) -> int:
        return len(self.uris)

    def bm25_docs(self) -> list[list[str]]:
        """BM25 tokens of each occupation: all its labels, the preferred label three times."""
        docs: list[list[str]] = [bm25_tokens(lab) * 2 for lab in self.labels]
        ends = [*self.label_starts[1:].tolist(), len(self.label_texts)]
        for i, (a, b) in enumerate(zip(self.label_starts.tolist(), ends, strict=True)):
            for text in self.label_texts[a:b]:
                docs[i] += bm25_tokens(text)
        return docs


def _starts(owner: list[int], n: int) -> Ints:
    counts = np.bincount(np.asarray(owner, dtype=np.int64), minlength=n)
    if n and (counts == 0).any():
        raise ValueError("every occupation and O*NET code needs at least one title row")
    starts: Ints = np.r_[0, np.cumsum(counts)[:-1]].astype(np.int64)
    return starts


def _employment(store: TaxonomyStore) -> dict[str, int]:
    """SOC code (``NN-NNNN``) → national employment, from the imported OEWS wages."""
    if not store.has_source("wages"):
        return {}
    rows = store.conn.execute("SELECT soc_code, employment FROM wages WHERE employment > 0")
    return {code: int(n) for code, n in rows}


def load_index(store: TaxonomyStore, embedder: Embedder, cached: Path) -> TitleIndex:
    """Load cached title embeddings (build them first with :func:`build_embeddings`).

    Raises:
        StoreMissingError: CP-STO001 when the cache does not match the imported taxonomy.
    """
    rows = read_rows(store)
    with np.load(cached) as data:
        stale = list(data["uris"]) != rows.uris or list(data["onet_codes"]) != rows.onet_codes
        stale = stale or len(data["label_vecs"]) != len(rows.label_texts)
        stale = stale or len(data["onet_vecs"]) != len(rows.onet_texts)
        if stale:
            raise StoreMissingError(
                "CP-STO001",
                "the title embeddings do not match the imported taxonomy",
                "run `careerpivot data embed`",
            )
        label_vecs = data["label_vecs"].astype(np.float32)
        onet_vecs = data["onet_vecs"].astype(np.float32)
        desc_vecs = data["desc_vecs"].astype(np.float32)
    fanout = np.bincount([k for _, k in rows.links], minlength=len(rows.onet_codes))
    employment = np.zeros(len(rows.uris), dtype=np.float32)
    jobs = _employment(store)
    for i, k in rows.links:
        employment[i] += jobs.get(rows.onet_codes[k][:7], 0) / fanout[k]
    return TitleIndex(
        uris=rows.uris,
        labels=rows.labels,
        codes=rows.codes,
        label_texts=rows.label_texts,
        label_vecs=label_vecs,
        label_starts=_starts(rows.label_owner, len(rows.uris)),
        desc_vecs=desc_vecs,
        onet_codes=rows.onet_codes,
        onet_texts=rows.onet_texts,
        onet_vecs=onet_vecs,
        onet_starts=_starts(rows.onet_owner, len(rows.onet_codes)),
        link_occ=np.array([i for i, _ in rows.links], dtype=np.int64),
        link_code=np.array([k for _, k in rows.links], dtype=np.int64),
        link_fanout=fanout[[k for _, k in rows.links]].astype(np.float32),
        employment=employment,
        embedder=embedder.name,
    )
