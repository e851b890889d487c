"""A believable, reproducible cluster development programme in Ecuador (demos, tests, benchmarks).

The programme is modelled on UNIDO's cluster programme with Ecuador's Ministry of Industry
(MICIP), begun in 2003: a garment cluster in Atuntaqui (canton Antonio Ante, Imbabura), selected,
diagnosed and now implementing its action plan; a footwear cluster in Ambato (Tungurahua), with
its action plan in preparation; and two candidates that were mapped but not selected, toquilla
straw hats around Cuenca and wood carving in San Antonio de Ibarra.

Places, the ISIC Rev.4 codes and the names of public bodies are real. Everything else is
fictitious: enterprise and person names are random combinations of common Ecuadorian names and
trade words; tax ids look like RUCs but their check digit never validates, so none can be a real
RUC; e-mail addresses use the reserved ``.example`` domain (RFC 2606); phone numbers are random.

Randomness comes only from ``random.Random`` seeded with ``seed``: the same seed always gives
the same programme, on any machine. The establishment register is generated one row at a time,
so that :func:`write_register_csv` can write millions of rows in constant memory;
:func:`generate_programme` reads the same rows.
"""

from __future__ import annotations

import bisect
import csv
import itertools
import math
import os
import random
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TypeVar

from clusterdev.demo import places
from clusterdev.demo.places import Town

_T = TypeVar("_T")

DEFAULT_SEED = 2003
DEFAULT_ESTABLISHMENTS = 5000
# The register describes the economy when the programme began.
REGISTER_YEAR = 2003

REGISTER_COLUMNS: tuple[str, ...] = (
    "id",
    "name",
    "tax_id",
    "province",
    "canton",
    "town",
    "address",
    "latitude",
    "longitude",
    "isic",
    "employees_female",
    "employees_male",
    "size_class",
    "owner_sex",
    "owner_name",
    "formal",
    "founded",
    "phone",
    "email",
)


# --- Records -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Establishment:
    """One row of the establishment register (an enterprise, formal or not)."""

    id: int
    name: str
    tax_id: str  # empty for informal establishments
    province: str  # ISO 3166-2 code, e.g. "EC-I"
    canton: str
    town: str
    address: str
    latitude: float
    longitude: float
    isic: str  # ISIC Rev.4 class
    employees_female: int
    employees_male: int
    owner_sex: str  # female, male, mixed or unknown
    owner_name: str  # empty when the owner is unknown
    formal: bool
    founded: int
    phone: str
    email: str

    @property
    def employees(self) -> int:
        return self.employees_female + self.employees_male

    @property
    def size_class(self) -> str:
        return size_class_for(self.employees)

    def as_row(self) -> dict[str, object]:
        """This establishment as a register row, keyed by :data:`REGISTER_COLUMNS`."""
        return {
            "id": self.id,
            "name": self.name,
            "tax_id": self.tax_id,
            "province": self.province,
            "canton": self.canton,
            "town": self.town,
            "address": self.address,
            "latitude": self.latitude,
            "longitude": self.longitude,
            "isic": self.isic,
            "employees_female": self.employees_female,
            "employees_male": self.employees_male,
            "size_class": self.size_class,
            "owner_sex": self.owner_sex,
            "owner_name": self.owner_name,
            "formal": self.formal,
            "founded": self.founded,
            "phone": self.phone,
            "email": self.email,
        }


@dataclass(frozen=True, slots=True)
class Contact:
    """A person working in or for an actor (all fields are personal data)."""

    name: str
    sex: str  # female or male
    position: str  # owner, manager, staff, representative or official
    title: str
    phone: str
    email: str


@dataclass(frozen=True, slots=True)
class Institution:
    """A support institution of one cluster."""

    key: str
    cluster: str  # cluster slug
    name: str
    institution_type: str
    services: str
    tax_id: str
    province: str
    canton: str
    town: str
    address: str
    latitude: float
    longitude: float
    phone: str
    email: str
    since: date  # when it joined the cluster's joint work
    people: tuple[Contact, ...]


@dataclass(frozen=True, slots=True)
class Membership:
    """An enterprise of the register that belongs to a cluster, with its owner or manager."""

    cluster: str
    establishment: int  # Establishment.id
    since: date
    contact: Contact


@dataclass(frozen=True, slots=True)
class PhaseStep:
    phase: str
    on: date
    note: str


@dataclass(frozen=True, slots=True)
class ClusterInfo:
    slug: str
    name: str
    product: str
    place: str
    canton: str
    canton_code: str  # INEC canton code
    latitude: float
    longitude: float
    isic_classes: tuple[str, ...]
    provinces: tuple[str, ...]  # ISO 3166-2 codes; the first holds the canton
    phase_path: tuple[PhaseStep, ...]  # empty for a candidate that was not selected
    description: str

    @property
    def target_phase(self) -> str:
        return self.phase_path[-1].phase if self.phase_path else "candidate"

    @property
    def selected(self) -> bool:
        return bool(self.phase_path)


@dataclass(frozen=True, slots=True)
class ProgrammeInfo:
    slug: str
    name: str
    country_iso2: str
    country_name: str
    counterpart: str
    donors: tuple[str, ...]
    start_date: date
    end_date: date
    description: str


@dataclass(frozen=True, slots=True)
class DemoProgramme:
    """A whole demo programme: the programme, its clusters, the register and who belongs where."""

    seed: int
    programme: ProgrammeInfo
    clusters: tuple[ClusterInfo, ...]
    establishments: tuple[Establishment, ...]
    institutions: tuple[Institution, ...]
    memberships: tuple[Membership, ...]

    def cluster(self, slug: str) -> ClusterInfo:
        for cluster in self.clusters:
            if cluster.slug == slug:
                return cluster
        raise KeyError(slug)

    def members(self, slug: str) -> tuple[Membership, ...]:
        return tuple(m for m in self.memberships if m.cluster == slug)


