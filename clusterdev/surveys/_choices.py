"""The choice lists of the three instruments, in English, French and Spanish.

Choice names are the values stored in submissions and exports: short, stable, without spaces.
The institution types match the actor register's (``clusterdev.web.actors``), the tie types
and frequencies are those the network analysis reads.
"""

from __future__ import annotations

from clusterdev.surveys._form import Choice, ChoiceList, Text

__all__ = ["CHOICE_LISTS", "TIE_TYPES", "choice_lists"]


def _list(name: str, rows: list[tuple[str, str, str, str]]) -> ChoiceList:
    return ChoiceList(name, tuple(Choice(value, Text(en, fr, es)) for value, en, fr, es in rows))


YES_NO = _list("yes_no", [("yes", "Yes", "Oui", "Sí"), ("no", "No", "Non", "No")])

SEX = _list("sex", [("female", "Woman", "Femme", "Mujer"), ("male", "Man", "Homme", "Hombre")])

OWNER_SEX = _list(
    "owner_sex",
    [
        ("female", "A woman (or women)", "Une femme (ou des femmes)", "Una mujer (o mujeres)"),
        ("male", "A man (or men)", "Un homme (ou des hommes)", "Un hombre (u hombres)"),
        (
            "mixed",
            "Women and men jointly",
            "Femmes et hommes conjointement",
            "Mujeres y hombres conjuntamente",
        ),
    ],
)

AGE_GROUP = _list(
    "age_group",
    [
        ("under_25", "Under 25", "Moins de 25 ans", "Menos de 25 años"),
        ("25_34", "25 to 34", "25 à 34 ans", "25 a 34 años"),
        ("35_44", "35 to 44", "35 à 44 ans", "35 a 44 años"),
        ("45_54", "45 to 54", "45 à 54 ans", "45 a 54 años"),
        ("55_64", "55 to 64", "55 à 64 ans", "55 a 64 años"),
        ("65_plus", "65 or older", "65 ans ou plus", "65 años o más"),
    ],
)

RESPONDENT_ROLE = _list(
    "respondent_role",
    [
        ("owner", "Owner", "Propriétaire", "Propietario o propietaria"),
        ("manager", "Manager (not the owner)", "Gérant (non propriétaire)", "Gerente (no dueño)"),
        (
            "family",
            "Member of the owner's family",
            "Membre de la famille du propriétaire",
            "Familiar del propietario",
        ),
        ("employee", "Employee", "Salarié", "Empleado"),
    ],
)

LEGAL_STATUS = _list(
    "legal_status",
    [
        (
            "sole_proprietor",
            "Sole proprietorship",
            "Entreprise individuelle",
            "Persona natural (empresa unipersonal)",
        ),
        ("partnership", "Partnership", "Société de personnes", "Sociedad de personas"),
        (
            "company",
            "Limited or joint-stock company",
            "Société (SARL, SA)",
            "Compañía limitada o anónima",
        ),
        ("cooperative", "Cooperative", "Coopérative", "Cooperativa"),
        (
            "informal",
            "Not registered (informal)",
            "Non enregistrée (informelle)",
            "No registrada (informal)",
        ),
        ("other", "Other", "Autre", "Otro"),
    ],
)

PREMISES = _list(
    "premises",
    [
        ("home", "In the owner's home", "Au domicile du propriétaire", "En la vivienda del dueño"),
        (
            "own",
            "Own workshop or plant",
            "Atelier ou usine en propriété",
            "Taller o planta propios",
        ),
        (
            "rented",
            "Rented workshop or plant",
            "Atelier ou usine en location",
            "Taller o planta arrendados",
        ),
        (
            "shared",
            "Shared premises or industrial park",
            "Locaux partagés ou zone industrielle",
            "Local compartido o parque industrial",
        ),
    ],
)

CAPACITY_USE = _list(
    "capacity_use",
    [
        ("lt25", "Less than 25%", "Moins de 25 %", "Menos del 25 %"),
        ("25_50", "25% to 50%", "25 % à 50 %", "Del 25 % al 50 %"),
        ("50_75", "50% to 75%", "50 % à 75 %", "Del 50 % al 75 %"),
        ("gt75", "More than 75%", "Plus de 75 %", "Más del 75 %"),
    ],
)

