"""The minimum vocabulary of the interface contract (shared/spec/contract.md §1).

The knowledge base may add ids; it may not rename or drop these, so the loader
refuses a knowledge base that lacks any of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

MIN_VOCABULARY: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType({
    "zone": (
        "forehead", "glabella", "periorbital", "nose", "cheeks", "perioral", "lips", "chin",
        "jawline", "neck", "decollete", "scalp", "abdomen", "thighs", "buttocks", "arms", "back", "hands",
    ),
    "goal": (
        "hydration", "texture", "pores", "fine_lines", "wrinkles", "acne_scars", "scars",
        "pigmentation", "melasma", "laxity", "cellulite", "local_fat", "hair_loss",
        "post_hair_transplant", "stretch_marks", "dullness",
    ),
    "condition": (
        "pregnancy", "breastfeeding", "cancer", "diabetes_insulin", "coagulation_disorder",
        "cardiac_disease", "paralysis_history", "urticaria", "eczema", "psoriasis",
        "atopic_dermatitis", "rosacea", "vitiligo", "keloid_tendency", "herpes_active",
        "herpes_simplex_history", "active_acne", "rash", "skin_infection", "open_wound", "sunburn",
        "common_cold", "infectious_disease", "immunosuppression", "skin_cancer_in_area",
        "severe_scarring",
    ),
    "medication": (
        "antibiotic", "anticoagulant", "antiplatelet", "aspirin", "nsaid", "hormonal",
        "isotretinoin", "immunosuppressant", "insulin", "fish_oil", "garlic", "ginkgo",
        "vitamin_e", "topical_retinoid", "topical_vitamin_c", "topical_acids", "minoxidil",
    ),
    "procedure": (
        "chemical_peel", "mechanical_peel", "laser_hair_removal", "laser_resurfacing",
        "botulinum_toxin", "dermal_filler", "injection", "hair_transplant", "microneedling",
        "mesotherapy", "rf_microneedling",
    ),
    "device": (
        "dermaroller", "derma_stamp", "derma_pen", "professional_pen", "meso_gun",
        "electroporation", "rf_microneedling", "negative_pressure_injector",
    ),
    "ingredient": (
        "hyaluronic_acid", "vitamin_cocktail", "vitamin_c", "peptides", "growth_factors", "prp",
        "tranexamic_acid", "minoxidil", "amino_acids", "plant_extracts", "minerals", "enzymes",
        "hormones", "retinol", "aha_bha", "dexpanthenol", "lidocaine", "nickel",
    ),
})
