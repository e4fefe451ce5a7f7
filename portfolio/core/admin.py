"""Admin base classes shared by the content apps, and the edit history of topics."""

import reversion
from django.contrib import admin, messages
from reversion.admin import VersionAdmin
from taggit.models import Tag, TaggedItem

# Every change made in the admin is kept as a revision (who, when, what), which
# can be restored from the entry's history; deleted entries can be recovered.
# Topics travel with the entries they tag.
reversion.register(Tag)
reversion.register(TaggedItem, follow=("tag",))


class HistoryAdmin(VersionAdmin):
    """An admin whose changes are versioned and can be reverted or recovered."""

    history_latest_first = True


class PublishableAdmin(HistoryAdmin):
    """Bulk publish/hide actions and read-only timestamps."""

    actions = ["make_public", "make_hidden"]
    readonly_fields = ("created_at", "updated_at")
    list_per_page = 50

    def set_visibility(self, request, queryset, public: bool) -> int:
        # Saved one by one, so that each change enters the history with its author.
        count = 0
        with reversion.create_revision():
            reversion.set_user(request.user)
            for obj in queryset:
                if obj.is_published != public:
                    obj.is_published = public
                    obj.save(update_fields=["is_published", "updated_at"])
                    self.log_change(request, obj, [{"changed": {"fields": ["public"]}}])
                    count += 1
        return count

    @admin.action(description="Make the selected entries public")
    def make_public(self, request, queryset):
        count = self.set_visibility(request, queryset, True)
        self.message_user(request, f"{count} made public.", messages.SUCCESS)

    @admin.action(description="Hide the selected entries from the public site")
    def make_hidden(self, request, queryset):
        count = self.set_visibility(request, queryset, False)
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