def size_class_for(employees: int) -> str:
    """Size class by persons employed (INEC/CAN Decision 702: 1-9, 10-49, 50-199, 200+)."""
    if employees < 10:
        return "micro"
    if employees < 50:
        return "small"
    if employees < 200:
        return "medium"
    return "large"


# --- The programme and its clusters ------------------------------------------------------------

PROGRAMME = ProgrammeInfo(
    slug="ecuador",
    name="Ecuador SME cluster development programme",
    country_iso2="EC",
    country_name="Ecuador",
    counterpart=(
        "Ministerio de Comercio Exterior, Industrialización, Pesca y Competitividad (MICIP)"
    ),
    donors=("UNIDO", "Italian Development Cooperation"),
    start_date=date(2003, 2, 3),
    end_date=date(2007, 12, 31),
    description=(
        "Cluster development with the Ministry of Industry: mapping of SME concentrations, "
        "selection of two pilot clusters by the Steering Committee, and Cluster Development "
        "Agents who broker joint action among enterprises and their support institutions."
    ),
)

_SELECTED_ON = date(2003, 6, 12)
_SELECTION_NOTE = "Selected by the Steering Committee after the national mapping and ranking."

CLUSTERS: tuple[ClusterInfo, ...] = (
    ClusterInfo(
        slug="atuntaqui-garments",
        name="Atuntaqui garment cluster",
        product="Knitwear and garments: sweaters, T-shirts, sportswear, children's wear",
        place="Atuntaqui",
        canton="Antonio Ante",
        canton_code="1002",
        latitude=0.332,
        longitude=-78.214,
        isic_classes=("1410", "1430", "1312", "1313"),
        provinces=("EC-I",),
        phase_path=(
            PhaseStep("selected", _SELECTED_ON, _SELECTION_NOTE),
            PhaseStep(
                "diagnosed",
                date(2003, 12, 5),
                "Diagnostic study endorsed at the validation workshop in Atuntaqui.",
            ),
            PhaseStep(
                "planning",
                date(2004, 3, 18),
                "Shared vision agreed by the Cluster Commission; action plan drafting begins.",
            ),
            PhaseStep(
                "implementing",
                date(2004, 7, 22),
                "Action plan endorsed; first joint actions: trade fair, design training, "
                "joint purchase of yarn.",
            ),
        ),
        description=(
            "Hundreds of family workshops knitting and sewing garments for the national "
            "market, many started by former workers of the Imbabura textile mill after it "
            "closed in the late 1990s. Most workers are women."
        ),
    ),
    ClusterInfo(
        slug="ambato-footwear",
        name="Ambato footwear cluster",
        product="Leather footwear, leather goods and tanned leather",
        place="Ambato",
        canton="Ambato",
        canton_code="1801",
        latitude=-1.242,
        longitude=-78.620,
        isic_classes=("1520", "1512", "1511"),
        provinces=("EC-T",),
        phase_path=(
            PhaseStep("selected", _SELECTED_ON, _SELECTION_NOTE),
            PhaseStep(
                "diagnosed",
                date(2004, 5, 14),
                "Diagnostic study endorsed by shoemakers, tanners and the Cámara de Calzado.",
            ),
            PhaseStep(
                "planning",
                date(2004, 10, 8),
                "Vision workshop held; action plan under discussion in the Cluster Commission.",
            ),
        ),
        description=(
            "Tungurahua's shoemaking workshops and small factories in Ambato and its parishes, "
            "with tanneries nearby, competing on price against imported footwear."
        ),
    ),
    ClusterInfo(
        slug="cuenca-straw-hats",
        name="Cuenca toquilla straw hat cluster",
        product="Sombreros de paja toquilla (toquilla straw hats) and straw crafts",
        place="Cuenca",
        canton="Cuenca",
        canton_code="0101",
        latitude=-2.900,
        longitude=-79.005,
        isic_classes=("1629",),
        provinces=("EC-A", "EC-F"),
        phase_path=(),
        description=(
            "Home-based women weavers in rural Azuay and Cañar supply hat finishing and export "
            "houses in Cuenca. Mapped in 2003, not selected for the first round."
        ),
    ),
    ClusterInfo(
        slug="san-antonio-woodcarving",
        name="San Antonio de Ibarra wood carving cluster",
        product="Wood carvings, sculpture and carved furniture",
        place="San Antonio de Ibarra",
        canton="Ibarra",
        canton_code="1001",
        latitude=0.336,
        longitude=-78.169,
        isic_classes=("1629", "3100"),
        provinces=("EC-I",),
        phase_path=(),
        description=(
            "Carvers' workshops and galleries in a parish of Ibarra known for religious and "
            "decorative wood carving. Mapped in 2003, not selected for the first round."
        ),
    ),
)

# Share of a cluster's register enterprises that joined it, by cluster slug.
_JOINING_RATE = {"atuntaqui-garments": 0.85, "ambato-footwear": 0.80}


# --- What establishments do --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Activity:
    isic: str
    weight: float
    female_share: float  # of employees
    trades: tuple[str, ...]  # words that open a business name


def _a(isic: str, weight: float, female_share: float, *trades: str) -> _Activity:
    return _Activity(isic, weight, female_share, trades)