TREND = _list(
    "trend",
    [
        ("increased", "Increased", "En hausse", "Aumentaron"),
        ("stable", "About the same", "À peu près stables", "Más o menos iguales"),
        ("decreased", "Decreased", "En baisse", "Disminuyeron"),
        ("dont_know", "Don't know", "Ne sait pas", "No sabe"),
    ],
)

EQUIPMENT_AGE = _list(
    "equipment_age",
    [
        ("lt5", "Less than 5 years", "Moins de 5 ans", "Menos de 5 años"),
        ("5_10", "5 to 10 years", "5 à 10 ans", "De 5 a 10 años"),
        ("gt10", "More than 10 years", "Plus de 10 ans", "Más de 10 años"),
    ],
)

TECHNOLOGY = _list(
    "technology",
    [
        ("manual", "Mostly manual work", "Travail surtout manuel", "Trabajo mayormente manual"),
        ("semi", "Partly mechanised", "En partie mécanisé", "Parcialmente mecanizado"),
        ("mechanised", "Mostly mechanised", "Surtout mécanisé", "Mayormente mecanizado"),
        (
            "automated",
            "Computer-controlled or automated",
            "Commande numérique ou automatisé",
            "Controlado por computador o automatizado",
        ),
    ],
)

DESIGN = _list(
    "design",
    [
        ("own", "Own designs", "Créations propres", "Diseños propios"),
        (
            "buyers",
            "Designs supplied by buyers",
            "Modèles fournis par les clients",
            "Diseños entregados por los compradores",
        ),
        (
            "copies",
            "Copies or adaptations of existing products",
            "Copies ou adaptations de produits existants",
            "Copias o adaptaciones de productos existentes",
        ),
        ("designers", "External designers", "Designers externes", "Diseñadores externos"),
    ],
)

BUYERS = _list(
    "buyers",
    [
        (
            "consumers",
            "Final consumers (own shop or market stall)",
            "Consommateurs finaux (boutique ou étal propre)",
            "Consumidores finales (tienda o puesto propio)",
        ),
        ("retailers", "Shops and retailers", "Commerçants détaillants", "Tiendas y minoristas"),
        (
            "wholesalers",
            "Wholesalers and intermediaries",
            "Grossistes et intermédiaires",
            "Mayoristas e intermediarios",
        ),
        (
            "firms",
            "Other firms (subcontracting)",
            "Autres entreprises (sous-traitance)",
            "Otras empresas (subcontratación)",
        ),
        ("government", "Government purchases", "Achats publics", "Compras públicas"),
        (
            "exporters",
            "Exporters or foreign buyers",
            "Exportateurs ou acheteurs étrangers",
            "Exportadores o compradores extranjeros",
        ),
    ],
)

INPUT_SOURCES = _list(
    "input_sources",
    [
        (
            "cluster",
            "Suppliers in the cluster",
            "Fournisseurs du cluster",
            "Proveedores del clúster",
        ),
        (
            "national",
            "Suppliers elsewhere in the country",
            "Fournisseurs ailleurs dans le pays",
            "Proveedores en otras partes del país",
        ),
        ("imported", "Imported directly", "Importés directement", "Importados directamente"),
        (
            "intermediaries",
            "Importers or intermediaries",
            "Importateurs ou intermédiaires",
            "Importadores o intermediarios",
        ),
    ],
)

INPUT_PROBLEMS = _list(
    "input_problems",
    [
        ("price", "High prices", "Prix élevés", "Precios altos"),
        (
            "quality",
            "Poor or uneven quality",
            "Qualité faible ou irrégulière",
            "Calidad baja o irregular",
        ),
        (
            "availability",
            "Irregular availability",
            "Disponibilité irrégulière",
            "Disponibilidad irregular",
        ),
        (
            "minimum_order",
            "Minimum orders too large",
            "Quantités minimales trop élevées",
            "Pedidos mínimos demasiado grandes",
        ),
        (
            "credit",
            "No credit from suppliers",
            "Pas de crédit fournisseur",
            "Sin crédito de los proveedores",
        ),
        ("none", "No major problem", "Pas de problème majeur", "Ningún problema importante"),
    ],
)

