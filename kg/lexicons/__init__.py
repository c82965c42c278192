"""Every data file of one ``ontology/`` folder, read once, by one reader: :meth:`Lexicons.load`.

    lexicons = Lexicons.load("ontology")      # or Lexicons.load() for $KG_ONTOLOGY / the checkout's
    pipeline = Pipeline(lexicons)             # every extractor is given its part of these

Nothing is cached between loads: two folders give two independent Lexicons in
one process. ``sources`` names every file read with its sha256, which is what
the build's cache key hashes.

=====================  ==============================================  ==========================
part                   files                                           used by
=====================  ==============================================  ==========================
``boilerplate``        ``boilerplate.tsv``                             ``kg.text.clean``
``gazetteer``          ``kg/data/divisions.tsv``, ``regions/*``        ``kg.extract.regions`` …
                       ``kg/data/region_names_en.tsv`` (@en names)     ``kg.rdf.mapping``
``places``             ``regions/place_*``, ``regions/not_places.txt``  ``kg.extract.places``
``practices``          ``practices.ttl``                               ``kg.extract.practices``
``national_forms``     ``national_forms.tsv``                          ``kg.extract.pipeline``
``not_practices``      ``not_practices.tsv``                           ``kg.extract.practices``
``local_practices``    ``local_practices/*``                           ``kg.extract.local_practices``
``organizations``      ``organizations/*.tsv``, ``*.txt``              ``kg.extract.organizations``
``figures``            ``figures/*``                                   ``kg.extract.metrics``
``org_types``          ``organizations/types.ttl``                     ``kg.rdf.mapping``
``schemes``            ``practices.ttl``, ``organizations/types.ttl``  ``kg.rdf.mapping``
=====================  ==============================================  ==========================
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from rdflib import Graph

from kg.config import ontology_dir
from kg.lexicons.figures import FigureLexicon, load_figures
from kg.lexicons.files import DataFiles
from kg.lexicons.local_practices import CandidateModel, LocalPracticeCues, load_cues, load_model
from kg.lexicons.organizations import TYPES, OrganizationLexicon, load_organizations, org_types
from kg.lexicons.practices import (PRACTICES, NotPractices, PracticeScheme, load_national_forms, load_not_practices,
                                   scheme_from)
from kg.lexicons.regions import Gazetteer, PlaceLexicon, load_gazetteer, load_places
from kg.text.boilerplate import BOILERPLATE, RuleSet, parse_rules

log = logging.getLogger(__name__)


@dataclass(frozen=True, kw_only=True)
class Lexicons:
    folder: Path
    boilerplate: RuleSet
    gazetteer: Gazetteer
    places: PlaceLexicon
    practices: PracticeScheme
    national_forms: dict[str, tuple[str, ...]]  # 平安中国: the national programme, a region's only with 示范/先进
    not_practices: NotPractices  # 矛盾调解室, 这起纠纷调解成功: a practice's words naming no practice
    local_practices: LocalPracticeCues
    local_practice_model: Optional[CandidateModel]  # local_practices/model.json, trained on the dev corpus
    organizations: OrganizationLexicon
    figures: FigureLexicon
    org_types: dict[str, str]  # organization type label (法院) -> concept id (fayuan)
    schemes: tuple[Graph, ...]  # practices.ttl and organizations/types.ttl as parsed: every graph holds them
    sources: tuple[tuple[str, str], ...]  # (file name, sha256) of every file read
    missing: tuple[str, ...] = ()  # optional files the folder lacks (an older or trimmed copy): their rules are off

    @classmethod
    def load(cls, folder: Optional[str | Path] = None) -> "Lexicons":
        """Read every data file of ``folder`` (default: :func:`kg.config.ontology_dir`)."""
        files = DataFiles(Path(folder) if folder is not None else ontology_dir())
        practices = files.turtle(PRACTICES)
        types = files.turtle(TYPES, missing_ok=True)
        parts = dict(
            boilerplate=parse_rules(files.lines(BOILERPLATE)),
            gazetteer=load_gazetteer(files),
            places=load_places(files),
            practices=scheme_from(practices),
            national_forms=load_national_forms(files),
            not_practices=load_not_practices(files),
            local_practices=load_cues(files),
            local_practice_model=load_model(files),
            organizations=load_organizations(files),
            figures=load_figures(files),
            org_types=org_types(types),
            schemes=tuple(g for g in (practices, types) if g is not None),
        )
        if files.missing:
            # a folder copied from an older release lacks the newer files: say which rules are off, once
            log.warning("%s: %d optional data file(s) not found, the rules that read them are off: %s",
                        files.ontology, len(files.missing), ", ".join(sorted(files.missing)))
        return cls(folder=files.ontology, sources=files.sources(), missing=tuple(sorted(files.missing)), **parts)

    def fingerprint(self) -> str:
        """sha256 of everything read: equal fingerprints, equal lexicons."""
        h = hashlib.sha256()
        for name, digest in self.sources:
            h.update(f"{name}\0{digest}\0".encode("utf-8"))
        return h.hexdigest()
