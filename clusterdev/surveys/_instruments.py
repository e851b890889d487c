"""The three instruments of the cluster diagnostic: enterprise survey, support-institution
survey and network name generator, in English, French and Spanish.

The content follows the diagnostic study outline of the UNIDO approach (profile, employment by
sex and age, production and technology, markets, inputs, quality, finance, services,
constraints, cooperation and trust; for institutions: services, clients, capacity and gaps).
Every group after the consent question is skipped when consent is refused.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence

from clusterdev.surveys._choices import choice_lists
from clusterdev.surveys._form import (
    ACTORS_FILE,
    OTHER,
    SELECTS,
    ActorRow,
    ClusterInfo,
    Form,
    FormError,
    Group,
    IndicatorQuestion,
    InstrumentKind,
    Question,
    Text,
)

__all__ = ["enterprise_form", "indicator_question_name", "institution_form", "network_form"]

CONSENTED = "${consent} = 'yes'"
YEAR = ". <= int(format-date(today(), '%Y'))"
MEASURES = ("number", "percentage", "ordinal", "qualitative")


def enterprise_form(
    cluster: ClusterInfo,
    indicators: Sequence[IndicatorQuestion] = (),
    *,
    actors: Sequence[ActorRow] = (),
    version: str | None = None,
) -> Form:
    """The enterprise survey of the cluster diagnostic (about 70 questions in 13 groups).

    The respondent picks the enterprise from ``actors.csv`` (the cluster's register, written by
    :func:`write_attachments`) or chooses *Other* and types its name. ``indicators`` add a group
    with one question per M&E indicator (see :func:`indicator_question_name`). ``version``
    defaults to a digest of the content, so it changes exactly when the form does.

    >>> from clusterdev.surveys import ClusterInfo, enterprise_form
    >>> form = enterprise_form(ClusterInfo("atuntaqui-garment", "Atuntaqui garment cluster"))
    >>> form.form_id, form.field("employees_women").path
    ('atuntaqui-garment-enterprise', ('employment',))
    """
    respondent = _respondent(
        "enterprise",
        _t("Which enterprise is this?", "De quelle entreprise s'agit-il ?", "¿Qué empresa es?"),
    )
    body = (
        _intro(
            cluster,
            _t(
                f"Survey of the enterprises of the {cluster.name}. It is part of the cluster's "
                "diagnostic study; answers are confidential and are only published as totals.",
                f"Enquête auprès des entreprises du cluster « {cluster.name} ». Elle fait partie du "
                "diagnostic du cluster ; les réponses sont confidentielles et ne sont publiées "
                "qu'agrégées.",
                f"Encuesta a las empresas del clúster «{cluster.name}». Forma parte del diagnóstico "
                "del clúster; las respuestas son confidenciales y solo se publican agregadas.",
            ),
            location=_t(
                "Location of the enterprise",
                "Emplacement de l'entreprise",
                "Ubicación de la empresa",
            ),
        ),
        _group(
            "profile",
            _t("Profile of the enterprise", "Profil de l'entreprise", "Perfil de la empresa"),
            (
                *respondent,
                _q(
                    "select_one",
                    "respondent_role",
                    "What is your role in the enterprise?",
                    "Quel est votre rôle dans l'entreprise ?",
                    "¿Cuál es su rol en la empresa?",
                    choices="respondent_role",
                    required=True,
                ),
                _q(
                    "select_one",
                    "respondent_sex",
                    "Sex of the person interviewed",
                    "Sexe de la personne interrogée",
                    "Sexo de la persona entrevistada",
                    choices="sex",
                ),
                _q(
                    "integer",
                    "year_founded",
                    "In which year was the enterprise founded?",
                    "En quelle année l'entreprise a-t-elle été créée ?",
                    "¿En qué año se fundó la empresa?",
                    minimum=1900,
                    constraint=YEAR,
                ),
                _q(
                    "select_one",
                    "legal_status",
                    "Legal status",
                    "Statut juridique",
                    "Forma jurídica",
                    choices="legal_status",
                    required=True,
                ),
                _q(
                    "select_one",
                    "tax_registered",
                    "Is the enterprise registered with the tax authority?",
                    "L'entreprise est-elle immatriculée auprès de l'administration fiscale ?",
                    "¿Está la empresa inscrita en la administración tributaria?",
                    choices="yes_no",
                ),
                _q(
                    "select_one",
                    "owner_sex",
                    "Who owns the enterprise?",
                    "Qui est propriétaire de l'entreprise ?",
                    "¿Quién es dueño de la empresa?",
                    choices="owner_sex",
                    required=True,
                ),
                _q(
                    "select_one",
                    "owner_age",
                    "Age of the main owner",
                    "Âge du propriétaire principal",
                    "Edad del dueño principal",
                    choices="age_group",
                ),
                _q(
                    "text",
                    "main_product",
                    "What are the enterprise's main products?",
                    "Quels sont les principaux produits de l'entreprise ?",
                    "¿Cuáles son los principales productos de la empresa?",
                ),
                _q(
                    "select_one",
                    "premises",
                    "Where does the enterprise work?",
                    "Où l'entreprise travaille-t-elle ?",
                    "¿Dónde trabaja la empresa?",
                    choices="premises",
                ),
            ),
        ),
        _group(
            "employment",
            _t("Employment", "Emploi", "Empleo"),
            (
                _q(
                    "integer",
                    "employees_women",
                    "How many women work in the enterprise, owners included?",
                    "Combien de femmes travaillent dans l'entreprise, propriétaires compris ?",
                    "¿Cuántas mujeres trabajan en la empresa, incluidas las dueñas?",
                    minimum=0,
                    maximum=100000,
                    required=True,
                    hint=NORMAL_MONTH,
                ),
                _q(
                    "integer",
                    "employees_men",
                    "How many men work in the enterprise, owners included?",
                    "Combien d'hommes travaillent dans l'entreprise, propriétaires compris ?",
                    "¿Cuántos hombres trabajan en la empresa, incluidos los dueños?",
                    minimum=0,
                    maximum=100000,
                    required=True,
                    hint=NORMAL_MONTH,
                ),
                Question(
                    "calculate",
                    "employees_total",
                    calculation="coalesce(${employees_women}, 0) + coalesce(${employees_men}, 0)",
                ),
                _q(
                    "integer",
                    "employees_family",
                    "Of them, how many are unpaid family members?",
                    "Parmi eux, combien sont des membres de la famille non rémunérés ?",
                    "De ellos, ¿cuántos son familiares no remunerados?",
                    minimum=0,
                    constraint=". <= ${employees_total}",
                    message=AT_MOST_TOTAL,
                ),
                _q(
                    "integer",
                    "employees_youth",
                    "Of them, how many are under 25?",
                    "Parmi eux, combien ont moins de 25 ans ?",
                    "De ellos, ¿cuántos tienen menos de 25 años?",
                    minimum=0,
                    constraint=". <= ${employees_total}",
                    message=AT_MOST_TOTAL,
                ),
                _q(
                    "integer",
                    "employees_seasonal",
                    "How many more seasonal or temporary workers does it hire in the peak season?",
                    "Combien de saisonniers ou temporaires embauche-t-elle en plus en haute saison ?",
                    "¿Cuántos trabajadores temporales adicionales contrata en temporada alta?",
                    minimum=0,
                    maximum=100000,
                ),
                _q(
                    "select_one",
                    "social_security",
                    "Are the paid workers registered with social security?",
                    "Les salariés sont-ils déclarés à la sécurité sociale ?",
                    "¿Están los trabajadores remunerados afiliados a la seguridad social?",
                    choices="yes_no",
                ),
                _q(
                    "decimal",
                    "wage_worker",
                    "Usual monthly wage of a production worker (local currency)",
                    "Salaire mensuel habituel d'un ouvrier de production (monnaie locale)",
                    "Salario mensual habitual de un operario (moneda local)",
                    minimum=0,
                ),
            ),
        ),
        _group(
            "production",
            _t("Production and technology", "Production et technologie", "Producción y tecnología"),
            (
                _q(
                    "select_one",
                    "capacity_use",
                    "How much of its production capacity does the enterprise use?",
                    "Quelle part de sa capacité de production l'entreprise utilise-t-elle ?",
                    "¿Qué parte de su capacidad de producción utiliza la empresa?",
                    choices="capacity_use",
                ),
                _q(
                    "select_one",
                    "sales_trend",
                    "Compared with three years ago, sales have…",
                    "Par rapport à il y a trois ans, les ventes sont…",
                    "Comparadas con hace tres años, las ventas…",
                    choices="trend",
                ),
                _q(
                    "decimal",
                    "sales_last_year",
                    "Sales last year (local currency)",
                    "Chiffre d'affaires de l'an dernier (monnaie locale)",
                    "Ventas del año pasado (moneda local)",
                    minimum=0,
                    hint=_t(
                        "An estimate is fine; leave empty if the respondent prefers not to say.",
                        "Une estimation suffit ; laisser vide si la personne préfère ne pas "
                        "répondre.",
                        "Basta una estimación; deje vacío si la persona prefiere no responder.",
                    ),
                ),
                _q(
                    "select_one",
                    "equipment_age",
                    "Average age of the main machinery",
                    "Âge moyen des principales machines",
                    "Edad promedio de la maquinaria principal",
                    choices="equipment_age",
                ),
                _q(
                    "select_one",
                    "technology",
                    "How is the production done?",
                    "Comment la production est-elle réalisée ?",
                    "¿Cómo se realiza la producción?",
                    choices="technology",
                ),
                _q(
                    "select_one",
                    "new_technology",
                    "In the last three years, has the enterprise introduced new machinery or a new "
                    "production process?",
                    "Au cours des trois dernières années, l'entreprise a-t-elle introduit de "
                    "nouvelles machines ou un nouveau procédé ?",
                    "En los últimos tres años, ¿ha introducido la empresa maquinaria o procesos "
                    "nuevos?",
                    choices="yes_no",
                ),
                _q(
                    "select_one",
                    "new_products",
                    "In the last three years, has it launched new or much improved products?",
                    "Au cours des trois dernières années, a-t-elle lancé des produits nouveaux ou "
                    "nettement améliorés ?",
                    "En los últimos tres años, ¿ha lanzado productos nuevos o muy mejorados?",
                    choices="yes_no",
                ),
                _q(
                    "select_multiple",
                    "design_sources",
                    "Where do the product designs come from?",
                    "D'où viennent les modèles des produits ?",
                    "¿De dónde vienen los diseños?",
                    choices="design",
                ),
            ),
        ),
        _group(
            "markets",
            _t("Markets", "Marchés", "Mercados"),
            (
                _q(
                    "integer",
                    "share_local",
                    "Share of sales in the local area (%)",
                    "Part des ventes dans la localité (%)",
                    "Porcentaje de ventas en la localidad",
                    minimum=0,
                    maximum=100,
                    required=True,
                ),
                _q(
                    "integer",
                    "share_national",
                    "Share of sales elsewhere in the country (%)",
                    "Part des ventes ailleurs dans le pays (%)",
                    "Porcentaje de ventas en el resto del país",
                    minimum=0,
                    maximum=100,
                    required=True,
                ),
                _q(
                    "integer",
                    "share_export",
                    "Share of sales abroad (%)",
                    "Part des ventes à l'étranger (%)",
                    "Porcentaje de ventas al exterior",
                    minimum=0,
                    maximum=100,
                    required=True,
                    constraint="${share_local} + ${share_national} + . = 100",
                    message=_t(
                        "The three shares must add up to 100.",
                        "Les trois parts doivent faire 100 au total.",
                        "Los tres porcentajes deben sumar 100.",
                    ),
                ),
                _q(
                    "select_multiple",
                    "main_buyers",
                    "Who are the main buyers?",
                    "Qui sont les principaux acheteurs ?",
                    "¿Quiénes son los principales compradores?",
                    choices="buyers",
                ),
                _q(
                    "text",
                    "export_destinations",
                    "To which countries does it sell?",
                    "Dans quels pays vend-elle ?",
                    "¿A qué países vende?",
                    relevant="${share_export} > 0",
                ),
                _q(
                    "select_one",
                    "new_markets",
                    "In the last three years, has the enterprise found new buyers or markets?",
                    "Au cours des trois dernières années, l'entreprise a-t-elle trouvé de nouveaux "
                    "acheteurs ou marchés ?",
                    "En los últimos tres años, ¿ha encontrado la empresa nuevos compradores o "
                    "mercados?",
                    choices="yes_no",
                ),
            ),
        ),
        _group(
            "inputs",
            _t("Inputs and suppliers", "Intrants et fournisseurs", "Insumos y proveedores"),
            (
                _q(
                    "text",
                    "main_inputs",
                    "What are the main raw materials and inputs?",
                    "Quels sont les principaux intrants et matières premières ?",
                    "¿Cuáles son las principales materias primas e insumos?",
                ),
                _q(
                    "select_multiple",
                    "input_sources",
                    "Where does the enterprise buy them?",
                    "Où l'entreprise les achète-t-elle ?",
                    "¿Dónde los compra la empresa?",
                    choices="input_sources",
                ),
                _q(
                    "select_multiple",
                    "input_problems",
                    "What problems does it have with inputs?",
                    "Quels problèmes rencontre-t-elle pour les intrants ?",
                    "¿Qué problemas tiene con los insumos?",
                    choices="input_problems",
                    constraint=NONE_ALONE,
                    message=NONE_ALONE_MESSAGE,
                ),
                _q(
                    "select_one",
                    "buys_jointly",
                    "Does it buy inputs together with other enterprises today?",
                    "Achète-t-elle aujourd'hui des intrants avec d'autres entreprises ?",
                    "¿Compra hoy insumos junto con otras empresas?",
                    choices="yes_no",
                ),
            ),
        ),
        _group(
            "quality",
            _t("Quality and certification", "Qualité et certification", "Calidad y certificación"),
            (
                _q(
                    "select_one",
                    "quality_control",
                    "How does the enterprise control quality?",
                    "Comment l'entreprise contrôle-t-elle la qualité ?",
                    "¿Cómo controla la empresa la calidad?",
                    choices="quality_control",
                ),
                _q(
                    "select_multiple",
                    "certifications",
                    "Which certifications does it hold?",
                    "Quelles certifications détient-elle ?",
                    "¿Qué certificaciones tiene?",
                    choices="certifications",
                    constraint=NONE_ALONE,
                    message=NONE_ALONE_MESSAGE,
                ),
                _q(
                    "select_one",
                    "buyer_standards",
                    "Do the main buyers require specific standards or certificates?",
                    "Les principaux acheteurs exigent-ils des normes ou certificats ?",
                    "¿Exigen los principales compradores normas o certificados?",
                    choices="yes_no",
                ),
            ),
        ),
        _group(
            "finance",
            _t("Access to finance", "Accès au financement", "Acceso al financiamiento"),
            (
                _q(
                    "select_one",
                    "finance_applied",
                    "In the last three years, did the enterprise apply for a loan?",
                    "Au cours des trois dernières années, l'entreprise a-t-elle demandé un prêt ?",
                    "En los últimos tres años, ¿solicitó la empresa un préstamo?",
                    choices="yes_no",
                    required=True,
                ),
                _q(
                    "select_multiple",
                    "finance_sources",
                    "To whom?",
                    "Auprès de qui ?",
                    "¿A quién?",
                    choices="finance_sources",
                    relevant="${finance_applied} = 'yes'",
                ),
                _q(
                    "select_one",
                    "finance_refused",
                    "Was any application turned down?",
                    "Une demande a-t-elle été refusée ?",
                    "¿Le negaron alguna solicitud?",
                    choices="yes_no",
                    relevant="${finance_applied} = 'yes'",
                ),
                _q(
                    "select_multiple",
                    "finance_obstacles",
                    "Why did it not apply?",
                    "Pourquoi n'a-t-elle pas fait de demande ?",
                    "¿Por qué no lo solicitó?",
                    choices="finance_obstacles",
                    relevant="${finance_applied} = 'no'",
                ),
                _q(
                    "select_one",
                    "finance_need",
                    "Does the enterprise need finance to invest in the next two years?",
                    "L'entreprise a-t-elle besoin d'un financement pour investir dans les deux ans ?",
                    "¿Necesita la empresa financiamiento para invertir en los próximos dos años?",
                    choices="yes_no",
                ),
            ),
        ),
        _group(
            "services",
            _t("Business services", "Services aux entreprises", "Servicios empresariales"),
            (
                _q(
                    "select_multiple",
                    "services_used",
                    "Which services has the enterprise used in the last two years?",
                    "Quels services l'entreprise a-t-elle utilisés ces deux dernières années ?",
                    "¿Qué servicios ha usado la empresa en los últimos dos años?",
                    choices="services",
                    constraint=NONE_ALONE,
                    message=NONE_ALONE_MESSAGE,
                    choice_filter="name != 'advocacy' and name != 'permits'",
                ),
                _q(
                    "select_multiple_from_file",
                    "service_providers",
                    "Which institutions of the cluster provided them?",
                    "Quelles institutions du cluster les ont fournis ?",
                    "¿Qué instituciones del clúster los prestaron?",
                    choices=ACTORS_FILE,
                    choice_filter="kind = 'institution'",
                    relevant=USED_SERVICES,
                ),
                _q(
                    "select_one",
                    "services_satisfaction",
                    "How satisfied is it with these services?",
                    "Quelle est sa satisfaction pour ces services ?",
                    "¿Qué tan satisfecha está con esos servicios?",
                    choices="satisfaction",
                    relevant=USED_SERVICES,
                    appearance="likert",
                ),
                _q(
                    "select_one",
                    "association_member",
                    "Is the enterprise a member of a business association or chamber?",
                    "L'entreprise est-elle membre d'une association professionnelle ou d'une "
                    "chambre ?",
                    "¿Es la empresa socia de un gremio, asociación o cámara?",
                    choices="yes_no",
                ),
            ),
        ),
        _group(
            "constraints",
            _t("Main constraints", "Principales contraintes", "Principales limitaciones"),
            (
                _q(
                    "select_multiple",
                    "main_constraints",
                    "What are the main constraints on the enterprise's growth?",
                    "Quelles sont les principales contraintes à la croissance de l'entreprise ?",
                    "¿Cuáles son las principales limitaciones para el crecimiento de la empresa?",
                    choices="constraints",
                    required=True,
                    hint=_t(
                        "Read the list; choose all that apply.",
                        "Lire la liste ; choisir toutes les réponses qui s'appliquent.",
                        "Lea la lista; marque todas las que correspondan.",
                    ),
                ),
                _q(
                    "text",
                    "constraint_other",
                    "Which other constraint?",
                    "Quelle autre contrainte ?",
                    "¿Qué otra limitación?",
                    relevant="selected(${main_constraints}, 'other')",
                    required=True,
                ),
                _rank(
                    1,
                    _t(
                        "Which is the most important?",
                        "Laquelle est la plus importante ?",
                        "¿Cuál es la más importante?",
                    ),
                ),
                _rank(
                    2,
                    _t(
                        "And the second most important?",
                        "Et la deuxième ?",
                        "¿Y la segunda más importante?",
                    ),
                ),
                _rank(3, _t("And the third?", "Et la troisième ?", "¿Y la tercera?")),
            ),
        ),
        _group(
            "cooperation",
            _t("Cooperation", "Coopération", "Cooperación"),
            (
                _q(
                    "select_one",
                    "coop_past",
                    "In the last three years, has the enterprise done anything jointly with other "
                    "enterprises of the cluster?",
                    "Au cours des trois dernières années, l'entreprise a-t-elle mené des activités "
                    "avec d'autres entreprises du cluster ?",
                    "En los últimos tres años, ¿ha realizado la empresa alguna actividad junto con "
                    "otras empresas del clúster?",
                    choices="yes_no",
                    required=True,
                ),
                _q(
                    "select_multiple",
                    "coop_past_activities",
                    "Which activities?",
                    "Quelles activités ?",
                    "¿Qué actividades?",
                    choices="joint_activities",
                    relevant="${coop_past} = 'yes'",
                ),
                _willing(
                    "coop_purchasing",
                    _t(
                        "Would it take part in joint purchasing of inputs?",
                        "Participerait-elle à des achats groupés d'intrants ?",
                        "¿Participaría en compras conjuntas de insumos?",
                    ),
                ),
                _willing(
                    "coop_marketing",
                    _t(
                        "Would it take part in joint marketing (shared brand, trade fairs, joint sales)?",
                        "Participerait-elle à une commercialisation commune (marque, salons, ventes) ?",
                        "¿Participaría en comercialización conjunta (marca, ferias, ventas)?",
                    ),
                ),
                _willing(
                    "coop_equipment",
                    _t(
                        "Would it share equipment or a common facility?",
                        "Partagerait-elle des équipements ou une installation commune ?",
                        "¿Compartiría equipos o una instalación común?",
                    ),
                ),
                _willing(
                    "coop_training",
                    _t(
                        "Would it take part in joint training of workers?",
                        "Participerait-elle à des formations communes du personnel ?",
                        "¿Participaría en capacitaciones conjuntas de sus trabajadores?",
                    ),
                ),
                _q(
                    "select_one",
                    "coop_cost_share",
                    "Would it pay its share of the cost of joint actions that benefit it?",
                    "Paierait-elle sa part du coût des actions conjointes dont elle bénéficie ?",
                    "¿Pagaría su parte del costo de las acciones conjuntas que la beneficien?",
                    choices="cost_share",
                ),
            ),
        ),
        _group(
            "trust",
            _t("Trust", "Confiance", "Confianza"),
            (
                _q(
                    "note",
                    "trust_note",
                    "How much do you agree with each statement?",
                    "Dans quelle mesure êtes-vous d'accord avec chaque affirmation ?",
                    "¿Qué tan de acuerdo está con cada afirmación?",
                ),
                *_trust_items(ENTERPRISE_TRUST),
            ),
            appearance="field-list",
        ),
        *_indicator_groups(indicators),
        _closing(),
    )
    title = f"Enterprise survey – {cluster.name}"
    return _build("enterprise", cluster, title, body, actors, indicators, version)


def institution_form(
    cluster: ClusterInfo,
    indicators: Sequence[IndicatorQuestion] = (),
    *,
    actors: Sequence[ActorRow] = (),
    version: str | None = None,
) -> Form:
    """The support-institution survey: type, services offered, clients in the cluster, staff and
    capacity, gaps, cooperation with other institutions (picked from ``actors.csv``) and trust.

    >>> from clusterdev.surveys import ClusterInfo, institution_form
    >>> form = institution_form(ClusterInfo("atuntaqui-garment", "Atuntaqui garment cluster"))
    >>> form.field("clients_cluster").path
    ('clients',)
    """
    respondent = _respondent(
        "institution",
        _t(
            "Which institution is this?",
            "De quelle institution s'agit-il ?",
            "¿Qué institución es?",
        ),
    )
    body = (
        _intro(
            cluster,
            _t(
                f"Survey of the support institutions of the {cluster.name}: the services they "
                "offer the cluster's enterprises, their capacity and the gaps they see.",
                f"Enquête auprès des institutions d'appui du cluster « {cluster.name} » : services "
                "offerts aux entreprises, capacités et manques constatés.",
                f"Encuesta a las instituciones de apoyo del clúster «{cluster.name}»: servicios "
                "que ofrecen a las empresas, capacidades y vacíos.",
            ),
            location=_t(
                "Location of the institution",
                "Emplacement de l'institution",
                "Ubicación de la institución",
            ),
        ),
        _group(
            "profile",
            _t("The institution", "L'institution", "La institución"),
            (
                *respondent,
                _q(
                    "text",
                    "respondent_position",
                    "Position of the person interviewed",
                    "Fonction de la personne interrogée",
                    "Cargo de la persona entrevistada",
                ),
                _q(
                    "select_one",
                    "respondent_sex",
                    "Sex of the person interviewed",
                    "Sexe de la personne interrogée",
                    "Sexo de la persona entrevistada",
                    choices="sex",
                ),
                _q(
                    "select_one",
                    "institution_type",
                    "Type of institution",
                    "Type d'institution",
                    "Tipo de institución",
                    choices="institution_type",
                    required=True,
                ),
                _q(
                    "select_one",
                    "ownership",
                    "Ownership",
                    "Statut",
                    "Naturaleza",
                    choices="ownership",
                ),
                _q(
                    "integer",
                    "year_founded",
                    "In which year was the institution founded?",
                    "En quelle année l'institution a-t-elle été créée ?",
                    "¿En qué año se fundó la institución?",
                    minimum=1800,
                    constraint=YEAR,
                ),
            ),
        ),
        _group(
            "offer",
            _t("Services offered", "Services offerts", "Servicios ofrecidos"),
            (
                _q(
                    "select_multiple",
                    "services_offered",
                    "Which services does the institution offer enterprises?",
                    "Quels services l'institution offre-t-elle aux entreprises ?",
                    "¿Qué servicios ofrece la institución a las empresas?",
                    choices="services",
                    choice_filter="name != 'none'",
                    required=True,
                ),
                _q(
                    "text",
                    "main_service",
                    "Which of them do the cluster's enterprises use most?",
                    "Lequel les entreprises du cluster utilisent-elles le plus ?",
                    "¿Cuál usan más las empresas del clúster?",
                ),
                _q(
                    "select_one",
                    "service_fees",
                    "Are the services paid for?",
                    "Les services sont-ils payants ?",
                    "¿Los servicios se pagan?",
                    choices="fees",
                ),
            ),
        ),
        _group(
            "clients",
            _t("Clients in the cluster", "Clients dans le cluster", "Clientes en el clúster"),
            (
                _q(
                    "integer",
                    "clients_cluster",
                    "How many enterprises of the cluster used its services in the last 12 months?",
                    "Combien d'entreprises du cluster ont utilisé ses services ces 12 derniers mois ?",
                    "¿Cuántas empresas del clúster usaron sus servicios en los últimos 12 meses?",
                    minimum=0,
                    maximum=100000,
                    required=True,
                ),
                _q(
                    "integer",
                    "clients_women_owned",
                    "Of them, how many are owned by women?",
                    "Parmi elles, combien appartiennent à des femmes ?",
                    "De ellas, ¿cuántas son de mujeres?",
                    minimum=0,
                    constraint=". <= ${clients_cluster}",
                    message=_t(
                        "Cannot be more than the enterprises of the cluster served.",
                        "Ne peut dépasser le nombre d'entreprises du cluster servies.",
                        "No puede superar el número de empresas del clúster atendidas.",
                    ),
                ),
                _q(
                    "select_one",
                    "clients_share",
                    "What share of all its clients are enterprises of the cluster?",
                    "Quelle part de tous ses clients sont des entreprises du cluster ?",
                    "¿Qué parte de todos sus clientes son empresas del clúster?",
                    choices="share",
                ),
            ),
        ),
        _group(
            "capacity",
            _t("Staff and capacity", "Personnel et capacités", "Personal y capacidades"),
            (
                _q(
                    "integer",
                    "staff_total",
                    "How many people work for the institution?",
                    "Combien de personnes travaillent pour l'institution ?",
                    "¿Cuántas personas trabajan en la institución?",
                    minimum=0,
                    maximum=100000,
                    required=True,
                ),
                _q(
                    "integer",
                    "staff_women",
                    "Of them, how many are women?",
                    "Parmi elles, combien de femmes ?",
                    "De ellas, ¿cuántas son mujeres?",
                    minimum=0,
                    constraint=". <= ${staff_total}",
                    message=AT_MOST_STAFF,
                ),
                _q(
                    "integer",
                    "staff_advisers",
                    "How many of them advise or train enterprises?",
                    "Combien d'entre elles conseillent ou forment des entreprises ?",
                    "¿Cuántas de ellas asesoran o capacitan a empresas?",
                    minimum=0,
                    constraint=". <= ${staff_total}",
                    message=AT_MOST_STAFF,
                ),
                _q(
                    "select_multiple",
                    "funding",
                    "Where does its funding come from?",
                    "D'où vient son financement ?",
                    "¿De dónde proviene su financiamiento?",
                    choices="funding",
                ),
                _q(
                    "note",
                    "capacity_note",
                    "How much do you agree with each statement?",
                    "Dans quelle mesure êtes-vous d'accord avec chaque affirmation ?",
                    "¿Qué tan de acuerdo está con cada afirmación?",
                ),
                *_trust_items(CAPACITY_ITEMS),
            ),
        ),
        _group(
            "gaps",
            _t("Gaps", "Manques", "Vacíos"),
            (
                _q(
                    "select_multiple",
                    "capacity_gaps",
                    "What does the institution lack most to serve the cluster?",
                    "Que manque-t-il le plus à l'institution pour servir le cluster ?",
                    "¿Qué le falta más a la institución para atender al clúster?",
                    choices="gaps",
                    constraint=NONE_ALONE,
                    message=NONE_ALONE_MESSAGE,
                ),
                _q(
                    "text",
                    "services_missing",
                    "Which services do the cluster's enterprises need that no one offers today?",
                    "De quels services les entreprises du cluster ont-elles besoin que personne "
                    "n'offre aujourd'hui ?",
                    "¿Qué servicios necesitan las empresas del clúster que hoy nadie ofrece?",
                ),
                _q(
                    "select_multiple",
                    "enterprise_constraints",
                    "In your view, what holds the cluster's enterprises back most?",
                    "Selon vous, qu'est-ce qui freine le plus les entreprises du cluster ?",
                    "En su opinión, ¿qué frena más a las empresas del clúster?",
                    choices="constraints",
                ),
            ),
        ),
        _group(
            "cooperation",
            _t("Cooperation", "Coopération", "Cooperación"),
            (
                _q(
                    "select_multiple_from_file",
                    "partner_institutions",
                    "With which institutions of the cluster does it cooperate regularly?",
                    "Avec quelles institutions du cluster coopère-t-elle régulièrement ?",
                    "¿Con qué instituciones del clúster coopera regularmente?",
                    choices=ACTORS_FILE,
                    choice_filter="kind = 'institution' and name != ${respondent}",
                ),
                _q(
                    "select_one",
                    "cooperation_willing",
                    "Would the institution take part in a cluster development initiative?",
                    "L'institution participerait-elle à une initiative de développement du cluster ?",
                    "¿Participaría la institución en una iniciativa de desarrollo del clúster?",
                    choices="willingness",
                    required=True,
                ),
                _q(
                    "select_multiple",
                    "cooperation_roles",
                    "In which roles?",
                    "Dans quels rôles ?",
                    "¿En qué roles?",
                    choices="roles",
                    relevant="${cooperation_willing} != 'no'",
                    constraint=NONE_ALONE,
                    message=NONE_ALONE_MESSAGE,
                ),
                _q(
                    "note",
                    "trust_note",
                    "How much do you agree with each statement?",
                    "Dans quelle mesure êtes-vous d'accord avec chaque affirmation ?",
                    "¿Qué tan de acuerdo está con cada afirmación?",
                ),
                *_trust_items(INSTITUTION_TRUST),
            ),
        ),
        *_indicator_groups(indicators),
        _closing(),
    )
    title = f"Support institution survey – {cluster.name}"
    return _build("institution", cluster, title, body, actors, indicators, version)


def network_form(
    cluster: ClusterInfo, actors: Sequence[ActorRow], *, version: str | None = None
) -> Form:
    """The network name generator: the respondent picks their own organisation from
    ``actors.csv``, then names partners one by one from the same file (themselves and partners
    already named are filtered out; *Other* lets them type a name that is not in the register),
    and for each tie says its types, its frequency and whether a written agreement exists.

    >>> from clusterdev.surveys import ActorRow, ClusterInfo, network_form
    >>> actors = [ActorRow(1, "Textiles Andrade", "enterprise", "Atuntaqui")]
    >>> form = network_form(ClusterInfo("atuntaqui-garment", "Atuntaqui garment"), actors)
    >>> form.repeats(), form.field("tie_types").repeat
    (['partners'], 'partners')
    """
    partner_filter = (
        "name != ${respondent} and "
        f"(name = '{OTHER}' or name = current() or not(selected(${{named_partners}}, name)))"
    )
    body = (
        _intro(
            cluster,
            _t(
                f"Who works with whom in the {cluster.name}? Answers are confidential: the network "
                "map shown to the cluster does not reveal who named whom.",
                f"Qui travaille avec qui dans le cluster « {cluster.name} » ? Les réponses sont "
                "confidentielles : la carte du réseau présentée ne révèle pas qui a cité qui.",
                f"¿Quién trabaja con quién en el clúster «{cluster.name}»? Las respuestas son "
                "confidenciales: el mapa de la red no revela quién nombró a quién.",
            ),
            location=None,
        ),
        _group(
            "respondent_group",
            _t("Respondent", "Répondant", "Informante"),
            (
                _q(
                    "select_one_from_file",
                    "respondent",
                    "Which enterprise or institution does the respondent speak for?",
                    "Pour quelle entreprise ou institution la personne répond-elle ?",
                    "¿En nombre de qué empresa o institución responde la persona?",
                    choices=ACTORS_FILE,
                    choice_filter=f"name != '{OTHER}'",
                    required=True,
                    appearance="autocomplete",
                    hint=REGISTER_HINT,
                ),
                Question("calculate", "respondent_name", calculation=ACTOR_LABEL),
                _q(
                    "text",
                    "respondent_position",
                    "Position of the person interviewed",
                    "Fonction de la personne interrogée",
                    "Cargo de la persona entrevistada",
                ),
                _q(
                    "note",
                    "partners_note",
                    "Now name, one by one, the enterprises and institutions of the cluster that "
                    "${respondent_name} has had dealings with in the last 12 months: exchanging "
                    "information or advice, doing business, acting jointly, or that it trusts.",
                    "Citez maintenant, une par une, les entreprises et institutions du cluster avec "
                    "lesquelles ${respondent_name} a eu affaire ces 12 derniers mois : échange "
                    "d'informations ou de conseils, affaires, actions conjointes, ou en qui elle a "
                    "confiance.",
                    "Nombre ahora, una por una, las empresas e instituciones del clúster con las que "
                    "${respondent_name} ha tenido relación en los últimos 12 meses: intercambio de "
                    "información o consejos, negocios, acciones conjuntas, o en quienes confía.",
                ),
                Question("calculate", "named_partners", calculation="join(' ', ${partner})"),
            ),
        ),
        Group(
            "partners",
            _t("Partner", "Partenaire", "Socio"),
            (
                _q(
                    "select_one_from_file",
                    "partner",
                    "Partner of ${respondent_name}",
                    "Partenaire de ${respondent_name}",
                    "Socio de ${respondent_name}",
                    choices=ACTORS_FILE,
                    choice_filter=partner_filter,
                    required=True,
                    appearance="autocomplete",
                    hint=SEARCH_HINT,
                ),
                _q(
                    "text",
                    "partner_other",
                    "Name of the partner (not in the list)",
                    "Nom du partenaire (absent de la liste)",
                    "Nombre del socio (no está en la lista)",
                    relevant=f"${{partner}} = '{OTHER}'",
                    required=True,
                    hint=_t(
                        "The name people in the cluster know it by, and its town.",
                        "Le nom sous lequel on le connaît dans le cluster, et sa ville.",
                        "El nombre con que se le conoce en el clúster, y su ciudad.",
                    ),
                ),
                _q(
                    "select_multiple",
                    "tie_types",
                    "What kind of relationship is it?",
                    "De quel type de relation s'agit-il ?",
                    "¿Qué tipo de relación es?",
                    choices="tie_types",
                    required=True,
                ),
                _q(
                    "select_one",
                    "frequency",
                    "How often were they in contact in the last 12 months?",
                    "À quelle fréquence ont-ils été en contact ces 12 derniers mois ?",
                    "¿Con qué frecuencia tuvieron contacto en los últimos 12 meses?",
                    choices="frequency",
                    required=True,
                ),
                _q(
                    "select_one",
                    "formal",
                    "Is there a formal (written) agreement with this partner?",
                    "Existe-t-il un accord formel (écrit) avec ce partenaire ?",
                    "¿Hay un acuerdo formal (escrito) con este socio?",
                    choices="yes_no",
                    required=True,
                ),
            ),
            repeat=True,
            relevant=CONSENTED,
        ),
        _closing(),
    )
    title = f"Network survey – {cluster.name}"
    return _build("network", cluster, title, body, actors, (), version)


def indicator_question_name(code: str) -> str:
    """The question name the surveys give the indicator ``code``: ``ind_`` then the code in
    lower case, with every run of other characters than letters and digits made one ``_``.

    >>> indicator_question_name("OC-3.1 Firms with new buyers")
    'ind_oc_3_1_firms_with_new_buyers'
    """
    slug = re.sub(r"[^a-z0-9]+", "_", code.strip().lower()).strip("_")
    if not slug:
        raise FormError(f"indicator code {code!r} has no letter or digit to name its question")
    return f"ind_{slug}"


# --------------------------------------------------------------------------------------------
# Shared pieces


def _t(en: str, fr: str, es: str) -> Text:
    return Text(en, fr, es)


def _q(
    type: str,
    name: str,
    en: str,
    fr: str,
    es: str,
    *,
    choices: str = "",
    required: bool = False,
    relevant: str = "",
    constraint: str = "",
    message: Text | None = None,
    minimum: float | None = None,
    maximum: float | None = None,
    choice_filter: str = "",
    appearance: str = "",
    hint: Text | None = None,
) -> Question:
    return Question(
        type,
        name,
        label=Text(en, fr, es),
        hint=hint,
        choices=choices,
        required=required,
        relevant=relevant,
        constraint=constraint,
        constraint_message=message,
        minimum=minimum,
        maximum=maximum,
        choice_filter=choice_filter,
        appearance=appearance,
    )


def _group(
    name: str,
    label: Text,
    children: tuple[Question | Group, ...],
    *,
    appearance: str = "",
) -> Group:
    return Group(name, label, children, relevant=CONSENTED, appearance=appearance)


NORMAL_MONTH = _t(
    "Count the people working in a normal month.",
    "Compter les personnes qui travaillent un mois normal.",
    "Cuente las personas que trabajan en un mes normal.",
)
AT_MOST_TOTAL = _t(
    "Cannot be more than the women and men employed.",
    "Ne peut dépasser le nombre de femmes et d'hommes employés.",
    "No puede superar el número de mujeres y hombres empleados.",
)
AT_MOST_STAFF = _t(
    "Cannot be more than the staff.",
    "Ne peut dépasser l'effectif.",
    "No puede superar el personal total.",
)
NONE_ALONE = "not(selected(., 'none')) or count-selected(.) = 1"
NONE_ALONE_MESSAGE = _t(
    "'None' cannot be chosen with other answers.",
    "« Aucun » ne peut être choisi avec d'autres réponses.",
    "«Ninguno» no puede elegirse junto con otras respuestas.",
)
USED_SERVICES = "count-selected(${services_used}) > 0 and not(selected(${services_used}, 'none'))"
REGISTER_HINT = _t(
    "Type part of the name to search. An organisation missing from the list must be added to "
    "the actor register first, then the form's actors.csv updated.",
    "Taper une partie du nom pour chercher. Une organisation absente de la liste doit d'abord "
    "être ajoutée au registre des acteurs, puis le fichier actors.csv du formulaire mis à jour.",
    "Escriba parte del nombre para buscar. Una organización que no está en la lista debe "
    "agregarse primero al registro de actores y luego actualizarse el actors.csv del formulario.",
)
SEARCH_HINT = _t(
    "Type part of the name to search; choose 'Other' if it is not in the list.",
    "Taper une partie du nom pour chercher ; choisir « Autre » s'il est absent de la liste.",
    "Escriba parte del nombre para buscar; elija «Otro» si no está en la lista.",
)
ACTOR_LABEL = "instance('actors')/root/item[name = ${respondent}]/label"

ENTERPRISE_TRUST = (
    (
        "trust_firms",
        _t(
            "Most enterprises in this cluster can be trusted.",
            "On peut faire confiance à la plupart des entreprises de ce cluster.",
            "Se puede confiar en la mayoría de las empresas de este clúster.",
        ),
    ),
    (
        "trust_word",
        _t(
            "Enterprises here keep their word, even without a written contract.",
            "Ici, les entreprises tiennent parole, même sans contrat écrit.",
            "Aquí las empresas cumplen su palabra, aun sin contrato escrito.",
        ),
    ),
    (
        "trust_share",
        _t(
            "I am willing to share information on markets or suppliers with other "
            "enterprises of the cluster.",
            "Je suis prêt à partager des informations sur les marchés ou les "
            "fournisseurs avec d'autres entreprises du cluster.",
            "Estoy dispuesto a compartir información sobre mercados o proveedores "
            "con otras empresas del clúster.",
        ),
    ),
    (
        "trust_benefit",
        _t(
            "Working together with other enterprises would benefit my business.",
            "Travailler avec d'autres entreprises profiterait à mon entreprise.",
            "Trabajar junto con otras empresas beneficiaría a mi negocio.",
        ),
    ),
    (
        "trust_institutions",
        _t(
            "The support institutions here act in the interest of enterprises like mine.",
            "Les institutions d'appui d'ici agissent dans l'intérêt d'entreprises comme la mienne.",
            "Las instituciones de apoyo de aquí actúan en interés de empresas como la mía.",
        ),
    ),
    (
        "trust_authorities",
        _t(
            "Local public authorities support the development of this cluster.",
            "Les autorités publiques locales soutiennent le développement de ce cluster.",
            "Las autoridades públicas locales apoyan el desarrollo de este clúster.",
        ),
    ),
)
CAPACITY_ITEMS = (
    (
        "capacity_staff",
        _t(
            "We have enough qualified staff to serve the cluster's enterprises.",
            "Nous avons assez de personnel qualifié pour servir les entreprises du cluster.",
            "Tenemos suficiente personal calificado para atender a las empresas del clúster.",
        ),
    ),
    (
        "capacity_equipment",
        _t(
            "Our equipment and facilities match what enterprises need.",
            "Nos équipements et installations répondent aux besoins des entreprises.",
            "Nuestros equipos e instalaciones responden a lo que necesitan las empresas.",
        ),
    ),
    (
        "capacity_sector",
        _t(
            "We know the cluster's sector, products and markets well.",
            "Nous connaissons bien le secteur, les produits et les marchés du cluster.",
            "Conocemos bien el sector, los productos y los mercados del clúster.",
        ),
    ),
    (
        "capacity_funding",
        _t(
            "Our funding is secure for the next two years.",
            "Notre financement est assuré pour les deux prochaines années.",
            "Nuestro financiamiento está asegurado para los próximos dos años.",
        ),
    ),
)
INSTITUTION_TRUST = (
    ("trust_firms", ENTERPRISE_TRUST[0][1]),
    (
        "trust_institutions_together",
        _t(
            "Support institutions in this cluster work well together.",
            "Les institutions d'appui de ce cluster travaillent bien ensemble.",
            "Las instituciones de apoyo de este clúster trabajan bien juntas.",
        ),
    ),
    ("trust_authorities", ENTERPRISE_TRUST[5][1]),
)


def _trust_items(items: tuple[tuple[str, Text], ...]) -> tuple[Question, ...]:
    return tuple(
        Question("select_one", name, label=text, choices="likert", appearance="likert")
        for name, text in items
    )


def _willing(name: str, label: Text) -> Question:
    return Question("select_one", name, label=label, choices="willingness")


def _rank(place: int, label: Text) -> Question:
    others = "".join(f" and name != ${{constraint_{k}}}" for k in range(1, place))
    return Question(
        "select_one",
        f"constraint_{place}",
        label=label,
        choices="constraints",
        choice_filter=f"selected(${{main_constraints}}, name){others}",
        relevant=f"count-selected(${{main_constraints}}) >= {place}",
        required=True,
    )


def _respondent(kind: str, label: Text) -> tuple[Question, ...]:
    """The respondent picked from actors.csv, a free-text name for 'Other', and the name."""
    return (
        Question(
            "select_one_from_file",
            "respondent",
            label=label,
            hint=SEARCH_HINT,
            choices=ACTORS_FILE,
            choice_filter=f"kind = '{kind}' or name = '{OTHER}'",
            required=True,
            appearance="autocomplete",
        ),
        _q(
            "text",
            "respondent_other",
            "Name (not in the list)",
            "Nom (absent de la liste)",
            "Nombre (no está en la lista)",
            relevant=f"${{respondent}} = '{OTHER}'",
            required=True,
        ),
        Question(
            "calculate",
            "respondent_name",
            calculation=f"if(${{respondent}} = '{OTHER}', ${{respondent_other}}, {ACTOR_LABEL})",
        ),
    )


def _intro(cluster: ClusterInfo, purpose: Text, *, location: Text | None) -> Group:
    children: list[Question | Group] = [
        Question("note", "purpose", label=purpose),
        _q(
            "text",
            "interviewer",
            "Name of the interviewer",
            "Nom de l'enquêteur",
            "Nombre del encuestador",
            required=True,
        ),
        _q(
            "select_one",
            "consent",
            "Does the person agree to answer? Participation is voluntary and answers are "
            "confidential.",
            "La personne accepte-t-elle de répondre ? La participation est volontaire et les "
            "réponses confidentielles.",
            "¿Acepta la persona responder? La participación es voluntaria y las respuestas son "
            "confidenciales.",
            choices="yes_no",
            required=True,
        ),
    ]
    if location is not None:
        children.append(
            Question(
                "geopoint",
                "location",
                label=location,
                relevant=CONSENTED,
                hint=_t(
                    "Record it at the premises.", "À relever sur place.", "Regístrela en el lugar."
                ),
            )
        )
    return Group("intro", _t("Interview", "Entretien", "Entrevista"), tuple(children))


def _closing() -> Group:
    return Group(
        "closing",
        _t("End of the interview", "Fin de l'entretien", "Fin de la entrevista"),
        (
            _q(
                "text",
                "comments",
                "Anything else the respondent would like to add?",
                "La personne souhaite-t-elle ajouter quelque chose ?",
                "¿Algo más que la persona quiera añadir?",
                relevant=CONSENTED,
            ),
            _q(
                "note",
                "thanks",
                "Thank the respondent for their time.",
                "Remercier la personne pour son temps.",
                "Agradezca a la persona por su tiempo.",
            ),
        ),
    )


def _indicator_groups(indicators: Sequence[IndicatorQuestion]) -> tuple[Group, ...]:
    """A group "Indicators" with one question per indicator, or nothing without indicators."""
    if not indicators:
        return ()
    questions: list[Question | Group] = []
    codes: dict[str, str] = {}
    for indicator in indicators:
        name = indicator_question_name(indicator.code)
        if name in codes:
            raise FormError(
                f"indicators {codes[name]!r} and {indicator.code!r} would both be "
                f"asked as {name!r}: make their codes differ in letters or digits"
            )
        codes[name] = indicator.code
        if not indicator.label_en.strip():
            raise FormError(f"indicator {indicator.code!r}: no English label")
        if indicator.measure not in MEASURES:
            raise FormError(
                f"indicator {indicator.code!r}: measure {indicator.measure!r} is "
                f"not one of {', '.join(MEASURES)}"
            )
        label = Text(
            indicator.label_en,
            indicator.label_fr or indicator.label_en,
            indicator.label_es or indicator.label_en,
        )
        unit = indicator.unit.strip()
        hint = _t(f"Unit: {unit}", f"Unité : {unit}", f"Unidad: {unit}") if unit else None
        questions.append(_indicator_question(indicator, name, label, hint))
    return (
        Group(
            "indicators",
            _t("Indicators", "Indicateurs", "Indicadores"),
            tuple(questions),
            relevant=CONSENTED,
        ),
    )


def _indicator_question(
    indicator: IndicatorQuestion, name: str, label: Text, hint: Text | None
) -> Question:
    if indicator.measure == "percentage":
        return Question("decimal", name, label=label, hint=hint, minimum=0, maximum=100)
    if indicator.measure == "ordinal":
        return Question("select_one", name, label=label, hint=hint, choices="rating")
    if indicator.measure == "qualitative":
        return Question("text", name, label=label, hint=hint)
    return Question("decimal", name, label=label, hint=hint)


def _build(
    kind: InstrumentKind,
    cluster: ClusterInfo,
    title: str,
    body: tuple[Question | Group, ...],
    actors: Sequence[ActorRow],
    indicators: Sequence[IndicatorQuestion],
    version: str | None,
) -> Form:
    """The form with its metadata, choice lists and version; the form id and version are also
    recorded in each submission (as calculations) so that an import can check them."""
    if not cluster.slug.strip():
        raise FormError("the cluster has no slug to name the form")
    rows = _check_actors(actors)
    instance_name = "concat(${respondent_name}, ' – ', ${today})"
    form_id = f"{cluster.slug}-{kind}"
    lists = choice_lists(_list_names(body))
    if version is None:
        content = repr((kind, form_id, title, body, lists, rows, instance_name))
        version = hashlib.sha256(content.encode()).hexdigest()[:10]
    meta = (
        Question("start", "start"),
        Question("end", "end"),
        Question("today", "today"),
        Question("calculate", "form_id", calculation=f"'{form_id}'"),
        Question("calculate", "form_version", calculation=f"'{version}'"),
    )
    return Form(
        kind=kind,
        form_id=form_id,
        title=title,
        version=version,
        children=(*meta, *body),
        choice_lists=lists,
        actors=rows,
        indicators=tuple(indicators),
        instance_name=instance_name,
    )


def _check_actors(actors: Sequence[ActorRow]) -> tuple[ActorRow, ...]:
    seen: set[int] = set()
    for actor in actors:
        if actor.id in seen:
            raise FormError(f"actor id {actor.id} is listed twice")
        if not actor.name.strip():
            raise FormError(f"actor {actor.id} has no name")
        if actor.kind not in ("enterprise", "institution"):
            raise FormError(
                f"actor {actor.id} ({actor.name}): kind {actor.kind!r} is neither "
                "'enterprise' nor 'institution'"
            )
        seen.add(actor.id)
    return tuple(actors)


def _list_names(children: Iterable[Question | Group]) -> set[str]:
    names: set[str] = set()
    for item in children:
        if isinstance(item, Group):
            names |= _list_names(item.children)
        elif item.type in SELECTS:
            names.add(item.choices)
    return names