# Weights follow the shape of Ecuador's establishments: over half in trade, a third in
# services, a tenth in manufacturing.
_NATIONAL_MIX: tuple[_Activity, ...] = (
    _a("4711", 17, 0.55, "Tienda", "Víveres", "Micromercado", "Abarrotes"),
    _a("4721", 4, 0.50, "Frutería", "Carnicería", "Legumbres"),
    _a("4781", 3, 0.65, "Puesto", "Comercial"),
    _a("4719", 3, 0.50, "Bazar", "Comercial", "Almacén"),
    _a("4771", 6, 0.65, "Boutique", "Almacén", "Modas"),
    _a("4772", 3, 0.65, "Farmacia", "Botica"),
    _a("4752", 3, 0.20, "Ferretería", "Materiales de Construcción"),
    _a("4741", 2.5, 0.35, "Celulares", "Computación", "Tecnología"),
    _a("4530", 2, 0.15, "Repuestos", "Autopartes", "Lubricantes"),
    _a("4630", 1.5, 0.35, "Distribuidora", "Comercializadora"),
    _a("4649", 1, 0.40, "Distribuidora", "Importadora"),
    _a("4761", 2, 0.60, "Papelería", "Librería", "Copias"),
    _a("5610", 10, 0.60, "Restaurante", "Comedor", "Picantería", "Cafetería", "Asadero"),
    _a("5510", 1.5, 0.50, "Hostal", "Hotel", "Residencial"),
    _a("9602", 4, 0.80, "Peluquería", "Salón de Belleza", "Barbería"),
    _a("9601", 0.7, 0.70, "Lavandería"),
    _a("4520", 4, 0.05, "Taller Mecánico", "Mecánica Automotriz", "Vulcanizadora"),
    _a("9522", 1, 0.15, "Servicio Técnico", "Electrónica"),
    _a("9529", 1.5, 0.35, "Reparaciones", "Cerrajería", "Relojería"),
    _a("4922", 2, 0.08, "Transportes", "Expreso"),
    _a("4923", 2, 0.08, "Transportes", "Fletes", "Mudanzas"),
    _a("6190", 1.5, 0.50, "Cibercafé", "Internet", "Cabinas"),
    _a("6920", 1, 0.60, "Estudio Contable", "Asesoría Contable"),
    _a("6910", 1, 0.45, "Estudio Jurídico", "Abogados"),
    _a("8620", 2, 0.55, "Consultorio Médico", "Consultorio Dental", "Clínica"),
    _a("0161", 1, 0.30, "Agroservicios", "Fumigaciones", "Servicios Agrícolas"),
    _a("0162", 0.5, 0.30, "Servicios Pecuarios", "Agropecuaria"),
    _a("0163", 0.5, 0.40, "Centro de Acopio", "Secadora"),
    _a("1071", 2.5, 0.50, "Panadería", "Pastelería", "Panificadora"),
    _a("1050", 0.5, 0.45, "Lácteos", "Quesera"),
    _a("1010", 0.3, 0.30, "Embutidos", "Cárnicos"),
    _a("1104", 0.2, 0.30, "Agua Purificada", "Bebidas"),
    _a("1410", 2, 0.75, "Confecciones", "Sastrería", "Costura"),
    _a("1430", 0.3, 0.72, "Tejidos", "Textiles"),
    _a("1520", 0.4, 0.35, "Calzado", "Zapatería"),
    _a("1622", 1.2, 0.10, "Carpintería", "Puertas y Ventanas"),
    _a("3100", 1.2, 0.15, "Muebles", "Mueblería", "Ebanistería"),
    _a("2511", 2, 0.07, "Metalmecánica", "Estructuras Metálicas", "Soldadura"),
    _a("1811", 0.8, 0.40, "Imprenta", "Gráficas", "Litografía"),
    _a("3211", 0.3, 0.35, "Joyería"),
    _a("2395", 0.4, 0.10, "Bloquera", "Prefabricados"),
)

_GARMENTS = (
    _a("1410", 0.55, 0.75, "Confecciones", "Creaciones", "Modas", "Textiles"),
    _a("1430", 0.35, 0.72, "Tejidos", "Textiles", "Creaciones"),
    _a("1312", 0.05, 0.55, "Tejeduría", "Textiles"),
    _a("1313", 0.05, 0.40, "Tintorería", "Estampados", "Acabados Textiles"),
)
_OTAVALO_TEXTILES = (
    _a("1430", 0.40, 0.70, "Tejidos", "Textiles"),
    _a("1410", 0.30, 0.75, "Confecciones", "Creaciones"),
    _a("1312", 0.20, 0.50, "Tejeduría", "Telares"),
    _a("1399", 0.10, 0.60, "Artesanías Textiles", "Tapices"),
)
_FOOTWEAR = (
    _a("1520", 0.70, 0.35, "Calzado", "Zapatería", "Industria de Calzado"),
    _a("1512", 0.15, 0.50, "Marroquinería", "Artículos de Cuero"),
    _a("1511", 0.15, 0.15, "Curtiembre", "Curtidos"),
)
_JEANS = (
    _a("1410", 0.85, 0.65, "Jeans", "Confecciones"),
    _a("1313", 0.15, 0.30, "Lavandería de Jeans", "Acabados Textiles"),
)
_STRAW_HATS = (_a("1629", 1.0, 0.85, "Sombreros", "Paja Toquilla", "Tejidos de Paja"),)
_WOODCARVING = (
    _a("1629", 0.60, 0.15, "Tallados", "Arte en Madera", "Esculturas"),
    _a("3100", 0.40, 0.15, "Muebles Tallados", "Ebanistería"),
)


@dataclass(frozen=True, slots=True)
class _Stratum:
    """Where and in what a share of the register's establishments work."""

    province: places.Province
    towns: tuple[Town, ...]
    town_weights: tuple[float, ...]  # cumulative
    activities: tuple[_Activity, ...]
    activity_weights: tuple[float, ...]  # cumulative


