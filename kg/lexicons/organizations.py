"""Names of political-legal bodies (``ontology/organizations/``) and the organization-type scheme.

Each file's header says what a line means: ``bodies.tsv`` the endings of bodies
(法院, 公安局) with the full ending at each level, ``units.tsv`` the units under
a body (派出所, 法庭), ``forces.tsv`` armed-police services and echelons,
``national.tsv`` national bodies, ``elliptic.tsv`` short forms such as “两院”,
``associations.tsv`` associations; the ``.txt`` files are word lists (``sub_units.txt``
departments written after their body, ``unit_qualifiers.txt`` kinds of station inside a name,
``town_chars.txt`` and ``here_words.txt`` bare 镇 and 当地 before a body, ``zone_words.txt`` how a
development zone's name ends (a branch named by it), ``motion_verbs.txt`` the
verbs after which a bare body is any one, ``partner_words.txt`` the prepositions after which it is
the county's, ``sector_words.txt`` lines of work that make a list one of sectors, ``generic_counties.txt`` counties
named only by a kind of area (郊区), whose bodies carry their city's name, ``town_offices.txt`` a town's
offices that, bare in a list, are the town's named before them, ``former_divisions.tsv`` divisions renamed or
merged away whose bodies older stories name (莱芜市中院), ``conference_words.txt`` what makes a region's 委员会 its 政协); ``departments.tsv`` a court's or procuratorate's
departments named alone, ``grades.tsv`` level words (县级综治中心), ``mediation.tsv`` bodies named
by the kind of dispute they mediate (医疗纠纷人民调解委员会).
``types.ttl`` is the SKOS scheme of organization types the graph uses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from typing import Optional

from rdflib import Graph, Literal
from rdflib.namespace import SKOS

from kg.lexicons.files import DataFiles, alternation
from kg.model import LEVELS, Level
from kg.namespaces import KGR

FOLDER = "organizations/"
TYPES = FOLDER + "types.ttl"
ORDINALS = "一二三四五六七八九十"


class Prefix(Enum):
    """What must stand before a body's ending (bodies.tsv, column 6)."""

    ANY = "any"  # a region the text names, or a bare 区/县/市/省
    FULL = "full"  # a region written with its level (甘肃省法院, not 甘肃法院: the province's courts)
    CITY = "full+city"  # a region written with its level, or a city's or county's short name: the city's
    # kept as written (新乡法院), the county's in full (汇川法院 -> 汇川区人民法院); a province's short name is its courts
    NAMED = "named"  # a region the text names, and the ending a word of its own


@dataclass(frozen=True, kw_only=True)
class BodyKind:
    ending: str
    org_type: str  # "-" for a longer word that is not a body (公安机关)
    suffixes: dict[Level, Optional[str]]  # the body's full ending at each level
    prefix: Prefix
    bare_subject: bool

    def suffix(self, level: Level) -> Optional[str]:
        return self.suffixes.get(level)


@dataclass(frozen=True, kw_only=True)
class UnitKind:
    ending: str
    org_type: str
    parent_endings: frozenset[str]
    parent_needed: bool
    town_only: bool = False  # only after a town's name with its 镇 / 乡 / 街道 (三河镇综治中心)


