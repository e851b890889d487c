"""Where the demo's establishments are: Ecuador's 24 provinces and a few real towns in each.

Town coordinates are approximate town centres (WGS84, 3 decimals, about 100 m). ``radius_km``
is how far establishments are scattered around the centre: small for towns on the coast, on an
island or near a border, so that every scattered point stays on land in its own province (a test
checks this against the shipped province boundaries). ``weight`` is the town's share of its
province's establishments, or of a concentration's.

Province weights approximate each province's share of Ecuador's establishments (INEC, 2010
national economic census): Guayas and Pichincha hold almost half, Galápagos a fraction of a
percent. ``number`` is the two-digit province number that opens an Ecuadorian tax id (RUC) and
``phone_area`` the one-digit landline area code.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Town:
    name: str
    canton: str
    latitude: float
    longitude: float
    radius_km: float
    weight: float


@dataclass(frozen=True, slots=True)
class Province:
    code: str
    name: str
    number: str
    phone_area: str
    weight: float
    towns: tuple[Town, ...]


# code, name, RUC number, phone area code, share of establishments (%)
_PROVINCE_ROWS: tuple[tuple[str, str, str, str, float], ...] = (
    ("EC-A", "Azuay", "01", "7", 6.1),
    ("EC-B", "Bolívar", "02", "3", 1.1),
    ("EC-C", "Carchi", "04", "6", 1.2),
    ("EC-D", "Orellana", "22", "6", 0.9),
    ("EC-E", "Esmeraldas", "08", "6", 2.6),
    ("EC-F", "Cañar", "03", "7", 1.5),
    ("EC-G", "Guayas", "09", "4", 24.0),
    ("EC-H", "Chimborazo", "06", "3", 3.5),
    ("EC-I", "Imbabura", "10", "6", 3.3),
    ("EC-L", "Loja", "11", "7", 3.3),
    ("EC-M", "Manabí", "13", "5", 8.3),
    ("EC-N", "Napo", "15", "6", 0.7),
    ("EC-O", "El Oro", "07", "7", 4.5),
    ("EC-P", "Pichincha", "17", "2", 22.0),
    ("EC-R", "Los Ríos", "12", "5", 4.0),
    ("EC-S", "Morona Santiago", "14", "7", 0.8),
    ("EC-SD", "Santo Domingo de los Tsáchilas", "23", "2", 3.0),
    ("EC-SE", "Santa Elena", "24", "4", 1.8),
    ("EC-T", "Tungurahua", "18", "3", 4.6),
    ("EC-U", "Sucumbíos", "21", "6", 1.3),
    ("EC-W", "Galápagos", "20", "5", 0.3),
    ("EC-X", "Cotopaxi", "05", "3", 2.9),
    ("EC-Y", "Pastaza", "16", "3", 0.7),
    ("EC-Z", "Zamora Chinchipe", "19", "7", 0.6),
)

_TOWNS: dict[str, tuple[Town, ...]] = {
    "EC-A": (
        Town("Cuenca", "Cuenca", -2.900, -79.005, 4.0, 0.78),
        Town("Gualaceo", "Gualaceo", -2.893, -78.777, 1.5, 0.10),
        Town("Paute", "Paute", -2.778, -78.759, 1.5, 0.07),
        Town("Sígsig", "Sígsig", -3.048, -78.788, 1.5, 0.05),
    ),
    "EC-B": (
        Town("Guaranda", "Guaranda", -1.593, -79.001, 2.0, 0.60),
        Town("San Miguel", "San Miguel", -1.712, -79.044, 1.5, 0.20),
        Town("Caluma", "Caluma", -1.631, -79.259, 1.5, 0.20),
    ),
    "EC-C": (
        Town("Tulcán", "Tulcán", 0.812, -77.717, 1.5, 0.60),
        Town("San Gabriel", "Montúfar", 0.596, -77.835, 1.5, 0.25),
        Town("El Ángel", "Espejo", 0.618, -77.942, 1.5, 0.15),
    ),
    "EC-D": (
        Town("Puerto Francisco de Orellana", "Francisco de Orellana", -0.463, -76.987, 2.0, 0.65),
        Town("La Joya de los Sachas", "La Joya de los Sachas", -0.300, -76.850, 1.5, 0.35),
    ),
    "EC-E": (
        Town("Esmeraldas", "Esmeraldas", 0.945, -79.690, 1.5, 0.55),
        Town("Quinindé", "Quinindé", 0.326, -79.470, 2.0, 0.25),
        Town("Atacames", "Atacames", 0.862, -79.845, 1.0, 0.10),
        Town("San Lorenzo", "San Lorenzo", 1.270, -78.835, 0.5, 0.10),
    ),
    "EC-F": (
        Town("Azogues", "Azogues", -2.740, -78.849, 1.5, 0.45),
        Town("La Troncal", "La Troncal", -2.423, -79.340, 1.5, 0.30),
        Town("Cañar", "Cañar", -2.559, -78.938, 1.5, 0.15),
        Town("Biblián", "Biblián", -2.709, -78.892, 1.0, 0.10),
    ),
    "EC-G": (
        Town("Guayaquil", "Guayaquil", -2.160, -79.935, 3.0, 0.78),
        Town("Durán", "Durán", -2.172, -79.829, 1.5, 0.09),
        Town("Milagro", "Milagro", -2.135, -79.587, 2.0, 0.08),
        Town("Daule", "Daule", -1.862, -79.977, 1.5, 0.05),
    ),
    "EC-H": (
        Town("Riobamba", "Riobamba", -1.664, -78.655, 3.0, 0.78),
        Town("Guano", "Guano", -1.605, -78.631, 1.0, 0.12),
        Town("Alausí", "Alausí", -2.200, -78.847, 1.0, 0.10),
    ),
    "EC-I": (
        Town("Ibarra", "Ibarra", 0.352, -78.122, 3.0, 0.58),
        Town("Otavalo", "Otavalo", 0.234, -78.261, 2.0, 0.22),
        Town("Atuntaqui", "Antonio Ante", 0.332, -78.214, 1.5, 0.12),
        Town("Cotacachi", "Cotacachi", 0.301, -78.266, 1.5, 0.08),
    ),
    "EC-L": (
        Town("Loja", "Loja", -3.993, -79.204, 3.0, 0.75),
        Town("Catamayo", "Catamayo", -3.986, -79.358, 1.5, 0.12),
        Town("Cariamanga", "Calvas", -4.325, -79.555, 1.0, 0.08),
        Town("Macará", "Macará", -4.380, -79.940, 0.8, 0.05),
    ),
    "EC-M": (
        Town("Portoviejo", "Portoviejo", -1.055, -80.455, 3.0, 0.40),
        Town("Manta", "Manta", -0.970, -80.705, 1.5, 0.35),
        Town("Chone", "Chone", -0.698, -80.094, 1.5, 0.15),
        Town("Jipijapa", "Jipijapa", -1.348, -80.579, 1.5, 0.10),
    ),
    "EC-N": (
        Town("Tena", "Tena", -0.994, -77.813, 2.0, 0.70),
        Town("Archidona", "Archidona", -0.910, -77.808, 1.0, 0.30),
    ),
    "EC-O": (
        Town("Machala", "Machala", -3.262, -79.945, 2.5, 0.60),
        Town("Pasaje", "Pasaje", -3.327, -79.806, 1.5, 0.18),
        Town("Santa Rosa", "Santa Rosa", -3.449, -79.959, 1.5, 0.14),
        Town("Huaquillas", "Huaquillas", -3.478, -80.220, 0.8, 0.08),
    ),
    "EC-P": (
        Town("Quito", "Quito", -0.180, -78.478, 6.0, 0.85),
        Town("Sangolquí", "Rumiñahui", -0.329, -78.448, 2.0, 0.07),
        Town("Cayambe", "Cayambe", 0.041, -78.145, 1.5, 0.05),
        Town("Machachi", "Mejía", -0.510, -78.567, 1.5, 0.03),
    ),
    "EC-R": (
        Town("Quevedo", "Quevedo", -1.029, -79.464, 2.5, 0.40),
        Town("Babahoyo", "Babahoyo", -1.802, -79.534, 2.0, 0.35),
        Town("Ventanas", "Ventanas", -1.445, -79.460, 1.5, 0.13),
        Town("Vinces", "Vinces", -1.555, -79.752, 1.5, 0.12),
    ),
    "EC-S": (
        Town("Macas", "Morona", -2.309, -78.111, 2.0, 0.60),
        Town("Sucúa", "Sucúa", -2.468, -78.170, 1.5, 0.25),
        Town("Gualaquiza", "Gualaquiza", -3.403, -78.575, 1.0, 0.15),
    ),
    "EC-SD": (
        Town("Santo Domingo", "Santo Domingo", -0.253, -79.175, 3.0, 0.85),
        Town("La Concordia", "La Concordia", 0.000, -79.395, 1.0, 0.15),
    ),
    "EC-SE": (
        Town("La Libertad", "La Libertad", -2.235, -80.895, 1.2, 0.50),
        Town("Santa Elena", "Santa Elena", -2.227, -80.855, 1.2, 0.40),
        Town("Ancón", "Santa Elena", -2.325, -80.845, 0.8, 0.10),
    ),
    "EC-T": (
        Town("Ambato", "Ambato", -1.242, -78.620, 3.0, 0.72),
        Town("Pelileo", "San Pedro de Pelileo", -1.330, -78.543, 1.5, 0.12),
        Town("Baños", "Baños de Agua Santa", -1.396, -78.425, 1.0, 0.10),
        Town("Píllaro", "Santiago de Píllaro", -1.170, -78.533, 1.0, 0.06),
    ),
    "EC-U": (
        Town("Nueva Loja", "Lago Agrio", 0.085, -76.883, 2.0, 0.70),
        Town("Shushufindi", "Shushufindi", -0.186, -76.647, 1.5, 0.30),
    ),
    "EC-W": (
        Town("Puerto Ayora", "Santa Cruz", -0.740, -90.316, 0.4, 0.60),
        Town("Puerto Baquerizo Moreno", "San Cristóbal", -0.902, -89.607, 0.5, 0.40),
    ),
    "EC-X": (
        Town("Latacunga", "Latacunga", -0.935, -78.615, 2.5, 0.60),
        Town("La Maná", "La Maná", -0.940, -79.230, 1.5, 0.15),
        Town("Salcedo", "Salcedo", -1.045, -78.590, 1.5, 0.15),
        Town("Pujilí", "Pujilí", -0.957, -78.696, 1.0, 0.10),
    ),
    "EC-Y": (
        Town("Puyo", "Pastaza", -1.492, -78.002, 2.0, 0.80),
        Town("Shell", "Mera", -1.498, -78.060, 1.0, 0.20),
    ),
    "EC-Z": (
        Town("Zamora", "Zamora", -4.069, -78.957, 1.5, 0.50),
        Town("Yantzaza", "Yantzaza", -3.828, -78.760, 1.5, 0.35),
        Town("Zumba", "Chinchipe", -4.867, -79.133, 1.0, 0.15),
    ),
}

PROVINCES: tuple[Province, ...] = tuple(
    Province(*row, towns=_TOWNS[row[0]]) for row in _PROVINCE_ROWS
)
PROVINCE_BY_CODE: dict[str, Province] = {p.code: p for p in PROVINCES}

# The towns of known concentrations (the programme's clusters and others a mapping should find);
# here ``weight`` is the town's share of the concentration.
ANTONIO_ANTE: tuple[Town, ...] = (
    Town("Atuntaqui", "Antonio Ante", 0.332, -78.214, 1.2, 0.55),
    Town("Andrade Marín", "Antonio Ante", 0.322, -78.204, 0.8, 0.20),
    Town("San Roque", "Antonio Ante", 0.297, -78.234, 0.8, 0.10),
    Town("Natabuela", "Antonio Ante", 0.339, -78.196, 0.8, 0.08),
    Town("Chaltura", "Antonio Ante", 0.362, -78.204, 0.8, 0.07),
)
IBARRA_OTAVALO: tuple[Town, ...] = (
    Town("Ibarra", "Ibarra", 0.352, -78.122, 3.0, 0.45),
    Town("Otavalo", "Otavalo", 0.234, -78.261, 2.0, 0.45),
    Town("Cotacachi", "Cotacachi", 0.301, -78.266, 1.5, 0.10),
)
AMBATO: tuple[Town, ...] = (
    Town("Ambato", "Ambato", -1.242, -78.620, 3.0, 0.62),
    Town("Izamba", "Ambato", -1.215, -78.592, 1.0, 0.10),
    Town("Quisapincha", "Ambato", -1.233, -78.680, 1.0, 0.08),
    Town("Huachi Grande", "Ambato", -1.290, -78.632, 1.0, 0.07),
    Town("Cevallos", "Cevallos", -1.355, -78.615, 1.0, 0.08),
    Town("Pelileo", "San Pedro de Pelileo", -1.330, -78.543, 1.5, 0.05),
)
PELILEO: tuple[Town, ...] = (Town("Pelileo", "San Pedro de Pelileo", -1.330, -78.543, 1.5, 1.00),)
AZUAY_STRAW_HATS: tuple[Town, ...] = (
    Town("Cuenca", "Cuenca", -2.900, -79.005, 3.0, 0.50),
    Town("Sígsig", "Sígsig", -3.048, -78.788, 1.5, 0.30),
    Town("Gualaceo", "Gualaceo", -2.893, -78.777, 1.5, 0.20),
)
CANAR_STRAW_HATS: tuple[Town, ...] = (
    Town("Azogues", "Azogues", -2.740, -78.849, 1.5, 0.60),
    Town("Biblián", "Biblián", -2.709, -78.892, 1.0, 0.40),
)
SAN_ANTONIO: tuple[Town, ...] = (
    Town("San Antonio de Ibarra", "Ibarra", 0.336, -78.169, 1.0, 1.00),
)

STREETS: tuple[str, ...] = (
    "Bolívar",
    "Sucre",
    "Rocafuerte",
    "Olmedo",
    "García Moreno",
    "Juan Montalvo",
    "Eloy Alfaro",
    "10 de Agosto",
    "24 de Mayo",
    "9 de Octubre",
    "Abdón Calderón",
    "Espejo",
    "Mejía",
    "Vicente León",
    "Colón",
    "Chile",
    "Amazonas",
    "Pichincha",
    "Guayaquil",
    "Mariscal Sucre",
    "Antonio Ante",
    "Los Ríos",
    "Imbabura",
    "Cevallos",
    "Tarqui",
    "Velasco Ibarra",
    "Simón Bolívar",
    "Flores",
    "Maldonado",
    "Quito",
)