QUALITY_CONTROL = _list(
    "quality_control",
    [
        ("none", "No regular control", "Aucun contrôle régulier", "Ningún control regular"),
        (
            "visual",
            "Visual checks of finished products",
            "Contrôle visuel des produits finis",
            "Revisión visual de los productos terminados",
        ),
        (
            "procedures",
            "Written procedures at several stages",
            "Procédures écrites à plusieurs étapes",
            "Procedimientos escritos en varias etapas",
        ),
        (
            "system",
            "A certified quality management system",
            "Un système de management de la qualité certifié",
            "Un sistema de gestión de la calidad certificado",
        ),
    ],
)

CERTIFICATIONS = _list(
    "certifications",
    [
        ("iso9001", "ISO 9001", "ISO 9001", "ISO 9001"),
        ("iso14001", "ISO 14001", "ISO 14001", "ISO 14001"),
        (
            "product",
            "Product certification or national quality mark",
            "Certification de produit ou marque nationale de qualité",
            "Certificación de producto o sello nacional de calidad",
        ),
        (
            "label",
            "Social or environmental label (fair trade, organic…)",
            "Label social ou environnemental (commerce équitable, bio…)",
            "Sello social o ambiental (comercio justo, orgánico…)",
        ),
        ("other", "Other", "Autre", "Otra"),
        ("none", "None", "Aucune", "Ninguna"),
    ],
)

FINANCE_SOURCES = _list(
    "finance_sources",
    [
        ("bank", "Commercial bank", "Banque commerciale", "Banco comercial"),
        (
            "cooperative",
            "Savings and credit cooperative",
            "Coopérative d'épargne et de crédit",
            "Cooperativa de ahorro y crédito",
        ),
        (
            "microfinance",
            "Microfinance institution",
            "Institution de microfinance",
            "Institución de microfinanzas",
        ),
        (
            "development_bank",
            "Public development bank",
            "Banque publique de développement",
            "Banca pública de desarrollo",
        ),
        ("suppliers", "Credit from suppliers", "Crédit fournisseur", "Crédito de proveedores"),
        ("family", "Family and friends", "Famille et amis", "Familiares y amigos"),
        ("moneylender", "Informal moneylender", "Prêteur informel", "Prestamista informal"),
    ],
)

FINANCE_OBSTACLES = _list(
    "finance_obstacles",
    [
        ("collateral", "Collateral required", "Garanties exigées", "Garantías exigidas"),
        ("interest", "High interest rates", "Taux d'intérêt élevés", "Tasas de interés altas"),
        ("procedures", "Complex procedures", "Procédures compliquées", "Trámites complicados"),
        ("terms", "Loan terms too short", "Durée des prêts trop courte", "Plazos demasiado cortos"),
        (
            "expects_refusal",
            "Expects to be refused",
            "S'attend à un refus",
            "Espera que se lo nieguen",
        ),
        ("no_need", "No need for a loan", "Pas besoin de prêt", "No necesita préstamo"),
    ],
)

SERVICES = _list(
    "services",
    [
        (
            "training",
            "Training of workers or managers",
            "Formation du personnel ou des dirigeants",
            "Capacitación de trabajadores o gerentes",
        ),
        (
            "technical",
            "Technical assistance or consultancy",
            "Assistance technique ou conseil",
            "Asistencia técnica o consultoría",
        ),
        (
            "design",
            "Design or product development",
            "Design ou développement de produits",
            "Diseño o desarrollo de productos",
        ),
        (
            "quality",
            "Testing, quality or certification",
            "Essais, qualité ou certification",
            "Ensayos, calidad o certificación",
        ),
        (
            "marketing",
            "Marketing, trade fairs or export promotion",
            "Commercialisation, salons ou promotion des exportations",
            "Comercialización, ferias o promoción de exportaciones",
        ),
        (
            "finance",
            "Credit or other financial services",
            "Crédit ou autres services financiers",
            "Crédito u otros servicios financieros",
        ),
        (
            "information",
            "Market or technical information",
            "Information commerciale ou technique",
            "Información de mercados o técnica",
        ),
        (
            "accounting",
            "Accounting, legal or tax advice",
            "Conseil comptable, juridique ou fiscal",
            "Asesoría contable, legal o tributaria",
        ),
        (
            "advocacy",
            "Representation and advocacy",
            "Représentation et plaidoyer",
            "Representación e incidencia",
        ),
        (
            "permits",
            "Registration, licences and permits",
            "Immatriculation, licences et permis",
            "Registro, licencias y permisos",
        ),
        (
            "research",
            "Research and development",
            "Recherche et développement",
            "Investigación y desarrollo",
        ),
        ("none", "None", "Aucun", "Ninguno"),
    ],
)

