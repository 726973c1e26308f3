"""Fixed vocabularies of the synthetic meetings: themes, disciplines, languages, placeholders.

Only placeholders stand for people ("Expert 3 (Kenya)", "Interpreter AR 1"); organizations are
public bodies or numbered placeholders ("NGO 3", "Institute 2 of the PNI").
"""

from __future__ import annotations

DISCIPLINES: dict[str, str] = {
    "probation": "Probation services and community sanctions",
    "prison_administration": "Prison management and prison staff",
    "social_work": "Social work and social services",
    "health": "Health care, mental health and treatment of substance use disorders",
    "education_employment": "Education, vocational training and employment",
    "law_enforcement": "Police and other law enforcement",
    "prosecution_judiciary": "Prosecution services and the judiciary",
    "policy_legislation": "Criminal justice policy and legislation",
    "research": "Research, data and evaluation",
    "civil_society": "Civil society and community organizations",
    "victim_services": "Services for victims of crime",
}

# (theme, disciplines wanted on its panels and seats, sub-topics for sub-items)
THEMES: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    (
        "Rehabilitative prison environments and prison-based programmes",
        ("prison_administration", "health", "education_employment"),
        (
            "education and vocational training in prison",
            "health care and treatment of substance use disorders",
            "dynamic security and the role of prison staff",
            "classification and individual sentence planning",
            "prison work and employment",
            "contact with families",
        ),
    ),
    (
        "Non-custodial measures and probation",
        ("probation", "prosecution_judiciary", "social_work"),
        (
            "alternatives to pre-trial detention",
            "community service orders",
            "electronic monitoring",
            "probation supervision and case management",
            "diversion and restorative justice",
            "sentencing practice and non-custodial measures",
        ),
    ),
    (
        "Post-release support and social reintegration",
        ("social_work", "education_employment", "health"),
        (
            "housing on release",
            "employment support after release",
            "continuity of health care",
            "mentoring and peer support",
            "through-the-gate services",
            "criminal records and barriers to reintegration",
        ),
    ),
    (
        "Community involvement and the role of civil society",
        ("civil_society", "victim_services", "social_work"),
        (
            "partnerships with civil society organizations",
            "volunteers in prisons and probation",
            "victim-sensitive approaches",
            "faith-based and community organizations",
            "public attitudes and the media",
            "local government and reintegration",
        ),
    ),
    (
        "Specific groups: women, young adults and foreign nationals",
        ("social_work", "health", "policy_legislation"),
        (
            "women in contact with the criminal justice system",
            "young adults",
            "foreign nationals",
            "persons with mental health conditions",
            "older prisoners",
            "prisoners with dependent children",
        ),
    ),
    (
        "Data, research and evaluation",
        ("research", "policy_legislation"),
        (
            "measuring reoffending",
            "evaluation of rehabilitation programmes",
            "risk and needs assessment",
            "data sharing between agencies",
            "research partnerships",
            "cost-effectiveness of interventions",
        ),
    ),
)

# The language a State's delegation usually works in at the UN; every other State: English.
_BY_LANGUAGE: dict[str, tuple[str, ...]] = {
    "ar": (
        "DZA", "BHR", "COM", "DJI", "EGY", "IRQ", "JOR", "KWT", "LBN", "LBY", "MRT",
        "MAR", "OMN", "QAT", "SAU", "SOM", "SDN", "SYR", "TUN", "ARE", "YEM", "PSE",
    ),
    "zh": (
        "CHN",
    ),
    "ru": (
        "RUS", "BLR", "KAZ", "KGZ", "TJK", "TKM", "UZB",
    ),
    "es": (
        "ARG", "BOL", "CHL", "COL", "CRI", "CUB", "DOM", "ECU", "SLV", "GTM", "HND",
        "MEX", "NIC", "PAN", "PRY", "PER", "URY", "VEN", "ESP", "GNQ",
    ),
    "fr": (
        "FRA", "BEL", "LUX", "MCO", "CHE", "BEN", "BFA", "BDI", "CMR", "CAF", "TCD",
        "COD", "COG", "CIV", "GAB", "GIN", "MDG", "MLI", "NER", "SEN", "TGO", "HTI",
    ),
}  # fmt: skip
STATE_LANGUAGE: dict[str, str] = {c: lang for lang, cs in _BY_LANGUAGE.items() for c in cs}

# Placeholder words by language and role: (generic or masculine form, feminine form).
ROLE_WORDS: dict[str, dict[str, tuple[str, str]]] = {
    "en": {
        "head": ("Head of delegation", "Head of delegation"),
        "expert": ("Expert", "Expert"),
        "adviser": ("Adviser", "Adviser"),
    },
    "fr": {
        "head": ("Chef de délégation", "Cheffe de délégation"),
        "expert": ("Expert", "Experte"),
        "adviser": ("Conseiller", "Conseillère"),
    },
    "es": {
        "head": ("Jefe de delegación", "Jefa de delegación"),
        "expert": ("Experto", "Experta"),
        "adviser": ("Asesor", "Asesora"),
    },
    "ru": {
        "head": ("Глава делегации", "Глава делегации"),
        "expert": ("Эксперт", "Эксперт"),
        "adviser": ("Советник", "Советник"),
    },
    "ar": {
        "head": ("رئيس الوفد", "رئيسة الوفد"),
        "expert": ("خبير", "خبيرة"),
        "adviser": ("مستشار", "مستشارة"),
    },
    "zh": {
        "head": ("代表团团长", "代表团团长"),
        "expert": ("专家", "专家"),
        "adviser": ("顾问", "顾问"),
    },
}

# Public bodies that attend Vienna crime-prevention meetings: (id, name, working language).
UN_ENTITIES: tuple[tuple[str, str, str], ...] = (
    ("UNDP", "United Nations Development Programme", "en"),
    ("UNICEF", "United Nations Children's Fund", "en"),
    ("WHO", "World Health Organization", "en"),
    ("OHCHR", "Office of the United Nations High Commissioner for Human Rights", "en"),
    ("UN-WOMEN", "United Nations Entity for Gender Equality and the Empowerment of Women", "en"),
    ("ILO", "International Labour Organization", "fr"),
    ("UNHCR", "Office of the United Nations High Commissioner for Refugees", "en"),
    ("UNESCO", "United Nations Educational, Scientific and Cultural Organization", "fr"),
    ("UNFPA", "United Nations Population Fund", "en"),
    ("UNAIDS", "Joint United Nations Programme on HIV/AIDS", "en"),
)
IGOS: tuple[tuple[str, str, str], ...] = (
    ("EU", "European Union", "en"),
    ("COE", "Council of Europe", "fr"),
    ("INTERPOL", "International Criminal Police Organization", "en"),
    ("AU", "African Union", "en"),
    ("OAS", "Organization of American States", "es"),
    ("LAS", "League of Arab States", "ar"),
    ("OSCE", "Organization for Security and Co-operation in Europe", "en"),
    ("IOM", "International Organization for Migration", "en"),
    ("CIS", "Commonwealth of Independent States", "ru"),
    ("ASEAN", "Association of Southeast Asian Nations", "en"),
)