def _stratum(province: str, towns: tuple[Town, ...], activities: tuple[_Activity, ...]) -> _Stratum:
    return _Stratum(
        places.PROVINCE_BY_CODE[province],
        towns,
        tuple(itertools.accumulate(t.weight for t in towns)),
        activities,
        tuple(itertools.accumulate(a.weight for a in activities)),
    )


# Concentrations take a fixed share of the register, so that the clusters have a couple of
# hundred enterprises in a register of 5,000 and a mapping can find them at any size.
_CONCENTRATIONS: tuple[tuple[float, _Stratum], ...] = (
    (0.052, _stratum("EC-I", places.ANTONIO_ANTE, _GARMENTS)),
    (0.060, _stratum("EC-T", places.AMBATO, _FOOTWEAR)),
    (0.012, _stratum("EC-I", places.IBARRA_OTAVALO, _OTAVALO_TEXTILES)),
    (0.006, _stratum("EC-T", places.PELILEO, _JEANS)),
    (0.007, _stratum("EC-A", places.AZUAY_STRAW_HATS, _STRAW_HATS)),
    (0.003, _stratum("EC-F", places.CANAR_STRAW_HATS, _STRAW_HATS)),
    (0.006, _stratum("EC-I", places.SAN_ANTONIO, _WOODCARVING)),
)


def _strata() -> tuple[tuple[_Stratum, ...], tuple[float, ...]]:
    background = 1.0 - sum(share for share, _ in _CONCENTRATIONS)
    total = sum(p.weight for p in places.PROVINCES)
    weighted = [
        (background * p.weight / total, _stratum(p.code, p.towns, _NATIONAL_MIX))
        for p in places.PROVINCES
    ]
    weighted.extend(_CONCENTRATIONS)
    return tuple(s for _, s in weighted), tuple(itertools.accumulate(w for w, _ in weighted))


_STRATA, _STRATUM_WEIGHTS = _strata()

# size class, smallest and largest head count; then the classes' shares of establishments
_SIZES: tuple[tuple[str, int, int], ...] = (
    ("micro", 1, 9),
    ("small", 10, 49),
    ("medium", 50, 199),
    ("large", 200, 1500),
)
_SIZE_WEIGHTS = tuple(itertools.accumulate((0.90, 0.08, 0.015, 0.005)))
# Most micro establishments are one or two people.
_MICRO_HEADS = tuple(range(1, 10))
_MICRO_WEIGHTS = tuple(itertools.accumulate((30, 25, 15, 10, 7, 5, 4, 2.5, 1.5)))
_FORMAL_RATE = {"micro": 0.45, "small": 0.85, "medium": 0.97, "large": 1.0}
_COMPANY_RATE = {"micro": 0.03, "small": 0.35, "medium": 0.80, "large": 0.95}
_MEAN_AGE = {"micro": 7.0, "small": 12.0, "medium": 18.0, "large": 25.0}


# --- Names -------------------------------------------------------------------------------------

_FEMALE_NAMES: tuple[str, ...] = (
    "María", "Rosa", "Ana", "Carmen", "Luz", "Gloria", "Martha", "Blanca", "Patricia",
    "Sandra", "Mónica", "Verónica", "Diana", "Paola", "Gabriela", "Johanna", "Fernanda",
    "Lorena", "Silvia", "Elena", "Mercedes", "Susana", "Inés", "Nancy", "Marcia", "Cecilia",
    "Rocío", "Jacqueline", "Margarita", "Sisa", "Tamia", "Nina",
)  # fmt: skip
_MALE_NAMES: tuple[str, ...] = (
    "José", "Luis", "Juan", "Carlos", "Jorge", "Segundo", "Manuel", "Víctor", "Fausto",
    "Marco", "Édison", "Wilson", "Fabián", "Patricio", "Hernán", "Galo", "Byron", "Diego",
    "Santiago", "Andrés", "Pablo", "Fernando", "Milton", "Ramiro", "Washington", "Rodrigo",
    "Ángel", "César", "Amaru", "Inti",
)  # fmt: skip
_SURNAMES: tuple[str, ...] = (
    "Andrade", "Benalcázar", "Cevallos", "Chiriboga", "Espinosa", "Guerrero", "Herrera",
    "Jaramillo", "Loor", "Mendoza", "Mora", "Moreira", "Naranjo", "Pazmiño", "Pérez",
    "Proaño", "Rivadeneira", "Salazar", "Sánchez", "Torres", "Vásquez", "Villacís",
    "Zambrano", "Cedeño", "Vera", "Macías", "Intriago", "Bravo", "Pinargote", "Quishpe",
    "Guamán", "Chicaiza", "Tituaña", "Cachimuel", "Males", "Yépez", "Terán", "Pozo",
    "Carrillo", "Ortiz", "Morales", "Lema", "Caiza", "Toapanta", "Sarango", "Ordóñez",
    "Calle", "Coello", "Palacios", "Jácome", "Tapia", "Rosero", "Paredes", "Garcés",
    "Velasco", "Núñez", "Arias", "Castillo", "Montenegro", "Ayala",
)  # fmt: skip
_FANCY: tuple[str, ...] = (
    "La Esperanza", "El Progreso", "San José", "Santa Rosa", "Los Andes", "El Roble",
    "Mi Tierra", "El Cóndor", "Sol de Oro", "Nueva Era", "La Estrella", "El Manantial",
    "Primavera", "La Colina", "Arco Iris", "La Económica", "El Buen Precio", "San Francisco",
    "Divino Niño", "El Mirador", "Las Palmas", "El Volcán", "Imperial", "Andina",
    "Del Valle", "El Portal", "La Merced", "Los Pinos",
)  # fmt: skip
_FEMALE = frozenset(_FEMALE_NAMES)
_COMPANY_FORMS = ("S.A.", "Cía. Ltda.")


