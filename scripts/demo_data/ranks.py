"""Rank titles by language, lowest first, and the roles people hold on deployment."""

MILITARY = {
    "en": ("Private", "Lance Corporal", "Corporal", "Sergeant", "Warrant Officer", "Lieutenant",
           "Captain", "Major", "Lieutenant Colonel", "Colonel"),
    "fr": ("Soldat", "Caporal", "Caporal-chef", "Sergent", "Adjudant", "Lieutenant", "Capitaine",
           "Commandant", "Lieutenant-colonel", "Colonel"),
    "es": ("Soldado", "Cabo", "Cabo Primero", "Sargento", "Suboficial", "Teniente", "Capitán",
           "Mayor", "Teniente Coronel", "Coronel"),
    "pt": ("Soldado", "Cabo", "Terceiro-Sargento", "Sargento", "Subtenente", "Tenente", "Capitão",
           "Major", "Tenente-Coronel", "Coronel"),
    "un": ("Pte", "LCpl", "Cpl", "Sgt", "WO", "Lt", "Capt", "Maj", "Lt Col", "Col"),
}
POLICE = {
    "en": ("Constable", "Constable", "Corporal", "Sergeant", "Sergeant", "Inspector", "Inspector",
           "Chief Inspector", "Superintendent", "Superintendent"),
    "fr": ("Gendarme", "Gendarme", "Brigadier", "Maréchal des logis", "Adjudant", "Lieutenant",
           "Capitaine", "Commandant", "Commissaire", "Commissaire"),
    "es": ("Agente", "Agente", "Cabo", "Sargento", "Suboficial", "Oficial", "Oficial", "Comisario",
           "Comisario", "Comisario Mayor"),
    "pt": ("Soldado PM", "Soldado PM", "Cabo PM", "Sargento PM", "Subtenente PM", "Tenente PM",
           "Capitão PM", "Major PM", "Tenente-Coronel PM", "Coronel PM"),
    "un": ("Cst", "Cst", "Cpl", "Sgt", "Sgt", "Insp", "Insp", "CI", "Supt", "Supt"),
}
CATEGORIES = ("military", "police", "civilian", "contractor")
ROLES = (
    ("infantry", "infantry", "infantry", "staff officer", "military observer", "engineer",
     "medical", "logistics"),
    ("formed police unit", "formed police unit", "individual police officer"),
    ("civilian staff",),
    ("contractor",),
)


def rank_title(category: int, level: int, language: str) -> str:
    """The rank in the language of the record; civilians and contractors have none."""
    if category == 0:
        return MILITARY[language][level]
    if category == 1:
        return POLICE[language][level]
    return ""


def unit_name(category: int, contingent: str, number: int, code: str) -> str:
    """The contingent as records name it, e.g. BANBAT-7 or BGD FPU-3."""
    if category == 0:
        return f"{contingent}-{number}"
    if category == 1:
        return f"{code} FPU-{number}"
    return "Mission Support" if category == 2 else ""
