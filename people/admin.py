from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from people.models import Speaker, SpeakerAlias, User

admin.site.register(User, UserAdmin)


class SpeakerAliasInline(admin.TabularInline):
    model = SpeakerAlias
    extra = 0


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "affiliation", "website")
    search_fields = ("name", "slug", "affiliation", "aliases__name")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (SpeakerAliasInline,)


@admin.register(SpeakerAlias)
class SpeakerAliasAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "speaker", "created_at")
    search_fields = ("name", "slug", "speaker__name")
    autocomplete_fields = ("speaker",)
    list_select_related = ("speaker",)