def _below(rng: random.Random, n: int) -> int:
    """A uniform integer in [0, n); several times faster than ``rng.randrange(n)``."""
    return int(rng.random() * n)


def _one(rng: random.Random, items: Sequence[_T]) -> _T:
    return items[int(rng.random() * len(items))]


def _pick(rng: random.Random, items: Sequence[object], cumulative: tuple[float, ...]) -> int:
    """Index of a weighted draw from ``items`` (weights given cumulatively)."""
    index = bisect.bisect_right(cumulative, rng.random() * cumulative[-1])
    return min(index, len(items) - 1)  # guards rounding when the draw is close to 1


def _person(rng: random.Random, sex: str) -> str:
    names = _FEMALE_NAMES if sex == "female" else _MALE_NAMES
    first = _below(rng, len(names))
    given = names[first]
    if rng.random() < 0.3:  # many Ecuadorians use both their given names
        given = f"{given} {names[(first + 1 + _below(rng, len(names) - 1)) % len(names)]}"
    return f"{given} {_one(rng, _SURNAMES)} {_one(rng, _SURNAMES)}"


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = "".join(c if c.isalnum() else " " for c in ascii_text.lower()).split()
    return ".".join(words)


def _mobile(rng: random.Random) -> str:
    return f"+593 9{6 + _below(rng, 4)} {100 + _below(rng, 900)} {_below(rng, 10000):04d}"


def _landline(rng: random.Random, area: str) -> str:
    return f"+593 {area} {200 + _below(rng, 600)} {_below(rng, 10000):04d}"


def _phone(rng: random.Random, area: str) -> str:
    return _mobile(rng) if rng.random() < 0.6 else _landline(rng, area)


def _address(rng: random.Random) -> str:
    streets = places.STREETS
    street = _below(rng, len(streets))
    corner = (street + 1 + _below(rng, len(streets) - 1)) % len(streets)
    kind = "Av." if rng.random() < 0.3 else "Calle"
    number = f"{1 + _below(rng, 30)}-{1 + _below(rng, 99):02d}"
    return f"{kind} {streets[street]} {number} y {streets[corner]}"


def _scatter(rng: random.Random, town: Town) -> tuple[float, float]:
    """A point uniformly within ``town.radius_km`` of the town centre."""
    distance = town.radius_km * math.sqrt(rng.random())
    angle = rng.random() * 2 * math.pi
    latitude = town.latitude + distance * math.sin(angle) / 111.32
    longitude = town.longitude + distance * math.cos(angle) / (
        111.32 * math.cos(math.radians(town.latitude))
    )
    return round(latitude, 5), round(longitude, 5)


_PERSON_WEIGHTS = (2, 1, 2, 1, 2, 1, 2, 1, 2)
_COMPANY_WEIGHTS = (4, 3, 2, 7, 6, 5, 4, 3, 2)


def _ruc(rng: random.Random, province: places.Province, *, company: bool) -> str:
    """A 13-digit RUC-like tax id whose check digit is deliberately wrong.

    Natural persons' RUCs are a cédula (province, a third digit below 6, six digits, a
    modulo-10 check digit) followed by ``001``; companies' have 9 as third digit and a
    modulo-11 check digit. Choosing any digit but the valid one keeps the id fictitious.
    """
    if company:
        body = f"{province.number}9{_below(rng, 1000000):06d}"
        total = sum([int(d) * w for d, w in zip(body, _COMPANY_WEIGHTS, strict=True)])
        valid = (11 - total % 11) % 11  # 10 means no valid RUC has this body
    else:
        body = f"{province.number}{_below(rng, 6)}{_below(rng, 1000000):06d}"
        products = [int(d) * w for d, w in zip(body, _PERSON_WEIGHTS, strict=True)]
        valid = (10 - sum([p - 9 if p > 9 else p for p in products]) % 10) % 10
    return f"{body}{(valid + 1 + _below(rng, 9)) % 10}001"


def _binomial(rng: random.Random, trials: int, p: float) -> int:
    if trials <= 30:
        return sum(rng.random() < p for _ in range(trials))
    mean, sd = trials * p, math.sqrt(trials * p * (1 - p))
    return min(trials, max(0, round(rng.gauss(mean, sd))))


def _head_count(rng: random.Random, low: int, high: int) -> int:
    if high < 10:
        return _MICRO_HEADS[_pick(rng, _MICRO_HEADS, _MICRO_WEIGHTS)]
    # Log-uniform: within a size class, smaller establishments are more common.
    return min(high, int(math.exp(rng.uniform(math.log(low), math.log(high + 1)))))


def _owner(rng: random.Random, size: str, female_share: float) -> tuple[str, str]:
    """Owner's sex and name; women own more of the establishments where women work."""
    draw = rng.random()
    mixed, unknown = (0.06, 0.10) if size in ("micro", "small") else (0.15, 0.50)
    if draw < mixed:
        first, second = ("female", "male") if rng.random() < 0.5 else ("male", "female")
        return "mixed", f"{_person(rng, first)} y {_person(rng, second)}"
    if draw < unknown:
        return "unknown", ""
    sex = "female" if rng.random() < 0.15 + 0.7 * female_share else "male"
    return sex, _person(rng, sex)


def _employees_by_sex(
    rng: random.Random, heads: int, female_share: float, owner_sex: str
) -> tuple[int, int]:
    """Women and men employed; in a micro establishment the owner is one of the workers."""
    working_owner = heads < 10 and owner_sex in ("female", "male")
    women = int(working_owner and owner_sex == "female")
    women += _binomial(rng, heads - int(working_owner), female_share)
    return women, heads - women