SATISFACTION = _list(
    "satisfaction",
    [
        ("1", "Very dissatisfied", "Très insatisfait", "Muy insatisfecho"),
        ("2", "Dissatisfied", "Insatisfait", "Insatisfecho"),
        (
            "3",
            "Neither satisfied nor dissatisfied",
            "Ni satisfait ni insatisfait",
            "Ni satisfecho ni insatisfecho",
        ),
        ("4", "Satisfied", "Satisfait", "Satisfecho"),
        ("5", "Very satisfied", "Très satisfait", "Muy satisfecho"),
    ],
)

CONSTRAINTS = _list(
    "constraints",
    [
        ("finance", "Access to finance", "Accès au financement", "Acceso al financiamiento"),
        (
            "inputs",
            "Cost or availability of raw materials",
            "Coût ou disponibilité des matières premières",
            "Costo o disponibilidad de materias primas",
        ),
        (
            "skills",
            "Lack of skilled workers",
            "Manque de main-d'œuvre qualifiée",
            "Falta de trabajadores calificados",
        ),
        (
            "technology",
            "Outdated machinery and technology",
            "Machines et technologies dépassées",
            "Maquinaria y tecnología obsoletas",
        ),
        (
            "quality",
            "Product quality and standards",
            "Qualité des produits et normes",
            "Calidad de los productos y normas",
        ),
        (
            "markets",
            "Access to markets and buyers",
            "Accès aux marchés et aux acheteurs",
            "Acceso a mercados y compradores",
        ),
        (
            "imports",
            "Competition from imports",
            "Concurrence des importations",
            "Competencia de las importaciones",
        ),
        (
            "local_competition",
            "Price competition among local firms",
            "Concurrence par les prix entre entreprises locales",
            "Competencia de precios entre empresas locales",
        ),
        (
            "infrastructure",
            "Infrastructure (electricity, water, roads, internet)",
            "Infrastructures (électricité, eau, routes, internet)",
            "Infraestructura (electricidad, agua, vías, internet)",
        ),
        (
            "regulation",
            "Regulation, taxes and red tape",
            "Réglementation, impôts et formalités",
            "Regulaciones, impuestos y trámites",
        ),
        (
            "information",
            "Lack of market and technical information",
            "Manque d'information commerciale et technique",
            "Falta de información comercial y técnica",
        ),
        (
            "cooperation",
            "Lack of cooperation and trust among firms",
            "Manque de coopération et de confiance entre entreprises",
            "Falta de cooperación y confianza entre empresas",
        ),
        ("other", "Other", "Autre", "Otro"),
    ],
)

JOINT_ACTIVITIES = _list(
    "joint_activities",
    [
        (
            "purchasing",
            "Joint purchasing of inputs",
            "Achats groupés d'intrants",
            "Compras conjuntas de insumos",
        ),
        (
            "marketing",
            "Joint marketing or trade fairs",
            "Commercialisation commune ou salons",
            "Comercialización conjunta o ferias",
        ),
        (
            "equipment",
            "Shared equipment or facilities",
            "Équipements ou installations partagés",
            "Equipos o instalaciones compartidos",
        ),
        ("training", "Joint training", "Formations communes", "Capacitaciones conjuntas"),
        (
            "orders",
            "Sharing large orders",
            "Partage de grosses commandes",
            "Compartir pedidos grandes",
        ),
        (
            "representation",
            "Joint representation to authorities",
            "Représentation commune auprès des autorités",
            "Representación conjunta ante las autoridades",
        ),
        ("other", "Other", "Autre", "Otra"),
    ],
)

WILLINGNESS = _list(
    "willingness",
    [
        ("already", "Already does it", "Le fait déjà", "Ya lo hace"),
        ("yes", "Yes", "Oui", "Sí"),
        (
            "maybe",
            "Maybe, depending on the conditions",
            "Peut-être, selon les conditions",
            "Tal vez, según las condiciones",
        ),
        ("no", "No", "Non", "No"),
    ],
)

