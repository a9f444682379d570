from django import template

from learners.selectors_workqueue import stage_label
from workqueue.queues import days_since

register = template.Library()

register.filter("days_since", days_since)
register.filter("stage_label", stage_label)