def _business_name(
    rng: random.Random, activity: _Activity, owner_name: str, town: Town, company: bool
) -> str:
    trade = _one(rng, activity.trades)
    draw = rng.random()
    if draw < 0.35 and owner_name:
        words = owner_name.split(" y ")[0].split()
        title = "Doña" if words[0] in _FEMALE else "Don"
        name = f"{trade} {words[-2]}" if draw < 0.2 else f"{trade} {title} {words[0]}"
    elif draw < 0.85:
        name = f"{trade} {_one(rng, _FANCY)}"
    else:
        name = f"{trade} {_one(rng, _FANCY)} de {town.name}"
    return f"{name} {_one(rng, _COMPANY_FORMS)}" if company else name


def _establishment(rng: random.Random, number: int) -> Establishment:
    stratum = _STRATA[_pick(rng, _STRATA, _STRATUM_WEIGHTS)]
    town = stratum.towns[_pick(rng, stratum.towns, stratum.town_weights)]
    activity = stratum.activities[_pick(rng, stratum.activities, stratum.activity_weights)]
    size, low, high = _SIZES[_pick(rng, _SIZES, _SIZE_WEIGHTS)]
    heads = _head_count(rng, low, high)
    owner_sex, owner_name = _owner(rng, size, activity.female_share)
    women, men = _employees_by_sex(rng, heads, activity.female_share, owner_sex)
    formal = rng.random() < _FORMAL_RATE[size]
    company = formal and rng.random() < _COMPANY_RATE[size]
    name = _business_name(rng, activity, owner_name, town, company)
    latitude, longitude = _scatter(rng, town)
    has_email = rng.random() < (0.4 if formal else 0.08)
    return Establishment(
        id=number,
        name=name,
        tax_id=_ruc(rng, stratum.province, company=company) if formal else "",
        province=stratum.province.code,
        canton=town.canton,
        town=town.name,
        address=_address(rng),
        latitude=latitude,
        longitude=longitude,
        isic=activity.isic,
        employees_female=women,
        employees_male=men,
        owner_sex=owner_sex,
        owner_name=owner_name,
        formal=formal,
        founded=REGISTER_YEAR - min(60, int(rng.expovariate(1 / _MEAN_AGE[size]))),
        phone=_phone(rng, stratum.province.phone_area) if rng.random() < 0.9 else "",
        email=f"{_slug(name)[:40]}@correo.example" if has_email else "",
    )


def _establishments(seed: int, count: int) -> Iterator[Establishment]:
    """The register, one establishment at a time; the single source of its rows."""
    if count < 0:
        raise ValueError(f"establishments must be zero or more, not {count}")
    rng = random.Random(seed)
    for number in range(1, count + 1):
        yield _establishment(rng, number)


# --- Support institutions ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _InstitutionSpec:
    key: str
    name: str
    institution_type: str
    town: Town
    province: str
    domain: str
    services: str
    # position, title held by a man, by a woman; the first is always staffed
    staff: tuple[tuple[str, str, str], ...]


_ATUNTAQUI = places.ANTONIO_ANTE[0]
_IBARRA = places.IBARRA_OTAVALO[0]
_AMBATO = places.AMBATO[0]
_PRESIDENT = ("representative", "Presidente", "Presidenta")
_MANAGER = ("manager", "Gerente", "Gerente")