COST_SHARE = _list(
    "cost_share",
    [
        ("yes", "Yes, its full share", "Oui, toute sa part", "Sí, toda su parte"),
        ("partly", "Yes, part of it", "Oui, en partie", "Sí, una parte"),
        ("no", "No", "Non", "No"),
    ],
)

LIKERT = _list(
    "likert",
    [
        ("1", "Strongly disagree", "Pas du tout d'accord", "Muy en desacuerdo"),
        ("2", "Disagree", "Plutôt pas d'accord", "En desacuerdo"),
        (
            "3",
            "Neither agree nor disagree",
            "Ni d'accord ni pas d'accord",
            "Ni de acuerdo ni en desacuerdo",
        ),
        ("4", "Agree", "Plutôt d'accord", "De acuerdo"),
        ("5", "Strongly agree", "Tout à fait d'accord", "Muy de acuerdo"),
    ],
)

RATING = _list(
    "rating",
    [
        ("1", "1 – very low", "1 – très faible", "1 – muy bajo"),
        ("2", "2 – low", "2 – faible", "2 – bajo"),
        ("3", "3 – medium", "3 – moyen", "3 – medio"),
        ("4", "4 – high", "4 – élevé", "4 – alto"),
        ("5", "5 – very high", "5 – très élevé", "5 – muy alto"),
    ],
)

INSTITUTION_TYPE = _list(
    "institution_type",
    [
        (
            "business_association",
            "Business association",
            "Association professionnelle",
            "Gremio o asociación empresarial",
        ),
        (
            "bds_provider",
            "Business development service provider",
            "Prestataire de services aux entreprises",
            "Proveedor de servicios de desarrollo empresarial",
        ),
        (
            "financial",
            "Financial service provider",
            "Prestataire de services financiers",
            "Proveedor de servicios financieros",
        ),
        ("public_authority", "Public authority", "Autorité publique", "Autoridad pública"),
        (
            "training_research",
            "Training or research institution",
            "Institution de formation ou de recherche",
            "Institución de formación o investigación",
        ),
        (
            "ngo",
            "Non-governmental organisation",
            "Organisation non gouvernementale",
            "Organización no gubernamental",
        ),
        ("other", "Other", "Autre", "Otro"),
    ],
)

OWNERSHIP = _list(
    "ownership",
    [
        ("public", "Public", "Publique", "Pública"),
        ("private", "Private, for profit", "Privée, à but lucratif", "Privada con fines de lucro"),
        (
            "nonprofit",
            "Private, not for profit",
            "Privée, à but non lucratif",
            "Privada sin fines de lucro",
        ),
        (
            "membership",
            "Owned by its members (association, chamber, cooperative)",
            "Appartenant à ses membres (association, chambre, coopérative)",
            "De sus miembros (asociación, cámara, cooperativa)",
        ),
        ("mixed", "Public–private", "Public-privé", "Público-privada"),
    ],
)

FEES = _list(
    "fees",
    [
        ("free", "Free of charge", "Gratuits", "Gratuitos"),
        (
            "partly",
            "Partly paid by clients",
            "En partie payés par les clients",
            "Pagados en parte por los clientes",
        ),
        (
            "full",
            "Fully paid by clients",
            "Entièrement payés par les clients",
            "Pagados totalmente por los clientes",
        ),
        ("varies", "Depends on the service", "Selon le service", "Depende del servicio"),
    ],
)

FUNDING = _list(
    "funding",
    [
        ("government", "Government budget", "Budget de l'État", "Presupuesto del Estado"),
        ("fees", "Fees paid by clients", "Paiements des clients", "Pagos de los clientes"),
        ("members", "Members' contributions", "Cotisations des membres", "Aportes de los miembros"),
        (
            "donors",
            "Donors or international projects",
            "Bailleurs ou projets internationaux",
            "Donantes o proyectos internacionales",
        ),
        (
            "own_income",
            "Own income-generating activities",
            "Activités génératrices de revenus",
            "Actividades propias que generan ingresos",
        ),
        ("other", "Other", "Autre", "Otro"),
    ],
)

SHARE = _list(
    "share",
    [
        ("lt10", "Less than 10%", "Moins de 10 %", "Menos del 10 %"),
        ("10_25", "10% to 25%", "10 % à 25 %", "Del 10 % al 25 %"),
        ("25_50", "25% to 50%", "25 % à 50 %", "Del 25 % al 50 %"),
        ("gt50", "More than 50%", "Plus de 50 %", "Más del 50 %"),
    ],
)

