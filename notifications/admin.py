from django.contrib import admin

from .models import MessageTemplate, Notification


@admin.register(MessageTemplate)
class MessageTemplateAdmin(admin.ModelAdmin):
    list_display = ["event", "channel", "subject", "updated_at"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["event", "recipient_name", "channel", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "channel", "event"]
    # The wording and addresses are personal data: readable, never edited here.
    readonly_fields = [f.name for f in Notification._meta.fields]