_INSTITUTIONS: dict[str, tuple[_InstitutionSpec, ...]] = {
    "atuntaqui-garments": (
        _InstitutionSpec(
            key="ccaa",
            name="Cámara de Comercio de Antonio Ante",
            institution_type="business_association",
            town=_ATUNTAQUI,
            province="EC-I",
            domain="camaraantonioante.example",
            services=(
                "Represents local traders and garment makers; organises trade fairs; business "
                "information and advocacy."
            ),
            staff=(
                _PRESIDENT,
                ("staff", "Secretario ejecutivo", "Secretaria ejecutiva"),
            ),
        ),
        _InstitutionSpec(
            key="aca",
            name="Asociación de Confeccionistas de Antonio Ante",
            institution_type="business_association",
            town=_ATUNTAQUI,
            province="EC-I",
            domain="confeccionistas-aa.example",
            services=(
                "Groups small garment workshops for joint purchasing, shared stands at fairs "
                "and collective representation."
            ),
            staff=(
                _PRESIDENT,
                ("staff", "Tesorero", "Tesorera"),
            ),
        ),
        _InstitutionSpec(
            key="gad-aa",
            name="GAD Municipal de Antonio Ante",
            institution_type="public_authority",
            town=_ATUNTAQUI,
            province="EC-I",
            domain="antonioante-gad.example",
            services=(
                "Local economic development unit; fairgrounds and public spaces; municipal permits."
            ),
            staff=(
                (
                    "official",
                    "Director de Desarrollo Económico Local",
                    "Directora de Desarrollo Económico Local",
                ),
            ),
        ),
        _InstitutionSpec(
            key="utn",
            name="Universidad Técnica del Norte",
            institution_type="training_research",
            town=_IBARRA,
            province="EC-I",
            domain="utn.example",
            services=(
                "Textile engineering degree; yarn and fabric testing laboratory; applied "
                "research and student placements in workshops."
            ),
            staff=(
                (
                    "official",
                    "Decano de Ingeniería en Ciencias Aplicadas",
                    "Decana de Ingeniería en Ciencias Aplicadas",
                ),
                ("staff", "Docente investigador de Textiles", "Docente investigadora de Textiles"),
            ),
        ),
        _InstitutionSpec(
            key="secap-i",
            name="SECAP Imbabura",
            institution_type="training_research",
            town=_IBARRA,
            province="EC-I",
            domain="secap-imbabura.example",
            services=(
                "Vocational training for machine operators, pattern making and garment finishing."
            ),
            staff=(("official", "Coordinador provincial", "Coordinadora provincial"),),
        ),
        _InstitutionSpec(
            key="banecuador-aa",
            name="BanEcuador, agencia Atuntaqui",
            institution_type="financial",
            town=_ATUNTAQUI,
            province="EC-I",
            domain="banecuador-atuntaqui.example",
            services=(
                "Public development bank (Banco Nacional de Fomento until 2016): "
                "working-capital and machinery loans for micro and small producers."
            ),
            staff=(
                ("manager", "Jefe de agencia", "Jefa de agencia"),
                ("staff", "Oficial de crédito", "Oficial de crédito"),
            ),
        ),
        _InstitutionSpec(
            key="hilanderas",
            name="Cooperativa de Ahorro y Crédito Hilanderas del Norte",
            institution_type="financial",
            town=_ATUNTAQUI,
            province="EC-I",
            domain="hilanderas.example",
            services="Savings and group credit for women garment workers and home-based knitters.",
            staff=(_MANAGER,),
        ),
        _InstitutionSpec(
            key="cdm",
            name="Centro de Diseño y Moda del Norte",
            institution_type="bds_provider",
            town=_ATUNTAQUI,
            province="EC-I",
            domain="disenonorte.example",
            services=(
                "Design, pattern grading, computer-aided design and trend services for "
                "knitwear producers."
            ),
            staff=(
                ("manager", "Director", "Directora"),
                ("staff", "Diseñador", "Diseñadora"),
            ),
        ),
        _InstitutionSpec(
            key="tejiendo",
            name="Fundación Tejiendo Futuro",
            institution_type="ngo",
            town=_IBARRA,
            province="EC-I",
            domain="tejiendofuturo.example",
            services=(
                "Childcare, labour-rights counselling and gender training for women garment "
                "workers."
            ),
            staff=(("manager", "Director ejecutivo", "Directora ejecutiva"),),
        ),
    ),
    "ambato-footwear": (
        _InstitutionSpec(
            key="caltu",
            name="Cámara de Calzado de Tungurahua",
            institution_type="business_association",
            town=_AMBATO,
            province="EC-T",
            domain="calzadotungurahua.example",
            services=(
                "Represents footwear manufacturers; trade fairs; joint purchasing of materials."
            ),
            staff=(
                _PRESIDENT,
                ("staff", "Director ejecutivo", "Directora ejecutiva"),
            ),
        ),
        _InstitutionSpec(
            key="cit",
            name="Cámara de Industrias de Tungurahua",
            institution_type="business_association",
            town=_AMBATO,
            province="EC-T",
            domain="industriastungurahua.example",
            services="Industrial policy advocacy, management training and business information.",
            staff=(_PRESIDENT,),
        ),
        _InstitutionSpec(
            key="gad-ambato",
            name="GAD Municipal de Ambato",
            institution_type="public_authority",
            town=_AMBATO,
            province="EC-T",
            domain="ambato-gad.example",
            services="Local economic development; industrial park; municipal permits.",
            staff=(
                (
                    "official",
                    "Director de Desarrollo Económico",
                    "Directora de Desarrollo Económico",
                ),
            ),
        ),
        _InstitutionSpec(
            key="junta-artesano-t",
            name="Junta Provincial de Defensa del Artesano de Tungurahua",
            institution_type="other",
            town=_AMBATO,
            province="EC-T",
            domain="artesanos-tungurahua.example",
            services=(
                "Registers and certifies artisans, shoemakers among them, for tax and labour "
                "benefits; artisan training."
            ),
            staff=(("official", "Presidente", "Presidenta"),),
        ),
        _InstitutionSpec(
            key="uta",
            name="Universidad Técnica de Ambato",
            institution_type="training_research",
            town=_AMBATO,
            province="EC-T",
            domain="uta.example",
            services=(
                "Engineering and design programmes; materials testing; applied research with "
                "footwear producers."
            ),
            staff=(
                ("official", "Decano de Ingeniería", "Decana de Ingeniería"),
                ("staff", "Docente investigador", "Docente investigadora"),
            ),
        ),
        _InstitutionSpec(
            key="secap-t",
            name="SECAP Tungurahua",
            institution_type="training_research",
            town=_AMBATO,
            province="EC-T",
            domain="secap-tungurahua.example",
            services="Training in footwear cutting, stitching, lasting and finishing.",
            staff=(("official", "Coordinador provincial", "Coordinadora provincial"),),
        ),
        _InstitutionSpec(
            key="banecuador-ambato",
            name="BanEcuador, agencia Ambato",
            institution_type="financial",
            town=_AMBATO,
            province="EC-T",
            domain="banecuador-ambato.example",
            services=(
                "Public development bank (Banco Nacional de Fomento until 2016): loans for "
                "machinery and leather stocks."
            ),
            staff=(("manager", "Jefe de agencia", "Jefa de agencia"),),
        ),
        _InstitutionSpec(
            key="cdpc",
            name="Centro de Diseño y Patronaje del Calzado",
            institution_type="bds_provider",
            town=_AMBATO,
            province="EC-T",
            domain="patronajecalzado.example",
            services=(
                "Last and pattern design, computer-aided grading and quality testing for "
                "shoemakers."
            ),
            staff=(
                ("manager", "Director técnico", "Directora técnica"),
                ("staff", "Patronista", "Patronista"),
            ),
        ),
        _InstitutionSpec(
            key="pasos",
            name="Fundación Pasos Firmes",
            institution_type="ngo",
            town=_AMBATO,
            province="EC-T",
            domain="pasosfirmes.example",
            services="Occupational health and cleaner production in small tanneries and workshops.",
            staff=(("manager", "Coordinador", "Coordinadora"),),
        ),
    ),
}


