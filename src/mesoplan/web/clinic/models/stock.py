"""The clinic's stock: each lot of a product as it was received. What was used is not kept here but
counted from the sessions' product lines (`ProductUse`, matched by lot), so it cannot drift from the charts."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from mesoplan.web.clinic.models.organisation import Organisation


class StockLot(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="stock_lots")
    product_name = models.CharField(_("product"), max_length=120)
    ingredient = models.CharField(_("ingredient"), max_length=40)  # an ingredients.yaml id
    lot = models.CharField(_("lot number"), max_length=60)
    expiry = models.DateField(_("expiry"), null=True, blank=True)
    quantity_received = models.PositiveIntegerField(_("units received"), validators=[MinValueValidator(1)])
    received_on = models.DateField(_("received on"))
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("product_name", "lot", "id")
        indexes = (models.Index(fields=["organisation", "lot"], name="clinic_stock_lot"),)