@dataclass(frozen=True, kw_only=True)
class OrganizationLexicon:
    bodies: dict[str, BodyKind]
    units: dict[str, UnitKind]
    unit_generic: frozenset[str]
    unit_qualifiers: tuple[str, ...]  # kinds of station between the town and the ending: 陆家嘴治安派出所
    services: dict[str, str]  # service word -> org type
    echelons: tuple[str, ...]
    national: dict[str, tuple[str, str]]  # surface -> (full name, type)
    elliptic: dict[str, tuple[tuple[str, ...], tuple[str, ...]]]  # surface -> (body endings, stop followers)
    associations: dict[str, str]
    association_stops: tuple[str, ...]
    level_chars: frozenset[str]
    level_words: tuple[str, ...]  # longer bare level words, longest first (自治区司法厅)
    zone_words: tuple[str, ...] = ()  # how a development zone's name ends: a branch named by it (…开发区分局)
    here_words: tuple[str, ...]  # 当地 before a body: the region in force there (当地综治中心)
    # 委常委、 before a body: a person's title names the party committee whose body it is
    # (南通市委常委、政法委书记 -> 南通市委政法委)
    title_links: tuple[str, ...] = ()
    town_chars: tuple[str, ...]  # bare 镇 / 乡 / 街道 before a town's unit: the town named just before
    social_cues: tuple[str, ...]
    foreign_markers: tuple[str, ...]
    ending_re: re.Pattern
    national_re: re.Pattern
    force_re: re.Pattern
    force_inner_re: re.Pattern
    association_re: re.Pattern
    elliptic_re: re.Pattern
    social_re: re.Pattern
    sub_unit_re: re.Pattern  # a department right after its body: (110)(指挥中心)
    # departments.tsv: a court's or procuratorate's department named alone (立案庭, 第一检察部). A plain
    # alternation without groups (named groups per form disable the regex's fast scan); on a hit the form
    # is the first of ``department_forms`` (same order) matching there, its group 1 the ordinal
    department_re: re.Pattern
    department_forms: tuple[re.Pattern, ...] = ()
    departments: tuple[tuple[str, str], ...] = ()  # (body type, full form with "#" for the ordinal)
    department_generic: tuple[str, ...] = ()  # 各级 before a form: every body's department
    # grades.tsv: 县级 before a centre's ending -> "county" (a level) or a level character (区级 -> 区)
    grades: dict[str, str] = field(default_factory=dict)
    grade_generic: tuple[str, ...] = ()  # 全省 before 县级: every county's centre
    grade_higher: tuple[str, ...] = ()  # 我市 earlier in the clause: 县级 is every county's
    motion_verbs: frozenset[str] = frozenset()  # 到法院: a bare body after them is any one, not the county's
    conference_words: tuple[str, ...] = ()  # 政协黔江区委员会: before a region's 委员会, its 政协
    partner_words: frozenset[str] = frozenset()  # 与工商联…签订: a bare body after them is the county's
    sector_words: frozenset[str] = frozenset()  # 公安, 信访: a list naming one enumerates sectors, not bodies
    generic_counties: frozenset[str] = frozenset()  # 郊区: a county's bodies are named with its city first
    town_offices: frozenset[str] = frozenset()  # 司法所: bare in a list after a named town, that town's
    # former_divisions.tsv: name -> (level, successor adcode or None when merged away)
    former: dict[str, tuple[str, Optional[str]]] = field(default_factory=dict)
    former_re: Optional[re.Pattern] = None
    # mediation.tsv: (dispute word)(ending), the kind of dispute before it; ending -> org type
    mediation_re: re.Pattern = re.compile("(?!)")
    mediation_types: dict[str, str] = field(default_factory=dict)
    mediation_generic: frozenset[str] = frozenset()  # 矛盾 before 纠纷: no one body without a prefix
    police_unit_re: re.Pattern  # a police unit's own words and echelon: (刑警)(大队), (合成作战)(指挥中心)


def _opt(cell: str) -> Optional[str]:
    return None if cell in ("", "-") else cell


def _bodies(files: DataFiles) -> dict[str, BodyKind]:
    bodies = {}
    for row in files.rows(FOLDER + "bodies.tsv"):
        ending, org_type, county, prefecture, province, prefix, bare = (row + ["-"] * 7)[:7]
        suffixes = dict(zip(LEVELS, (_opt(province), _opt(prefecture), _opt(county))))
        bodies[ending] = BodyKind(ending=ending, org_type=org_type, suffixes=suffixes, prefix=Prefix(prefix),
                                  bare_subject=bare == "subject")
    return bodies


def _units(files: DataFiles) -> dict[str, UnitKind]:
    units = {}
    for row in files.rows(FOLDER + "units.tsv"):
        ending, org_type, parents, needed, town = (row + ["-"] * 5)[:5]
        units[ending] = UnitKind(ending=ending, org_type=org_type, parent_needed=needed == "yes",
                                 town_only=town == "town", parent_endings=frozenset(p for p in parents.split("|") if p != "-"))
    return units


def _departments(files: DataFiles) -> tuple[re.Pattern, tuple[re.Pattern, ...], tuple[tuple[str, str], ...],
                                            tuple[str, ...]]:
    forms, generic = [], []
    for kind, form, org_type, full in files.kind_rows(FOLDER + "departments.tsv", ("department", "generic"), 4):
        if kind == "generic":
            generic.append(form)
        else:
            forms.append((form, org_type, form if full == "-" else full))
    forms.sort(key=lambda f: (-len(f[0]), f[0]))  # the longest form wins
    ordinal = f"[{ORDINALS}]{{1,2}}"
    alternatives = [ordinal.join(re.escape(part) for part in form.split("#")) for form, _, _ in forms]
    pattern = re.compile("|".join(alternatives) or "(?!)")
    each = tuple(re.compile(f"({ordinal})".join(re.escape(part) for part in form.split("#"))) for form, _, _ in forms)
    return pattern, each, tuple((org_type, full) for _, org_type, full in forms), tuple(generic)