def _staff_member(
    rng: random.Random, post: tuple[str, str, str], domain: str, area: str
) -> Contact:
    position, title_for_man, title_for_woman = post
    sex = rng.choice(("female", "male"))
    name = _person(rng, sex)
    words = name.split()
    return Contact(
        name=name,
        sex=sex,
        position=position,
        title=title_for_woman if sex == "female" else title_for_man,
        phone=_phone(rng, area),
        email=f"{_slug(words[0])}.{_slug(words[-2])}@{domain}",
    )


def _institutions(rng: random.Random) -> Iterator[Institution]:
    for cluster in CLUSTERS:
        for spec in _INSTITUTIONS.get(cluster.slug, ()):
            province = places.PROVINCE_BY_CODE[spec.province]
            latitude, longitude = _scatter(rng, spec.town)
            # The head of each institution is always known; a second contact only sometimes.
            posts = spec.staff[:1] + tuple(p for p in spec.staff[1:] if rng.random() < 0.7)
            yield Institution(
                key=spec.key,
                cluster=cluster.slug,
                name=spec.name,
                institution_type=spec.institution_type,
                services=spec.services,
                tax_id=_ruc(rng, province, company=True),
                province=spec.province,
                canton=spec.town.canton,
                town=spec.town.name,
                address=_address(rng),
                latitude=latitude,
                longitude=longitude,
                phone=_landline(rng, province.phone_area),
                email=f"info@{spec.domain}",
                since=cluster.phase_path[0].on,
                people=tuple(
                    _staff_member(rng, p, spec.domain, province.phone_area) for p in posts
                ),
            )


def _owner_contact(rng: random.Random, establishment: Establishment) -> Contact:
    """The member's owner (the first named, for joint owners) or, if unknown, its manager."""
    company = establishment.name.endswith(_COMPANY_FORMS)
    if establishment.owner_name:
        name = establishment.owner_name.split(" y ")[0]
        sex = "female" if name.split()[0] in _FEMALE else "male"
        position = "owner"
        title = (
            "Gerente general" if company else ("Propietaria" if sex == "female" else "Propietario")
        )
    else:
        sex = rng.choice(("female", "male"))
        name = _person(rng, sex)
        position = "manager"
        title = "Administradora" if sex == "female" else "Administrador"
    return Contact(
        name=name,
        sex=sex,
        position=position,
        title=title,
        phone=establishment.phone or _mobile(rng),
        email=establishment.email,
    )


def _joined(rng: random.Random, cluster: ClusterInfo) -> date:
    """A day between the cluster's selection and half a year after its latest phase change."""
    first, last = cluster.phase_path[0].on, cluster.phase_path[-1].on + timedelta(days=180)
    return first + timedelta(days=rng.randint(0, (last - first).days))


def _memberships(
    rng: random.Random, establishments: Sequence[Establishment]
) -> Iterator[Membership]:
    """Most enterprises in a selected cluster's canton and classes have joined it."""
    selected = [c for c in CLUSTERS if c.selected]
    for establishment in establishments:
        for cluster in selected:
            if (
                establishment.province == cluster.provinces[0]
                and establishment.canton == cluster.canton
                and establishment.isic in cluster.isic_classes
                and rng.random() < _JOINING_RATE[cluster.slug]
            ):
                contact = _owner_contact(rng, establishment)
                yield Membership(cluster.slug, establishment.id, _joined(rng, cluster), contact)


# --- Public API --------------------------------------------------------------------------------


def generate_programme(
    *, seed: int = DEFAULT_SEED, establishments: int = DEFAULT_ESTABLISHMENTS
) -> DemoProgramme:
    """The Ecuador demo programme with a register of ``establishments`` enterprises.

    The register is exactly :func:`iter_register_rows` with the same ``seed``; support
    institutions, their people and the cluster memberships come from a second random stream
    derived from ``seed``, so they never shift the register.

    >>> demo = generate_programme(seed=1, establishments=2000)
    >>> len(demo.establishments)
    2000
    >>> [(c.slug, c.target_phase) for c in demo.clusters[:2]]
    [('atuntaqui-garments', 'implementing'), ('ambato-footwear', 'planning')]
    >>> 50 < len(demo.members("atuntaqui-garments")) < 150
    True
    >>> generate_programme(seed=1, establishments=2000) == demo
    True
    """
    register = tuple(_establishments(seed, establishments))
    rng = random.Random(f"{seed}/clusters")
    institutions = tuple(_institutions(rng))
    memberships = tuple(_memberships(rng, register))
    return DemoProgramme(seed, PROGRAMME, CLUSTERS, register, institutions, memberships)


def iter_register_rows(*, seed: int, establishments: int) -> Iterator[dict[str, object]]:
    """The establishment register as plain rows keyed by :data:`REGISTER_COLUMNS`, generated
    one at a time so that any number of rows fits in constant memory.

    >>> rows = list(iter_register_rows(seed=1, establishments=3))
    >>> [row["id"] for row in rows], tuple(rows[0]) == REGISTER_COLUMNS
    ([1, 2, 3], True)
    >>> rows == [e.as_row() for e in generate_programme(seed=1, establishments=3).establishments]
    True
    """
    for establishment in _establishments(seed, establishments):
        yield establishment.as_row()


def write_register_csv(path: str | os.PathLike[str], *, seed: int, establishments: int) -> int:
    """Write the register to a UTF-8 CSV file with a header row; returns the rows written.

    >>> import tempfile
    >>> from pathlib import Path
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     write_register_csv(Path(folder) / "register.csv", seed=1, establishments=10)
    10
    """
    written = 0
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=REGISTER_COLUMNS)
        writer.writeheader()
        for row in iter_register_rows(seed=seed, establishments=establishments):
            writer.writerow(row)
            written += 1
    return written
