"""Where imported rows came from, so that a source read again (ORCID) updates
what it wrote and nothing else."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


class Origin(models.Model):
    """One row of the site (a publication, a position, an award, a profile link,
    the profile) as an item of a source: ``source_key`` names the item there
    ("orcid:0000-0002-1825-0097:work:4562455"), and ``values`` are the field
    values the source last gave it.

    A field of the row still equal to its value here was not edited on the site,
    and takes the source's next value; a field edited here is kept. The row is
    not a foreign key of the origin: when the row is deleted, its origin stays,
    and says that the item must not come back."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    entry = GenericForeignKey("content_type", "object_id")
    source = models.CharField(max_length=30)
    source_key = models.CharField(max_length=200)
    values = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "source_key"], name="one_origin_per_item_and_type"
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return self.source_key