GAPS = _list(
    "gaps",
    [
        ("staff", "Qualified staff", "Personnel qualifié", "Personal calificado"),
        (
            "equipment",
            "Equipment or laboratories",
            "Équipements ou laboratoires",
            "Equipos o laboratorios",
        ),
        ("funding", "Stable funding", "Financement stable", "Financiamiento estable"),
        (
            "sector",
            "Knowledge of the cluster's sector",
            "Connaissance du secteur du cluster",
            "Conocimiento del sector del clúster",
        ),
        ("demand", "Demand from enterprises", "Demande des entreprises", "Demanda de las empresas"),
        (
            "coordination",
            "Coordination with other institutions",
            "Coordination avec les autres institutions",
            "Coordinación con otras instituciones",
        ),
        ("none", "None", "Aucun", "Ninguno"),
    ],
)

ROLES = _list(
    "roles",
    [
        (
            "host",
            "Host meetings and events",
            "Accueillir réunions et événements",
            "Acoger reuniones y eventos",
        ),
        (
            "experts",
            "Provide trainers or experts",
            "Fournir des formateurs ou des experts",
            "Aportar capacitadores o expertos",
        ),
        (
            "cofinance",
            "Co-finance joint actions",
            "Cofinancer des actions conjointes",
            "Cofinanciar acciones conjuntas",
        ),
        (
            "information",
            "Share information and data",
            "Partager informations et données",
            "Compartir información y datos",
        ),
        (
            "lead",
            "Lead or coordinate joint actions",
            "Piloter ou coordonner des actions conjointes",
            "Liderar o coordinar acciones conjuntas",
        ),
        ("none", "None for now", "Aucun pour l'instant", "Ninguno por ahora"),
    ],
)

TIE_TYPES = _list(
    "tie_types",
    [
        ("information", "Information or advice", "Information ou conseil", "Información o consejo"),
        (
            "business",
            "Business: buying, selling or subcontracting",
            "Affaires : achat, vente ou sous-traitance",
            "Negocios: compra, venta o subcontratación",
        ),
        (
            "joint_action",
            "Joint action (joint purchasing, marketing, training…)",
            "Action conjointe (achats, commercialisation, formation…)",
            "Acción conjunta (compras, comercialización, capacitación…)",
        ),
        (
            "trust",
            "Trust: someone they would turn to for help or in confidence",
            "Confiance : quelqu'un vers qui se tourner pour de l'aide ou une confidence",
            "Confianza: alguien a quien acudir por ayuda o en confianza",
        ),
    ],
)

FREQUENCY = _list(
    "frequency",
    [
        (
            "weekly",
            "At least once a week",
            "Au moins une fois par semaine",
            "Al menos una vez por semana",
        ),
        (
            "monthly",
            "At least once a month",
            "Au moins une fois par mois",
            "Al menos una vez al mes",
        ),
        ("quarterly", "A few times a year", "Quelques fois par an", "Algunas veces al año"),
        ("yearly", "Once a year or less", "Une fois par an ou moins", "Una vez al año o menos"),
    ],
)

CHOICE_LISTS = {
    choices.name: choices
    for choices in (
        YES_NO, SEX, OWNER_SEX, AGE_GROUP, RESPONDENT_ROLE, LEGAL_STATUS, PREMISES,
        CAPACITY_USE, TREND, EQUIPMENT_AGE, TECHNOLOGY, DESIGN, BUYERS, INPUT_SOURCES,
        INPUT_PROBLEMS, QUALITY_CONTROL, CERTIFICATIONS, FINANCE_SOURCES, FINANCE_OBSTACLES,
        SERVICES, SATISFACTION, CONSTRAINTS, JOINT_ACTIVITIES, WILLINGNESS, COST_SHARE,
        LIKERT, RATING, INSTITUTION_TYPE, OWNERSHIP, FEES, FUNDING, SHARE, GAPS, ROLES,
        TIE_TYPES, FREQUENCY,
    )
}  # fmt: skip


def choice_lists(names: set[str]) -> tuple[ChoiceList, ...]:
    """The lists called ``names``, in a stable order (that of :data:`CHOICE_LISTS`)."""
    return tuple(choices for name, choices in CHOICE_LISTS.items() if name in names)
