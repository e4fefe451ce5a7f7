"""Admin base classes shared by the content apps."""

from django.contrib import admin, messages


class PublishableAdmin(admin.ModelAdmin):
    """Bulk publish/hide actions and read-only timestamps."""

    actions = ["make_public", "make_hidden"]
    readonly_fields = ("created_at", "updated_at")
    list_per_page = 50

    @admin.action(description="Make the selected entries public")
    def make_public(self, request, queryset):
        count = queryset.update(is_published=True)
        self.message_user(request, f"{count} made public.", messages.SUCCESS)

    @admin.action(description="Hide the selected entries from the public site")
    def make_hidden(self, request, queryset):
        count = queryset.update(is_published=False)
        self.message_user(request, f"{count} hidden.", messages.SUCCESS)


class TaggedAdmin(PublishableAdmin):
    """Shows topics in the changelist with one prefetch query, not one per row."""

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("tags")

    def view_on_site(self, obj):
        # Hidden entries have no public page to view.
        if obj.is_published and hasattr(obj, "get_absolute_url"):
            return obj.get_absolute_url()
        return None

    @admin.display(description="topics")
    def topic_list(self, obj):
        return ", ".join(sorted(tag.name for tag in obj.tags.all()))


TAG_FILTER = ("tags", admin.RelatedOnlyFieldListFilter)