def load_organizations(files: DataFiles) -> OrganizationLexicon:
    bodies, units = _bodies(files), _units(files)
    services, echelons = {}, []
    for kind, word, org_type in files.kind_rows(FOLDER + "forces.tsv", ("service", "echelon"), 3):
        if kind == "service":
            services[word] = org_type
        elif kind == "echelon":
            echelons.append(word)
    national = {r[0]: (r[1], r[2]) for r in files.rows(FOLDER + "national.tsv")}
    former = {r[0]: (r[1], None if r[2] == "-" else r[2])
              for r in files.rows(FOLDER + "former_divisions.tsv", missing_ok=True)}
    elliptic = {}
    for row in files.rows(FOLDER + "elliptic.tsv"):
        surface, endings, stops = (row + ["-"] * 3)[:3]
        elliptic[surface] = (tuple(endings.split("|")), tuple(s for s in stops.split("|") if s != "-"))
    associations = {r[0]: r[1] for r in files.rows(FOLDER + "associations.tsv")}

    def words(name: str, missing_ok: bool = False) -> tuple[str, ...]:
        return tuple(r[0] for r in files.rows(FOLDER + name, missing_ok=missing_ok))

    social_cues = words("social_cues.txt")
    level_words = words("level_chars.txt")
    department_re, department_forms, departments, department_generic = _departments(files)
    disputes, mediation_types, mediation_generic = [], {}, []
    for kind, word, org_type in files.kind_rows(FOLDER + "mediation.tsv", ("dispute", "ending", "generic"), 3):
        if kind == "dispute":
            disputes.append(word)
        elif kind == "ending":
            mediation_types[word] = org_type
        else:
            mediation_generic.append(word)
    grades, grade_generic, grade_higher = {}, [], []
    for kind, word, value in files.kind_rows(FOLDER + "grades.tsv", ("grade", "generic", "higher"), 3):
        if kind == "grade":
            grades[word] = value
        else:
            (grade_generic if kind == "generic" else grade_higher).append(word)
    service_alt, echelon_alt = alternation(services), alternation(echelons)
    return OrganizationLexicon(
        bodies=bodies,
        units=units,
        unit_generic=frozenset(words("unit_generic.txt")),
        unit_qualifiers=tuple(sorted(words("unit_qualifiers.txt"), key=lambda w: (-len(w), w))),
        services=services,
        echelons=tuple(echelons),
        national=national,
        elliptic=elliptic,
        associations=associations,
        association_stops=words("association_stops.txt"),
        level_chars=frozenset(w for w in level_words if len(w) == 1),
        level_words=tuple(sorted((w for w in level_words if len(w) > 1), key=lambda w: (-len(w), w))),
        here_words=words("here_words.txt"),
        zone_words=words("zone_words.txt"),
        title_links=words("title_links.txt", missing_ok=True),
        town_chars=tuple(sorted(words("town_chars.txt"), key=lambda w: (-len(w), w))),
        social_cues=social_cues,
        foreign_markers=words("foreign_markers.txt", missing_ok=True),
        ending_re=re.compile(alternation(list(bodies) + list(units))),
        national_re=re.compile(alternation(national)),
        force_re=re.compile(f"({service_alt})([{ORDINALS}]{{0,3}})({echelon_alt})"),
        force_inner_re=re.compile(f"({service_alt})([\u4e00-\u9fff]{{2,8}}?)({echelon_alt})"),
        association_re=re.compile(alternation(associations)),
        elliptic_re=re.compile(alternation(elliptic)),
        social_re=re.compile("等?(?:" + alternation(social_cues) + ")"),
        sub_unit_re=re.compile(f"([0-9A-Za-z\u4e00-\u9fff]{{0,8}}?)(?:{alternation(words('sub_units.txt'))})"),
        department_re=department_re,
        department_forms=department_forms,
        departments=departments,
        department_generic=department_generic,
        grades=grades,
        grade_generic=tuple(grade_generic),
        grade_higher=tuple(grade_higher),
        motion_verbs=frozenset(words("motion_verbs.txt")),
        partner_words=frozenset(words("partner_words.txt", missing_ok=True)),
        sector_words=frozenset(words("sector_words.txt", missing_ok=True)),
        generic_counties=frozenset(words("generic_counties.txt", missing_ok=True)),
        town_offices=frozenset(words("town_offices.txt", missing_ok=True)),
        former=former,
        former_re=re.compile(alternation(list(former))) if former else None,
        conference_words=tuple(sorted(words("conference_words.txt", missing_ok=True), key=len, reverse=True)),
        mediation_re=re.compile(f"({alternation(disputes)})({alternation(mediation_types)})") if disputes else re.compile("(?!)"),
        mediation_types=mediation_types,
        mediation_generic=frozenset(mediation_generic),
        police_unit_re=re.compile(f"([\u4e00-\u9fff]{{2,4}}?)(?:{alternation(echelons)})"),
    )


# ---------------------------------------------------------------- organization types


def org_types(graph: Optional[Graph]) -> dict[str, str]:
    """Organization type label (prefLabel/altLabel @zh) -> concept id, from a parsed types.ttl."""
    mapping: dict[str, str] = {}
    prefix = str(KGR) + "org-type/"
    for s, p, o in graph if graph is not None else ():
        if p in (SKOS.prefLabel, SKOS.altLabel) and str(s).startswith(prefix):
            if isinstance(o, Literal) and (o.language or "").lower().startswith("zh"):
                mapping.setdefault(str(o), str(s)[len(prefix):])
    return mapping
